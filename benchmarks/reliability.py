"""Reliability: a build on thousands of hostile and random input files neither crashes nor loses a file.

    .venv/bin/python benchmarks/reliability.py                  # 10,000 files, seed 1
    .venv/bin/python benchmarks/reliability.py --files 300 --seed 7

It writes N files of many shapes (random bytes, broken page dumps, JSON nested 200,000
deep, lone surrogates, BOMs over the wrong encoding, CSV with 10,000 columns, HTML entity
bombs, names that are not UTF-8, FIFOs, symlink loops ...) into a temporary folder, runs
`python -m dashboard build --quiet` on it in a fresh process and reports:

- crashes: a Python traceback on stderr, an exit code other than 0 or 1, or a time-out;
- unaccounted files: input files named neither in `articles.parquet` nor `rejected.parquet`
  (hidden files are skipped by design and count as accounted for);

and which shapes those were. It exits 1 when either is above 0, so it can gate a release.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import machine_description  # noqa: E402

# A FIFO that a build opens would block it for ever: a build that takes this long is a crash.
BUILD_TIMEOUT_S = 3600
# Files per shape in the builds that trace a crash to its shapes: a crash needs one file.
ISOLATED_PER_SHAPE = 10
# `path#n` names the n-th record of a file; the file is the part before it.
RECORD_SUFFIX = re.compile(r"#\d+$")

_SENTENCES = [
    "Defense ministers from South Korea, Japan and the United States signed a memorandum on trilateral security cooperation on Sunday.",
    "The framework sets out regular policy consultations, information sharing and joint exercises, officials said.",
    "North Korea condemned the agreement as a step toward an Asian NATO and warned of countermeasures.",
    "Analysts in Seoul said the deal was meant to outlast changes of government in all three capitals.",
    "China's foreign ministry urged the three countries to stop forming exclusive blocs in the region.",
    "Minoru Kihara told reporters that Tokyo would host the next ministerial meeting later in the year.",
    "Critics in the opposition questioned whether the memorandum would bind a future administration.",
    "The Pentagon said the Freedom Edge exercise would be held again with more ships and aircraft.",
    "Shin Won-sik called the framework a milestone for peace and stability on the Korean Peninsula.",
    "Experts noted that public opinion in South Korea remained divided over closer ties with Japan.",
]
_OUTLETS = ["Yonhap", "The Japan Times", "NK News", "The Korea Herald", "Reuters"]
_WHITESPACE = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\u00a0", "\u2028", "\u3000", "\ufeff"]
_SUFFIXES = [".txt", ".json", ".jsonl", ".csv", ".tsv", ".html", ".htm", ".xml", ""]


@dataclass(frozen=True)
class Entry:
    """One thing written into the input folder, as the build should name it."""

    relative: bytes
    shape: str


# --- contents ---------------------------------------------------------------------------


def article_paragraphs(rng: random.Random) -> list[str]:
    """Three to six short paragraphs of a made-up news story (varied so few are duplicates)."""
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        chosen = rng.sample(_SENTENCES, rng.randint(2, 4))
        paragraphs.append(" ".join(chosen) + f" The talks lasted {rng.randint(2, 90)} minutes.")
    return paragraphs


def article_title(rng: random.Random) -> str:
    return f"{rng.choice(['Seoul', 'Tokyo', 'Washington'])} {rng.choice(['signs', 'backs', 'questions'])} security pact No. {rng.randint(1, 10**6)}"


def page_dump(rng: random.Random) -> bytes:
    """A page copied out of a browser: menu chrome, headline, body, date, footer."""
    lines = ["Skip to content", "Menu", "Search", article_title(rng), f"By {rng.choice(['Kim Min-ji', 'Staff', 'Jane Doe'])}",
             f"July {rng.randint(1, 28)}, 2024", *article_paragraphs(rng), "Share this article", "© 2024 All rights reserved."]
    return "\n".join(lines).encode("utf-8")


def truncated_page_dump(rng: random.Random) -> bytes:
    """A page dump cut anywhere, possibly inside a multi-byte character."""
    data = page_dump(rng).replace(b"signed", "signé".encode())
    return data[: rng.randint(0, len(data))]


def corrupted_page_dump(rng: random.Random) -> bytes:
    """A page dump with bytes overwritten, invalid UTF-8 inserted and lines repeated."""
    data = bytearray(page_dump(rng))
    for _ in range(rng.randint(1, 40)):
        data[rng.randrange(len(data))] = rng.randrange(1, 256)
    for _ in range(rng.randint(0, 5)):
        at = rng.randrange(len(data))
        data[at:at] = rng.choice([b"\xc3", b"\xed\xa0\x80", b"\xff\xfe", b"\x1b[31m", b"\r\r\n", b"\xe2\x80\xae"])
    lines = bytes(data).split(b"\n")
    return b"\n".join(lines + rng.sample(lines, min(len(lines), rng.randint(0, 4))))


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.choice([1, 7, 512, 4096, 70_000]))


def deep_json(rng: random.Random) -> bytes:
    """Arrays or objects nested 1 to 200,000 deep (log-uniform), sometimes unclosed."""
    depth = int(10 ** rng.uniform(0, 5.3))
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}"), (b'{"text":[', b"]}")])
    middle = rng.choice([b"1", b'"x"', b"{}", b""])
    closing = closer * depth if rng.random() < 0.7 else closer * rng.randint(0, depth)
    return opener * depth + middle + closing


def lone_surrogate_json(rng: random.Random) -> bytes:
    """A JSON article whose title or text holds an unpaired UTF-16 surrogate escape."""
    escape = rng.choice(["\\ud800", "\\udfff", "\\udbff\\u0041", "\\ud800\\ud800", "\\udc00x"])
    body = "\\n\\n".join(article_paragraphs(rng))
    record = rng.choice([
        f'{{"title": "{escape}", "text": "{body}"}}',
        f'{{"title": "Pact", "text": "{body} {escape}"}}',
        f'[{{"headline": "{escape}{escape}", "body": "{escape}"}}]',
        f'{{"title": "A", "date": "{escape}", "url": "https://x.example/{escape}", "text": "{body}"}}',
    ])
    return record.encode("ascii")


def huge_single_line(rng: random.Random, max_mib: int = 24) -> bytes:
    """One line of 1 to `max_mib` MiB: one letter, base64-like noise, a flat JSON array or bare tags."""
    size = rng.randint(1, max_mib) * 2**20
    unit = rng.choice([b"x", b"QUJD+/09", b"1,", b"<b></b>", b"&amp;"])
    body = unit * (size // len(unit))
    return b"[" + body + b"1]" if unit == b"1," else body


def empty_file(rng: random.Random) -> bytes:
    return b""


def whitespace_only(rng: random.Random) -> bytes:
    text = "".join(rng.choice(_WHITESPACE) for _ in range(rng.randint(1, 5000)))
    return text.encode(rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))


def bom_with_wrong_content(rng: random.Random) -> bytes:
    """Every byte-order mark, followed by text in another encoding (or a cut code unit)."""
    bom = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE])
    text = "\n".join(article_paragraphs(rng)) + " naïve café 서울"
    content = text.encode(rng.choice(["utf-8", "utf-16-le", "utf-16-be", "utf-32-be", "cp1252", "shift_jis"]), errors="replace")
    return bom + content[: len(content) - rng.randint(0, 3)]


def utf16_without_bom(rng: random.Random) -> bytes:
    return page_dump(rng).decode("utf-8").encode(rng.choice(["utf-16-le", "utf-16-be"]))


def csv_header_only(rng: random.Random) -> bytes:
    separator = rng.choice([",", "\t", ";"])
    return separator.join(["title", "date", "outlet", "url", "text"]).encode() + rng.choice([b"", b"\n", b"\r\n"])


def csv_broken_quoting(rng: random.Random) -> bytes:
    body = " ".join(article_paragraphs(rng))
    rows = [
        "title,date,text",
        f'"Unclosed title,2024-07-29,"{body}',
        f'A "quoted" mid field,2024-07-30,"{body}"" trailing',
        f'"{body}',
    ]
    return "\n".join(rng.sample(rows[1:], rng.randint(1, 3)) if rng.random() < 0.3 else rows).encode()


def csv_with_nul_bytes(rng: random.Random) -> bytes:
    body = " ".join(article_paragraphs(rng))
    return f"title,text\nPact\x00 signed,\"{body}\x00\"\n\x00\x00,\x00\n".encode()


def csv_many_columns(rng: random.Random) -> bytes:
    """A header of 10,000 columns, one of them `text`, and a row or two."""
    names = [f"c{i}" for i in range(10_000)]
    names[rng.randrange(len(names))] = "text"
    row = ["x"] * len(names)
    row[names.index("text")] = " ".join(article_paragraphs(rng))
    return (",".join(names) + "\n" + ",".join(row) + "\n" + ",".join(["1"] * rng.randint(0, 10_000))).encode()


def json_lines_with_bad_lines(rng: random.Random) -> bytes:
    good = [json.dumps({"title": article_title(rng), "source": rng.choice(_OUTLETS), "text": "\n\n".join(article_paragraphs(rng))})
            for _ in range(rng.randint(1, 4))]
    bad = ['{"title": "cut', "not json at all", "[1, 2, 3]", '"a string"', "null", '{"text": 12}', "{}", "\x00", '{"a":' * 50_000]
    lines = good + rng.sample(bad, rng.randint(1, 5))
    rng.shuffle(lines)
    return "\n".join(lines).encode()


def html_page(title: str, body: str) -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>Pact</h1>{body}</article></body></html>"


def html_script_in_title(rng: random.Random) -> bytes:
    title = rng.choice(["<script>alert(1)</script>Pact signed", "</title><script>document.write('x')</script>", "<title><title>x"])
    return html_page(title, "".join(f"<p>{p}</p>" for p in article_paragraphs(rng))).encode()


def html_unclosed_tags(rng: random.Random) -> bytes:
    tags = "".join(f"<{tag}>" for tag in rng.choices(["div", "p", "b", "table", "tr", "td", "ul", "li", "a href='", "!--"], k=200))
    return f"<html><head><title>Pact{tags[:60]}<body>{tags}{' '.join(article_paragraphs(rng))}".encode()


def html_nested_divs(rng: random.Random) -> bytes:
    depth = 10_000
    return html_page("Pact signed", "<div>" * depth + "".join(f"<p>{p}</p>" for p in article_paragraphs(rng)) + "</div>" * depth).encode()


def html_entity_bomb(rng: random.Random) -> bytes:
    """A billion-laughs DTD, entities nested in entities, and entities past Unicode's end."""
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    ) + "]>"
    bombs = rng.choice(["&lol9;" * 100, "&amp;" * 200_000, "&amp;amp;amp;amp;amp;" * 20_000, "&#x110000;&#0;&#xD800;&#99999999999;" * 1000])
    return (laughs + html_page(f"Pact {bombs[:200]}", f"<p>{bombs}</p>" + "".join(f"<p>{p}</p>" for p in article_paragraphs(rng)))).encode()


