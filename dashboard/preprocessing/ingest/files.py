"""The reading edge: input folders to files, files to raw articles or rejections.

Every problem with a file becomes a `Rejection` with a reason; nothing here raises for
bad content. Record files (CSV, JSON Lines) are streamed, so memory does not grow with
their size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.ingest import formats
from dashboard.preprocessing.ingest.decode import NotText, binary_kind, encoding_of, text_from_bytes
from dashboard.preprocessing.records import RawArticle, Rejection

HEAD_BYTES = 64 * 1024


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


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def _articles_in_file(file: InputFile) -> Iterator[RawArticle | Rejection]:
    source_path = file.source_path
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
    head_text = head.decode(encoding, errors="ignore")
    file_format = formats.format_of(head_text, file.path.suffix)
    if file_format.refusal is not None:
        yield Rejection(source_path, file_format.refusal(head_text))
        return
    assert file_format.reader is not None
    if size > file_format.max_bytes:
        yield Rejection(
            source_path, f"too large for a {file_format.title} file: {_mebibytes(size)}, the limit is {_mebibytes(file_format.max_bytes)}"
        )
        return
    if file_format.streamed:
        with file.path.open(encoding=encoding, errors="replace", newline="") as text_handle:
            yield from file_format.reader(text_handle, source_path)
        return
    text = text_from_bytes(file.path.read_bytes())
    if not text.strip():
        yield Rejection(source_path, "contains only white space")
        return
    yield from file_format.reader(text, source_path)


def raw_articles_from_file(file: InputFile) -> Iterator[RawArticle | Rejection]:
    """The raw articles in one file, or rejections saying why (part of) it was not used.

    Nothing a file holds can stop the build: an error no rule foresaw becomes one more
    rejection, and the articles read before it are kept.
    """
    source_path = file.source_path
    read = 0
    try:
        for item in _articles_in_file(file):
            read += isinstance(item, RawArticle)
            yield item
    except NotText as error:
        yield Rejection(source_path, f"not an article: {error}")
    except OSError as error:
        yield Rejection(source_path, f"cannot be read: {error.strerror or error}")
    except Exception as error:  # noqa: BLE001 - a bug met by one file must not lose the corpus
        kept = f"; {read} article{'s' if read > 1 else ''} read before it {'were' if read > 1 else 'was'} kept" if read else ""
        yield Rejection(source_path, f"could not be read (internal error {type(error).__name__}: {error}){kept}; please report it")
