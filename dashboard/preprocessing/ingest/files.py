"""The reading edge: input folders to files, files to raw articles or rejections.

Every problem with a file becomes a `Rejection` with a reason; nothing here raises for
bad content. Record files (CSV, JSON Lines) are streamed, so memory does not grow with
their size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.ingest import detect, readers
from dashboard.preprocessing.ingest.decode import NotText, binary_kind, encoding_of, text_from_bytes
from dashboard.preprocessing.records import RawArticle, Rejection

# Size limits, documented in the README. A page or a single JSON document larger than
# these is not an article but a mistake (a database dump, a video renamed .txt).
MAX_DOCUMENT_BYTES = 20 * 2**20
MAX_JSON_BYTES = 200 * 2**20
MAX_RECORD_FILE_BYTES = 4 * 2**30
HEAD_BYTES = 64 * 1024

_STREAMED_FORMATS = (detect.CSV, detect.JSON_LINES)


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_path: str


def input_files(inputs: list[Path]) -> list[InputFile]:
    """Every file under the inputs, in a stable order; hidden files and folders are skipped.

    `source_path` is relative to the input folder (a file given directly keeps its name).
    Raises FileNotFoundError for an input that does not exist.
    """
    files: list[InputFile] = []
    for root in inputs:
        if root.is_file():
            files.append(InputFile(root, root.name))
        elif root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                    files.append(InputFile(path, relative.as_posix()))
        else:
            raise FileNotFoundError(f"input {root} does not exist")
    return files


def _size_limit(file_format: str) -> int:
    if file_format in _STREAMED_FORMATS:
        return MAX_RECORD_FILE_BYTES
    return MAX_JSON_BYTES if file_format == detect.JSON else MAX_DOCUMENT_BYTES


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def raw_articles_from_file(file: InputFile) -> Iterator[RawArticle | Rejection]:
    """The raw articles in one file, or rejections saying why (part of) it was not used."""
    source_path = file.source_path
    try:
        size = file.path.stat().st_size
        if size == 0:
            yield Rejection(source_path, "empty file (0 bytes)")
            return
        with file.path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        kind = binary_kind(head)
        if kind:
            yield Rejection(source_path, f"not an article: {kind}")
            return
        encoding = encoding_of(head)
        file_format = detect.format_of(head.decode(encoding, errors="ignore"), file.path.suffix)
        if file_format == detect.FEED:
            yield Rejection(source_path, "an RSS/Atom feed, not an article page; save each article as a page, or export the feed to CSV")
            return
        if file_format == detect.CSV_WITHOUT_TEXT:
            header = head.decode(encoding, errors="replace").split("\n", 1)[0][:200]
            yield Rejection(
                source_path,
                f"CSV without an article-text column (needs one of {', '.join(detect.TEXT_FIELDS)}; header is: {header})",
            )
            return
        limit = _size_limit(file_format)
        if size > limit:
            yield Rejection(source_path, f"too large for a {file_format} file: {_mebibytes(size)}, the limit is {_mebibytes(limit)}")
            return
        if file_format in _STREAMED_FORMATS:
            with file.path.open(encoding=encoding, errors="replace", newline="") as text_handle:
                if file_format == detect.CSV:
                    yield from readers.articles_from_csv(text_handle, source_path)
                else:
                    yield from readers.articles_from_json_lines(text_handle, source_path)
            return
        text = text_from_bytes(file.path.read_bytes())
        if not text.strip():
            yield Rejection(source_path, "contains only white space")
            return
        if file_format == detect.JSON:
            yield from readers.articles_from_json(text, source_path)
        elif file_format == detect.HTML:
            yield from readers.articles_from_html(text, source_path)
        else:
            yield from readers.articles_from_text(text, source_path)
    except NotText as error:
        yield Rejection(source_path, f"not an article: {error}")
    except OSError as error:
        yield Rejection(source_path, f"cannot be read: {error.strerror or error}")