CONTENTS: dict[str, tuple[Callable[[random.Random], bytes], int]] = {
    # shape: (content, weight in the mix)
    "page dump": (page_dump, 6),
    "truncated page dump": (truncated_page_dump, 8),
    "corrupted page dump": (corrupted_page_dump, 8),
    "random bytes": (random_bytes, 10),
    "deep JSON": (deep_json, 4),
    "JSON with lone surrogates": (lone_surrogate_json, 4),
    "huge single line": (huge_single_line, 0),
    "empty file": (empty_file, 4),
    "whitespace only": (whitespace_only, 4),
    "BOM with wrong content": (bom_with_wrong_content, 6),
    "UTF-16 without BOM": (utf16_without_bom, 3),
    "CSV header only": (csv_header_only, 3),
    "CSV broken quoting": (csv_broken_quoting, 4),
    "CSV with NUL bytes": (csv_with_nul_bytes, 3),
    "CSV with 10,000 columns": (csv_many_columns, 1),
    "JSON Lines with bad lines": (json_lines_with_bad_lines, 4),
    "HTML script in title": (html_script_in_title, 3),
    "HTML unclosed tags": (html_unclosed_tags, 3),
    "HTML 10,000 nested divs": (html_nested_divs, 1),
    "HTML entity bomb": (html_entity_bomb, 1),
}
# Huge files cost disk and time: this many per 10,000 files (at least one).
HUGE_PER_10000 = 10
_SUFFIX_OF = {"deep JSON": ".json", "JSON with lone surrogates": ".json", "JSON Lines with bad lines": ".jsonl", "CSV header only": ".csv",
              "CSV broken quoting": ".csv", "CSV with NUL bytes": ".csv", "CSV with 10,000 columns": ".csv"}


