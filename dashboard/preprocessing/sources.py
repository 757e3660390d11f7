"""The outlet registry (`data/sources.csv`): names, aliases and domains of outlets.

The file is data users edit; `source_registry_from_csv` reads and checks it, and the
registry answers "which outlet is this name / this URL?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.preprocessing import patterns
from dashboard.preprocessing.reference_files import reference_rows_from_csv
from dashboard.schema import OUTLET_KINDS

SOURCES_COLUMNS = ("outlet", "aliases", "domains", "country", "kind")


class SourcesFileError(ValueError):
    """`data/sources.csv` cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Outlet:
    name: str
    country: str
    kind: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


def outlet_key(name: str) -> str:
    """How outlet names are compared: "The Japan Times", "JapanTimes", "japan times" agree."""
    key = patterns.NON_ALPHANUMERIC.sub("", name.casefold())
    return key[3:] if key.startswith("the") and len(key) > 6 else key


def domain_of_url(url: str) -> str:
    """`https://www.koreapro.org/2024/...` -> `koreapro.org`; empty for a string with no host."""
    if "//" not in url:
        url = "//" + url
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host if "." in host else ""


@dataclass(frozen=True)
class SourceRegistry:
    outlets: tuple[Outlet, ...]
    _by_key: dict[str, Outlet] = field(default_factory=dict, repr=False)
    _by_domain: dict[str, Outlet] = field(default_factory=dict, repr=False)
    _spoke_to: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def from_outlets(cls, outlets: tuple[Outlet, ...]) -> SourceRegistry:
        by_key = {outlet_key(name): outlet for outlet in outlets for name in (outlet.name, *outlet.aliases)}
        by_domain = {domain: outlet for outlet in outlets for domain in outlet.domains}
        names = sorted(
            {name for outlet in outlets for name in (outlet.name, *outlet.aliases) if len(name) >= 3},
            key=len,
            reverse=True,
        )
        spoke_to = (
            re.compile(patterns.SPOKE_TO_OUTLET_TEMPLATE.format(outlets="|".join(map(re.escape, names))))
            if names
            else None
        )
        return cls(outlets, by_key, by_domain, spoke_to)

    def outlet_named(self, name: str) -> Outlet | None:
        return self._by_key.get(outlet_key(name))

    def outlet_for_url(self, url: str) -> Outlet | None:
        """The outlet whose domain is the URL's host or a parent of it (en.yna.co.kr -> yna.co.kr)."""
        host = domain_of_url(url)
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            _, _, host = host.partition(".")
            if "." not in host:
                return None
        return None

    def outlets_spoken_to(self, text: str) -> list[Outlet]:
        """Outlets that people in the text speak to ("she told NK News"), one per occurrence."""
        if self._spoke_to is None:
            return []
        found = (self.outlet_named(match.group("outlet")) for match in self._spoke_to.finditer(text))
        return [outlet for outlet in found if outlet is not None]


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def source_registry_from_rows(rows: list[dict[str, str]], origin: str = "sources.csv") -> SourceRegistry:
    """Check the rows of a sources file and build the registry; the first problem raises.

    `rows` are dicts keyed by SOURCES_COLUMNS; line numbers in messages count the header as 1.
    """
    outlets: list[Outlet] = []
    name_owner: dict[str, tuple[str, int]] = {}
    domain_owner: dict[str, tuple[str, int]] = {}
    for line, row in enumerate(rows, start=2):
        name = (row.get("outlet") or "").strip()
        if not name:
            raise SourcesFileError(f"{origin}, line {line}: the outlet name is empty. Fill in `outlet` or delete the line.")
        kind = (row.get("kind") or "").strip().lower()
        if kind not in OUTLET_KINDS:
            raise SourcesFileError(
                f"{origin}, line {line}: kind {kind!r} for {name!r} is not one of {', '.join(OUTLET_KINDS)}. Use one of those."
            )
        aliases = _split_list(row.get("aliases") or "")
        domains = tuple(domain_of_url(domain) or domain.lower() for domain in _split_list(row.get("domains") or ""))
        for alias in (name, *aliases):
            key = outlet_key(alias)
            if key in name_owner and name_owner[key][0] != name:
                owner, owner_line = name_owner[key]
                raise SourcesFileError(
                    f"{origin}, line {line}: the name {alias!r} of {name!r} is already used by {owner!r} on line {owner_line}. "
                    "Keep it on one outlet only."
                )
            if key in name_owner and name_owner[key][0] == name and name_owner[key][1] != line:
                raise SourcesFileError(f"{origin}, line {line}: {name!r} is listed twice (also on line {name_owner[key][1]}). Merge the two lines.")
            name_owner[key] = (name, line)
        for domain in domains:
            if domain in domain_owner:
                owner, owner_line = domain_owner[domain]
                raise SourcesFileError(
                    f"{origin}, line {line}: the domain {domain!r} of {name!r} is already given to {owner!r} on line {owner_line}. "
                    "Keep it on one outlet only."
                )
            domain_owner[domain] = (name, line)
        outlets.append(Outlet(name, (row.get("country") or "").strip(), kind, aliases, domains))
    return SourceRegistry.from_outlets(tuple(outlets))


def source_registry_from_csv(path: Path) -> SourceRegistry:
    """Read and check `data/sources.csv`."""
    return source_registry_from_rows(reference_rows_from_csv(path, SOURCES_COLUMNS, SourcesFileError), origin=str(path))
