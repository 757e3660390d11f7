"""JSON text to values, bounded and forgiving: files cut off mid-way are closed, raw line
breaks inside strings are accepted, and nesting deeper than any article needs is refused
before the parser can exhaust the stack."""

from __future__ import annotations

import json
import re
from typing import Any

# No article record nests this deep (WordPress REST with embeds reaches about 8); a file
# that does is a mistake or an attack, and Python's parser would overflow on it.
MAX_JSON_DEPTH = 100

_PARTIAL_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{0,3})?$")
# A whole string (skipped at C speed) or one bracket. The string's runs of plain
# characters are matched by one class each, possessively (giving any back cannot find its
# end), not one alternation per character: some ten times faster on article records.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}]', re.DOTALL)


class JsonTooDeep(ValueError):
    """The JSON nests deeper than MAX_JSON_DEPTH."""


def json_nesting_depth(text: str, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep brackets nest outside strings; counting stops once past `limit`."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif token in "]}":
            depth = max(depth - 1, 0)
    return deepest


def closed_json_candidates(text: str) -> list[str]:
    """Ways to close a JSON text that was cut off: end the open string, close what is open.

    The last candidate goes back to the last comma outside a string, for a cut inside a
    number, a literal or a key.
    """
    closers: list[str] = []
    in_string = escaped = False
    last_comma: tuple[int, list[str]] | None = None
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            closers.append("}" if char == "{" else "]")
        elif char in "}]" and closers:
            closers.pop()
        elif char == ",":
            last_comma = (index, list(closers))
    head = text.rstrip()
    if in_string:
        head = _PARTIAL_ESCAPE.sub("", text) + '"'
    head = head.rstrip().rstrip(",")
    end = "".join(reversed(closers))
    candidates = [head + end, head + ": null" + end]
    if head.endswith(":"):
        candidates.insert(0, head + " null" + end)
    if last_comma is not None:
        candidates.append(text[: last_comma[0]] + "".join(reversed(last_comma[1])))
    return candidates


def _loads(text: str) -> Any:
    try:
        return json.loads(text, strict=False)
    except RecursionError as error:
        raise JsonTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels") from error


def json_value_of(text: str) -> tuple[Any, bool]:
    """The parsed JSON and whether it had to be repaired because the file was cut off.

    Raises JsonTooDeep past MAX_JSON_DEPTH levels, ValueError when no repair parses.
    """
    if json_nesting_depth(text) > MAX_JSON_DEPTH:
        raise JsonTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return _loads(text), False
    except JsonTooDeep:
        raise
    except ValueError as error:
        first_error = error
    for candidate in closed_json_candidates(text):
        try:
            return _loads(candidate), True
        except ValueError:
            continue
    raise first_error