def suffix_for(shape: str, rng: random.Random) -> str:
    """The shape's own suffix mostly, any suffix sometimes: content decides the format."""
    own = _SUFFIX_OF.get(shape, ".html" if shape.startswith("HTML") else ".txt")
    return own if rng.random() < 0.8 else rng.choice(_SUFFIXES)


# --- entries that are not plain files, or whose name is the hostile part ----------------


def name_entry(folder: bytes, name: bytes, shape: str, rng: random.Random) -> Entry:
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(page_dump(rng))
    return Entry(name, shape)


def long_name_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    return name_entry(folder, (stem + b"_" + b"n" * 255)[:251] + b".txt", "255-byte name", rng)


def non_utf8_name_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    return name_entry(folder, stem + rng.choice([b"\xff\xfe.txt", b"caf\xe9.txt", b"\xed\xa0\x80.json", b"\xc3.csv"]), "non-UTF-8 name", rng)


def newline_name_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    return name_entry(folder, stem + b"\nsecond line\r.txt", "name with a newline", rng)


def dash_name_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    return name_entry(folder, b"--" + stem + b" -rf.txt", "name with a leading dash", rng)


def spaces_name_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    return name_entry(folder, b" " + stem + b"  two  spaces .txt ", "name with spaces", rng)


def fifo_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    os.mkfifo(os.path.join(folder, stem + b".txt"))
    return Entry(stem + b".txt", "FIFO")


