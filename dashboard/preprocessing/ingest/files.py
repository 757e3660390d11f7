"""The reading edge: input folders to files, files to raw articles or rejections.

Every problem with a file becomes a `Rejection` with a reason; nothing here raises for
bad content. Record files (CSV, JSON Lines) are streamed, so memory does not grow with
their size.
"""

from __future__ import annotations

import io
import os
import stat
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.ingest import containers, formats
from dashboard.preprocessing.ingest.decode import NotText, binary_kind, encoding_of, text_from_bytes
from dashboard.preprocessing.records import RawArticle, Rejection

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class InputFile:
    """One entry found under an input: a file, or a link or special file to be accounted for.

    `root` is the input folder it was found in (None for a file given directly);
    `follow_links` says whether a symbolic link may be read (inside `root` only).
    """

    path: Path
    source_path: str
    root: Path | None = None
    follow_links: bool = False


def printable_path(relative: str) -> str:
    """A path as text that every writer accepts: bytes that are not UTF-8 in a file name
    (kept by Python as surrogates) become U+FFFD."""
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _entries_under(root: Path, follow_links: bool) -> list[Path]:
    """Every non-folder entry under `root`, hidden ones left out. A link to a folder is an
    entry of its own (to be refused with a reason) unless links are followed and it leads
    to a folder inside `root` not seen yet, so a loop or a way out is never walked."""
    found: list[Path] = []
    real_root = root.resolve()
    seen = {real_root}
    for folder, subfolders, names in os.walk(root, followlinks=follow_links):
        base = Path(folder)
        kept = []
        for name in subfolders:
            if name.startswith("."):
                continue
            path = base / name
            if path.is_symlink():
                target = path.resolve()
                if not follow_links or not target.is_relative_to(real_root) or target in seen:
                    found.append(path)
                    continue
                seen.add(target)
            kept.append(name)
        subfolders[:] = kept
        found.extend(base / name for name in names if not name.startswith("."))
    return found


def input_files(inputs: list[Path], follow_links: bool = False) -> list[InputFile]:
    """Every entry under the inputs, in a stable order; hidden files and folders are skipped.

    Links, FIFOs and other special entries are listed too, so that reading can account
    for them with a reason. `source_path` is relative to the input folder (a file given
    directly keeps its name). Raises FileNotFoundError for an input that does not exist.
    """
    files: list[InputFile] = []
    for root in inputs:
        if root.is_dir():
            entries = _entries_under(root, follow_links)
            relative = sorted((path.relative_to(root).as_posix(), path) for path in entries)
            files.extend(InputFile(path, printable_path(name), root, follow_links) for name, path in relative)
        elif root.exists() or root.is_symlink():
            files.append(InputFile(root, printable_path(root.name), None, True))
        else:
            raise FileNotFoundError(f"input {root} does not exist")
    return files


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"),
)


def _refusal_of_entry(file: InputFile) -> str | None:
    """Why an entry is not read as a file: a link not to be followed or leading outside
    the input folders, or a special file; None for a regular file."""
    mode = file.path.lstat().st_mode
    if stat.S_ISLNK(mode):
        if not file.follow_links:
            return "a symbolic link, not followed (build --follow-links reads links that stay inside the input folders)"
        target = file.path.resolve()
        if file.root is not None and not target.is_relative_to(file.root.resolve()):
            return "a symbolic link to a place outside the input folders; not read"
        if not target.exists():
            return "a symbolic link to nothing (its target is missing)"
        mode = target.stat().st_mode
    for is_kind, kind in _SPECIAL_KINDS:
        if is_kind(mode):
            return f"not a regular file: {kind}"
    return None


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def _articles_in_file(file: InputFile) -> Iterator[RawArticle | Rejection]:
    source_path = file.source_path
    refusal = _refusal_of_entry(file)
    if refusal:
        yield Rejection(source_path, refusal)
        return
    size = file.path.stat().st_size
    if size == 0:
        yield Rejection(source_path, "empty file (0 bytes)")
        return
    with file.path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    container = containers.container_of(head, file.path.suffix)
    if container:
        yield from _articles_in_container(file, container, size)
        return
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


def _text_of_container(path: Path, container: str) -> str:
    if container == containers.DOCX:
        return containers.text_from_docx(path.read_bytes())
    if container == containers.PDF:
        return containers.text_from_pdf(path.read_bytes())
    return containers.text_from_rtf(text_from_bytes(path.read_bytes()))


def _articles_in_container(file: InputFile, container: str, size: int) -> Iterator[RawArticle | Rejection]:
    """A DOCX, PDF or RTF file: its text, then detected and read like any text file (a
    database export, or a single article saved as a document)."""
    source_path = file.source_path
    if size > formats.MAX_CONTAINER_BYTES:
        yield Rejection(
            source_path, f"too large for a {container.upper()} file: {_mebibytes(size)}, the limit is {_mebibytes(formats.MAX_CONTAINER_BYTES)}"
        )
        return
    try:
        text = _text_of_container(file.path, container)
    except containers.UnreadableContainer as error:
        yield Rejection(source_path, f"not read: {error}")
        return
    if not text.strip():
        yield Rejection(source_path, f"a {container.upper()} file without any text")
        return
    file_format = formats.format_of(text[:HEAD_BYTES], file.path.suffix)
    if file_format.refusal is not None:
        yield Rejection(source_path, file_format.refusal(text[:HEAD_BYTES]))
        return
    assert file_format.reader is not None
    if len(text) > file_format.max_bytes:
        yield Rejection(source_path, f"too much text for a {file_format.title}: {len(text):,} characters in a {container.upper()} file")
        return
    yield from file_format.reader(io.StringIO(text, newline="") if file_format.streamed else text, source_path)


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
    except Exception as error:  # a bug met by one file must not lose the corpus
        kept = f"; {read} article{'s' if read > 1 else ''} read before it {'were' if read > 1 else 'was'} kept" if read else ""
        yield Rejection(
            source_path, f"could not be read ({type(error).__name__}){kept}; the details are in debug.log beside the tables",
            detail=traceback.format_exc(),
        )
