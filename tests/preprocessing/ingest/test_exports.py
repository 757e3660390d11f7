"""Research-database exports: the committed fixtures (tests/data/exports/, written by
make_exports.py) read field by field, the rules for each field line, and a build of them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.articles import CleanArticle, clean_article_from_raw
from dashboard.preprocessing.build import BuildOptions, build
from dashboard.preprocessing.ingest import containers, factiva, formats, nexis
from dashboard.preprocessing.ingest.export_lines import date_of_line
from dashboard.preprocessing.ingest.files import InputFile, raw_articles_from_file
from dashboard.preprocessing.records import RawArticle, Rejection
from tests.conftest import TEST_DATA

EXPORTS = TEST_DATA / "exports"
NEXIS_FILES = ("nexis.txt", "nexis.rtf", "nexis.docx", "nexis.pdf")
FACTIVA_FILES = ("factiva.txt", "factiva-fields.rtf", "factiva.html")
LAYOUTS = {
    "nexis.txt": "nexis", "nexis.rtf": "nexis", "nexis.docx": "nexis", "nexis.pdf": "nexis",
    "factiva.txt": "factiva", "factiva.html": "factiva", "factiva-fields.rtf": "factiva-fields",
}

# What every layout must give for the three complete documents, written out by hand.
EXPECTED = (
    {
        "title": "Tokyo, Seoul and Washington make their security talks a fixture",
        "outlet": "The Japan Times", "published": "2024-07-29", "author": "Aiko Tanaka", "genre": "news",
        "start": "The defense ministers of Japan, South Korea and the United States signed a memorandum in Tokyo on Sunday",
        "end": "to cover launches detected at night.", "accession": "JATIME0020240729ek7t0005d",
    },
    {
        "title": "Freedom Edge drills return with a larger naval group",
        "outlet": "The Korea Herald", "published": "2024-11-14", "author": "Park Min-jun", "genre": "opinion/column",
        "start": "The second Freedom Edge exercise opened on Wednesday in waters south of Jeju Island",
        "end": "the next round would be held next year.", "accession": "KORHER0020241114ekbe0002a",
    },
    {
        "title": "Missile warning data now flows in real time, officials say",
        "outlet": "Yonhap News Agency", "published": "2023-12-19", "author": "Kim Soo-yeon", "genre": "news",
        "start": "South Korea, Japan and the United States have begun sharing warning data",
        "end": "had worked as designed.", "accession": "YONHAP0020231219ejcj000gh",
    },
)
# Nothing of a document's head, index blocks or the cover page may reach a body.
FIELD_WORDS = (
    "Section:", "Length:", "Byline:", "Dateline:", "Highlight:", "Load-Date:", "Classification", "Subject:", "Geographic:",
    "Language:", "Publication-Type:", "Industry:", "Graphic", "PHOTO:", "Copyright", "(c)", "End of Document", "Body",
    "Job Number", "Search Terms", "words", "JATIME", "Document ", "English", "10:30", "IPD", "usdefn", "Factiva",
)


def _items(name: str) -> list[RawArticle | Rejection]:
    return list(raw_articles_from_file(InputFile(EXPORTS / name, name)))


def _cleaned(name: str, registry) -> list[CleanArticle]:
    cleaned = [clean_article_from_raw(item, registry) for item in _items(name) if isinstance(item, RawArticle)]
    assert all(isinstance(article, CleanArticle) for article in cleaned)
    return cleaned  # type: ignore[return-value]


@pytest.mark.parametrize("name", NEXIS_FILES + FACTIVA_FILES)
def test_each_fixture_is_detected_as_its_layout(name):
    path = EXPORTS / name
    data = path.read_bytes()
    container = containers.container_of(data[:4096], path.suffix)
    text = {
        containers.DOCX: containers.text_from_docx, containers.PDF: containers.text_from_pdf,
    }.get(container or "", lambda raw: containers.text_from_rtf(raw.decode()) if container else raw.decode())(data)
    assert formats.format_of(text[:65536], path.suffix).name == LAYOUTS[name]


@pytest.mark.parametrize("name", NEXIS_FILES + FACTIVA_FILES)
def test_every_field_of_every_article(name, registry):
    articles = _cleaned(name, registry)
    assert [article.source_path for article in articles] == [f"{name}#1", f"{name}#2", f"{name}#3"]
    for article, expected in zip(articles, EXPECTED, strict=True):
        assert article.title == expected["title"]
        assert article.outlet == expected["outlet"]
        assert article.published == expected["published"]
        assert article.date_source == "export"
        assert article.author == expected["author"]
        assert article.text.startswith(expected["start"])
        assert article.text.endswith(expected["end"])
        for word in FIELD_WORDS:
            assert word not in article.text, word
        assert expected["title"] not in article.text
        assert article.accession == (expected["accession"] if name.startswith("factiva") else "")


@pytest.mark.parametrize("name", (*NEXIS_FILES, "factiva-fields.rtf"))
def test_the_section_gives_the_genre(name, registry):
    assert [article.genre for article in _cleaned(name, registry)] == [expected["genre"] for expected in EXPECTED]


@pytest.mark.parametrize("name", NEXIS_FILES + FACTIVA_FILES)
def test_the_truncated_last_document_is_rejected_with_a_reason(name):
    rejections = [item for item in _items(name) if isinstance(item, Rejection)]
    assert [rejection.source_path for rejection in rejections] == [f"{name}#4"]
    assert rejections[0].reason.startswith("export cut off: document 4 has no ")
    assert rejections[0].export_layout == LAYOUTS[name]


def test_a_build_of_every_fixture_keeps_one_copy_counts_documents_and_uses_accession_ids(tmp_path, reference):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in LAYOUTS:
        (inputs / name).write_bytes((EXPORTS / name).read_bytes())
    report = build([inputs], tmp_path / "out", reference, BuildOptions(workers=1, stance_mode="fast", use_cache=False))
    articles = report.frames["articles"]
    # The same three articles in seven files are three articles: files are read in name order.
    assert sorted(articles["source_path"]) == ["factiva-fields.rtf#1", "factiva-fields.rtf#2", "factiva-fields.rtf#3"]
    assert sorted(articles["article_id"]) == sorted(expected["accession"] for expected in EXPECTED)
    rejected = dict(zip(report.frames["rejected"]["source_path"], report.frames["rejected"]["reason"], strict=True))
    for name in LAYOUTS:
        assert rejected[f"{name}#4"].startswith("export cut off")
        if name != "factiva-fields.rtf":
            assert all(rejected[f"{name}#{n}"].startswith("duplicate: the same text as factiva-fields.rtf#") for n in (1, 2, 3))
    counts = report.manifest["export_documents"]
    assert counts == {name: {"layout": layout, "documents": 4, "read": 3, "rejected": 1} for name, layout in LAYOUTS.items()}


def test_a_page_dump_of_an_exported_article_is_the_same_article(tmp_path, reference):
    first = EXPECTED[0]
    body = "\n\n".join(nexis.nexis_document_from_lines(nexis.documents_from_nexis_text((EXPORTS / "nexis.txt").read_text()).documents[0], True).body)  # type: ignore[union-attr]
    (tmp_path / "a-page.txt").write_text(f"{first['title']}\n\nBy Aiko Tanaka\n\nJuly 29, 2024\n\n{body}\n\n© 2024 The Japan Times. All rights reserved.\n")
    (tmp_path / "b-export.txt").write_bytes((EXPORTS / "factiva.txt").read_bytes())
    report = build([tmp_path], tmp_path / "out", reference, BuildOptions(workers=1, stance_mode="fast", use_cache=False))
    articles = report.frames["articles"]
    assert sorted(articles["source_path"]) == ["a-page.txt", "b-export.txt#2", "b-export.txt#3"]
    rejected = dict(zip(report.frames["rejected"]["source_path"], report.frames["rejected"]["reason"], strict=True))
    assert rejected["b-export.txt#1"].startswith("duplicate: the same text as a-page.txt")


def test_a_single_article_saved_as_docx_is_a_page_dump(tmp_path, registry):
    import docx

    document = docx.Document()
    for paragraph in (EXPECTED[0]["title"], "By Aiko Tanaka", "July 29, 2024", *[EXPECTED[0]["start"] + " and more words follow here."] * 1,
                      "The ministers also promised to extend the exchange of missile warning data to cover launches at night."):
        document.add_paragraph(paragraph)
    path = tmp_path / "article.docx"
    document.save(str(path))
    [raw] = raw_articles_from_file(InputFile(path, path.name))
    assert isinstance(raw, RawArticle) and raw.export_layout == "" and raw.source_path == "article.docx"
    cleaned = clean_article_from_raw(raw, registry)
    assert isinstance(cleaned, CleanArticle)
    assert cleaned.title == EXPECTED[0]["title"] and cleaned.author == "Aiko Tanaka" and cleaned.published == "2024-07-29"


def test_fields_in_a_docx_table_are_read():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "HD", "A headline"
    table.cell(1, 0).text, table.cell(1, 1).text = "PD", "29 July 2024"
    document.add_paragraph("after")
    buffer = io.BytesIO()
    document.save(buffer)
    assert containers.text_from_docx(buffer.getvalue()).splitlines()[-3:] == ["HD\tA headline", "PD\t29 July 2024", "after"]


def test_a_document_without_a_date_keeps_the_date_empty(registry):
    text = "\n".join([
        "A headline about drills", "The Japan Times", "Length: 40 words", "Body",
        "The three navies trained together for three days near Jeju Island and said they would meet again next year "
        "to plan the next round of drills, officials in Seoul and Tokyo said on the last day.",
        "End of Document",
    ])
    [raw] = nexis.articles_from_nexis(text, "x.txt")
    assert isinstance(raw, RawArticle) and raw.published == "" and raw.date_source == ""
    cleaned = clean_article_from_raw(raw, registry)
    assert isinstance(cleaned, CleanArticle) and cleaned.published == "" and cleaned.outlet == "The Japan Times"


# --- field rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("July 29, 2024 Monday", "July 29, 2024"),
        ("July 29, 2024", "July 29, 2024"),
        ("November 14, 2024 Thursday 9:15 PM EST", "November 14, 2024"),
        ("Updated December 19, 2023 Tuesday 3:05 AM GMT", "December 19, 2023"),
        ("Sept. 3, 2024 Tuesday 10:30 AM", "Sept. 3, 2024"),
        ("29 July 2024", "29 July 2024"),
        ("The summit of July 29, 2024 was held in Tokyo", ""),
        ("July 2024", ""),
        ("Monday", ""),
    ],
)
def test_date_lines(line, date):
    assert date_of_line(line) == date


@pytest.mark.parametrize(
    ("value", "words"), [("812 words", 812), ("1,234 words", 1234), ("1 word", 1), ("many words", None), ("812", None)]
)
def test_length_field(value, words):
    assert nexis.words_of_length_field(value) == words


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Byline: Aiko Tanaka, Staff Writer", "Aiko Tanaka"),
        ("Byline: By Park Min-jun and Kim Soo-yeon", "Park Min-jun; Kim Soo-yeon"),
        ("Byline: Yonhap", ""),
    ],
)
def test_byline_field_gives_the_author(byline, author, registry):
    lines = ["A headline", "Yonhap News Agency", "July 29, 2024 Monday", byline, "Body",
             "Officials in Seoul said the three countries would hold their next round of drills early next year, "
             "with more ships and aircraft than before, and that the plans were agreed this week.", "End of Document"]
    [raw] = nexis.articles_from_nexis("\n".join(lines), "x.txt")
    cleaned = clean_article_from_raw(raw, registry)  # type: ignore[arg-type]
    assert isinstance(cleaned, CleanArticle) and cleaned.author == author


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Copyright 2024 The Japan Times Ltd. All Rights Reserved", "The Japan Times"),
        ("Copyright 2023 Yonhap News Agency", "Yonhap News Agency"),
    ],
)
def test_copyright_line_is_dropped_and_names_the_outlet_when_no_publication_line_does(line, outlet, registry):
    lines = ["A headline", line, "Body", "The three navies trained together for three days near Jeju Island, officials said, "
             "and the ministers agreed to meet again before the end of the year to plan more drills.", "End of Document"]
    [raw] = nexis.articles_from_nexis("\n".join(lines), "x.txt")
    cleaned = clean_article_from_raw(raw, registry)  # type: ignore[arg-type]
    assert isinstance(cleaned, CleanArticle) and cleaned.outlet == outlet and "Copyright" not in cleaned.text


@pytest.mark.parametrize(
    ("section", "kept"), [("WORLD; Pg. 3", "WORLD"), ("NEWS; A1", "NEWS"), ("Opinion", "Opinion"), ("EDITORIAL; Page 12", "EDITORIAL")]
)
def test_section_page_reference_is_dropped(section, kept):
    assert nexis.section_without_page(section) == kept


@pytest.mark.parametrize(
    ("line", "accession"),
    [
        ("Document JATIME0020240729ek7t0005d", "JATIME0020240729ek7t0005d"),
        ("Document   WSJO000020240729ek7t000ab ", "WSJO000020240729ek7t000ab"),
        ("Document 12", ""),
        ("Document this is a sentence", ""),
    ],
)
def test_accession_number(line, accession):
    assert factiva.accession_of(line) == accession


def test_a_field_code_paragraph_opening_with_la_stays_text():
    lines = ["HD\tA headline", "PD\t29 July 2024", "SN\tThe Japan Times", "LA\tEnglish", "LP\tThe lead.", "TD\tFirst paragraph.",
             "LA Times reporters were also there.", "AN\tDocument JATIME0020240729ek7t0005d"]
    [raw] = factiva.articles_from_factiva_fields("\n".join(lines), "x.txt")
    assert isinstance(raw, RawArticle) and raw.body == "The lead.\n\nFirst paragraph.\n\nLA Times reporters were also there."


# --- hostile containers ------------------------------------------------------------------


def _rejection_of(tmp_path: Path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    [item] = raw_articles_from_file(InputFile(tmp_path / name, name))
    assert isinstance(item, Rejection)
    return item.reason


def test_a_zip_bomb_named_docx_is_rejected(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 2**20))
    assert "zip bomb" in _rejection_of(tmp_path, "bomb.docx", buffer.getvalue())


def test_a_docx_that_is_not_a_zip_is_rejected(tmp_path):
    assert "not a readable ZIP archive" in _rejection_of(tmp_path, "fake2.docx", b"PK\x03\x04 this is not a zip at all" * 10)


def test_a_zip_without_a_word_document_is_rejected(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    assert "not a Word document" in _rejection_of(tmp_path, "other.docx", buffer.getvalue())


def test_a_corrupt_pdf_is_rejected(tmp_path):
    data = (EXPORTS / "nexis.pdf").read_bytes()
    assert "PDF" in _rejection_of(tmp_path, "corrupt.pdf", data[:200] + b"\xff" * 500 + data[-100:])


def test_a_pdf_without_a_text_layer_is_rejected_as_scanned(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "scanned PDF: no text layer, run OCR first" in _rejection_of(tmp_path, "scan.pdf", buffer.getvalue())


def test_deeply_nested_rtf_braces_are_rejected(tmp_path):
    assert "nested" in _rejection_of(tmp_path, "deep.rtf", b"{\\rtf1 " + b"{" * 200_000 + b"x" + b"}" * 200_000)


# --- properties --------------------------------------------------------------------------

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FIXTURE_BYTES = {name: (EXPORTS / name).read_bytes() for name in ("nexis.docx", "nexis.pdf", "nexis.rtf", "factiva-fields.rtf")}
SIGNATURES = (b"", b"PK\x03\x04", b"%PDF-1.7\n", b"{\\rtf1 ")


def _results(tmp_path_factory, name: str, data: bytes) -> list[RawArticle | Rejection]:
    path = tmp_path_factory.mktemp("exports") / name
    path.write_bytes(data)
    results = list(raw_articles_from_file(InputFile(path, name)))
    assert results and all(isinstance(item, RawArticle) or item.reason.strip() for item in results)
    return results


@PROPERTIES
@given(suffix=st.sampled_from([".docx", ".rtf", ".pdf"]), signature=st.sampled_from(SIGNATURES), data=st.binary(max_size=2000))
def test_garbage_under_a_container_name_never_crashes_the_reader(tmp_path_factory, suffix, signature, data):
    results = _results(tmp_path_factory, f"garbage{suffix}", signature + data)
    assert not any("could not be read (" in item.reason for item in results if isinstance(item, Rejection))


@PROPERTIES
@given(name=st.sampled_from(sorted(FIXTURE_BYTES)), cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8))
def test_a_cut_or_damaged_export_never_crashes_the_reader(tmp_path_factory, name, cut, flips):
    data = bytearray(FIXTURE_BYTES[name][: max(1, int(len(FIXTURE_BYTES[name]) * cut))])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    results = _results(tmp_path_factory, name, bytes(data))
    assert not any("could not be read (" in item.reason for item in results if isinstance(item, Rejection))