def passwd_link_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    os.symlink(b"/etc/passwd", os.path.join(folder, stem + b".txt"))
    return Entry(stem + b".txt", "symlink to /etc/passwd")


def symlink_loop_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    os.symlink(stem + b".json", os.path.join(folder, stem + b".json"))
    return Entry(stem + b".json", "symlink loop")


def dangling_link_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    os.symlink(b"/nonexistent/" + stem, os.path.join(folder, stem + b".txt"))
    return Entry(stem + b".txt", "dangling symlink")


def directory_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    """A folder named like a file (`x.json/`); the article inside it is what must be found."""
    os.mkdir(os.path.join(folder, stem + b".json"))
    return name_entry(folder, stem + b".json/inner.txt", "directory named like a file", rng)


def hidden_entry(folder: bytes, stem: bytes, rng: random.Random) -> Entry:
    return name_entry(folder, b"." + stem + b".txt", "hidden file", rng)


ENTRIES: dict[str, Callable[[bytes, bytes, random.Random], Entry]] = {
    "255-byte name": long_name_entry,
    "non-UTF-8 name": non_utf8_name_entry,
    "name with a newline": newline_name_entry,
    "name with a leading dash": dash_name_entry,
    "name with spaces": spaces_name_entry,
    "FIFO": fifo_entry,
    "symlink to /etc/passwd": passwd_link_entry,
    "symlink loop": symlink_loop_entry,
    "dangling symlink": dangling_link_entry,
    "directory named like a file": directory_entry,
    "hidden file": hidden_entry,
}
ENTRY_WEIGHT = 1


def shape_order(n_files: int, rng: random.Random) -> list[str]:
    """Every shape once, then a weighted mix; huge files capped so 10,000 stay a few hundred MiB."""
    shapes = [*CONTENTS, *ENTRIES][:n_files]
    mix = [shape for shape, (_, weight) in CONTENTS.items() for _ in range(weight)] + [shape for shape in ENTRIES for _ in range(ENTRY_WEIGHT)]
    shapes += rng.choices(mix, k=n_files - len(shapes))
    huge = max(1, n_files * HUGE_PER_10000 // 10_000)
    for _ in range(huge - 1):
        shapes[rng.randrange(len(CONTENTS) + len(ENTRIES), n_files)] = "huge single line"
    return shapes


def write_hostile_corpus(folder: Path, n_files: int, seed: int = 1, huge_mib: int = 24) -> list[Entry]:
    """Write `n_files` hostile entries into `folder`; the same seed writes the same files.
    Huge single-line files are up to `huge_mib` MiB (the build takes about 3 s a MiB on them)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    folder_bytes = os.fsencode(folder)
    entries = []
    for index, shape in enumerate(shape_order(n_files, rng)):
        stem = b"%05d" % index
        if shape in ENTRIES:
            entries.append(ENTRIES[shape](folder_bytes, stem, rng))
            continue
        content, _ = CONTENTS[shape]
        name = stem + suffix_for(shape, rng).encode()
        with open(os.path.join(folder_bytes, name), "wb") as handle:
            handle.write(huge_single_line(rng, huge_mib) if shape == "huge single line" else content(rng))
        entries.append(Entry(name, shape))
    return entries


# --- running and accounting -------------------------------------------------------------


@dataclass(frozen=True)
class BuildRun:
    exit_code: int | None
    stderr: str
    seconds: float


def build_run(folder: Path, out: Path, timeout: float = BUILD_TIMEOUT_S) -> BuildRun:
    """`python -m dashboard build --quiet` on `folder` in a fresh process; exit_code None on time-out."""
    command = [sys.executable, "-m", "dashboard", "build", "--input", str(folder), "--out", str(out), "--quiet"]
    started = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        return BuildRun(None, (expired.stderr or b"").decode(errors="replace"), time.perf_counter() - started)
    return BuildRun(result.returncode, result.stderr.decode(errors="replace"), time.perf_counter() - started)


def crash_of(run: BuildRun) -> str | None:
    """Why the run counts as a crash (the traceback's last line), or None when it does not."""
    if run.exit_code is None:
        return "timed out"
    if "Traceback (most recent call last)" in run.stderr:
        return traceback_last_line(run.stderr)
    if run.exit_code not in (0, 1):
        return f"exit code {run.exit_code}: {run.stderr.strip()[-300:]}"
    return None


def traceback_last_line(stderr: str) -> str:
    after = stderr.rsplit("Traceback (most recent call last)", 1)[1]
    lines = [line for line in after.splitlines() if line.strip() and not line.startswith(" ")]
    return lines[-1] if lines else after.strip()[-300:]


def named_files(out: Path) -> set[str]:
    """The files the tables name: every `source_path` of articles and rejected, record suffix cut."""
    import pandas as pd

    names: set[str] = set()
    for table in ("articles", "rejected"):
        path = out / f"{table}.parquet"
        if path.exists():
            names.update(RECORD_SUFFIX.sub("", name) for name in pd.read_parquet(path, columns=["source_path"])["source_path"])
    return names


def spellings(relative: bytes) -> set[str]:
    """The ways a build may write a file name that is not valid UTF-8 into a table."""
    return {os.fsdecode(relative), relative.decode("utf-8", "replace"), relative.decode("utf-8", "backslashreplace")}


def internal_errors(entries: list[Entry], out: Path) -> Counter[str]:
    """Rejections that are bugs caught by the build ("internal error ...; please report it"), by shape."""
    import pandas as pd

    path = out / "rejected.parquet"
    if not path.exists():
        return Counter()
    rejected = pd.read_parquet(path)
    failed = {RECORD_SUFFIX.sub("", name) for name in rejected.loc[rejected["reason"].str.contains("internal error"), "source_path"]}
    return Counter(entry.shape for entry in entries if spellings(entry.relative) & failed)


def internal_error_reasons(out: Path) -> Counter[str]:
    """The distinct internal errors met, without the file-specific part."""
    import pandas as pd

    path = out / "rejected.parquet"
    if not path.exists():
        return Counter()
    reasons = pd.read_parquet(path, columns=["reason"])["reason"]
    return Counter(re.sub(r"position \d+(-\d+)?", "position N", reason) for reason in reasons if "internal error" in reason)


def unaccounted_entries(entries: list[Entry], out: Path) -> list[Entry]:
    names = named_files(out)
    return [entry for entry in entries if not entry.relative.startswith(b".") and not spellings(entry.relative) & names]


@dataclass(frozen=True)
class ShapeRun:
    shape: str
    files: int
    crash: str | None
    unaccounted: list[Entry]
    internal_errors: Counter[str]
    seconds: float


def shape_folders(folder: Path, entries: list[Entry]) -> dict[str, Path]:
    """Move each shape's entries into a folder of their own beside `folder`, with one good
    article each so that a shape holding no article still gives tables to look in.
    `entries` should hold no entry whose name is the prefix of another's."""
    folders: dict[str, Path] = {}
    for index, shape in enumerate(dict.fromkeys(entry.shape for entry in entries)):
        folders[shape] = folder.parent / f"shape_{index:02d}"
        folders[shape].mkdir()
        (folders[shape] / "anchor.txt").write_bytes(page_dump(random.Random(index)))
    for entry in entries:
        top = entry.relative.split(b"/")[0]
        os.rename(os.path.join(os.fsencode(folder), top), os.path.join(os.fsencode(folders[entry.shape]), top))
    return folders


def shape_runs(folder: Path, entries: list[Entry], timeout: float) -> list[ShapeRun]:
    """One build per shape on up to ISOLATED_PER_SHAPE of its files, so that a crash of the
    whole build is traced to the shapes causing it without building everything twice."""
    sample = [entry for shape in dict.fromkeys(e.shape for e in entries) for entry in [e for e in entries if e.shape == shape][:ISOLATED_PER_SHAPE]]
    runs = []
    for shape, shape_folder in shape_folders(folder, sample).items():
        own = [entry for entry in sample if entry.shape == shape]
        out = shape_folder.parent / f"out_{shape_folder.name}" / "processed"
        run = build_run(shape_folder, out, timeout)
        runs.append(ShapeRun(shape, len(own), crash_of(run), unaccounted_entries(own, out), internal_error_reasons(out), run.seconds))
    return runs


def unaccounted_lines(lost: list[Entry]) -> list[str]:
    """Per shape: how many files the tables do not name, with the first names."""
    lines = []
    for shape, count in Counter(entry.shape for entry in lost).most_common():
        examples = ", ".join(repr(entry.relative)[1:] for entry in lost if entry.shape == shape)
        lines.append(f"  {shape:<32}{count:>6}  e.g. {examples[:100]}")
    return lines



def folder_mib(folder: Path) -> float:
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 2**20


def traceback_frames(stderr: str) -> list[str]:
    """The project's own frames of the last traceback, and its last line: what a fix starts from."""
    lines = stderr.rsplit("Traceback (most recent call last)", 1)[-1].splitlines()
    own = [f"{line.strip()}: {lines[at + 1].strip()}" for at, line in enumerate(lines[:-1]) if "/dashboard/" in line]
    return [*own, traceback_last_line(stderr)]


def reason_lines(reasons: Counter[str]) -> list[str]:
    return [f"  {count:>6} x {reason[:170]}" for reason, count in reasons.most_common()]


def shape_table_lines(runs: list[ShapeRun]) -> list[str]:
    lines = [f"  {'shape':<32}{'files':>6}  {'unaccounted':>11}  {'internal errors':>15}  {'seconds':>7}  crash"]
    for run in runs:
        lines.append(f"  {run.shape:<32}{run.files:>6}  {len(run.unaccounted):>11}  {sum(run.internal_errors.values()):>15}  "
                     f"{run.seconds:>7.1f}  {run.crash or ''}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000, help="entries to write (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same files (default: %(default)s)")
    parser.add_argument("--huge-mib", type=int, default=24, help="largest huge single-line file, MiB (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=BUILD_TIMEOUT_S, help="seconds before the build counts as hung (default: %(default)s)")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coverage-lens-reliability-") as scratch:
        folder, out = Path(scratch) / "input", Path(scratch) / "out" / "processed"
        started = time.perf_counter()
        entries = write_hostile_corpus(folder, arguments.files, arguments.seed, arguments.huge_mib)
        written = time.perf_counter() - started
        run = build_run(folder, out, arguments.timeout)
        crash = crash_of(run)
        lost = unaccounted_entries(entries, out)
        errors = internal_errors(entries, out)
        print(f"machine: {machine_description()}")
        print(f"{len(entries):,} files ({folder_mib(folder):,.0f} MiB, {len({e.shape for e in entries})} shapes, seed {arguments.seed}), "
              f"written in {written:.1f} s")
        print(f"{'exit code':<22}{run.exit_code}")
        print(f"{'crashes':<22}{int(crash is not None)}" + "".join(f"\n  {line}" for line in (traceback_frames(run.stderr) if crash else [])))
        print(f"{'unaccounted files':<22}{len(lost)}")
        print(f"{'build time':<22}{run.seconds:.1f} s")
        # Caught, so the file is accounted for (and not gated on), but each is a bug the build asks to be told of.
        print(f"{'internal errors':<22}{sum(errors.values())}" + (f"  ({', '.join(f'{shape} {n}' for shape, n in errors.most_common())})" if errors else ""))
        print("\n".join(reason_lines(internal_error_reasons(out))))
        if crash:
            print(f"the whole build crashed, so every file is unaccounted for; one build per shape, on up to {ISOLATED_PER_SHAPE} of its files:")
            runs = shape_runs(folder, entries, arguments.timeout)
            print("\n".join(shape_table_lines(runs)))
            print("internal errors in the builds per shape:")
            print("\n".join(reason_lines(sum((shape_run.internal_errors for shape_run in runs), Counter()))))
            lost = [entry for shape_run in runs for entry in shape_run.unaccounted]
        if lost:
            print("unaccounted by shape" + (" (in the builds per shape)" if crash else "") + ":")
            print("\n".join(unaccounted_lines(lost)))
    return 1 if crash or lost else 0


if __name__ == "__main__":
    sys.exit(main())
