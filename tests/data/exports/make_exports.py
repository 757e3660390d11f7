"""Writes the research-database export fixtures in this folder: Nexis Uni (DOCX, RTF, PDF,
TXT) and Factiva (TXT, RTF, HTML).

The articles are made up for these tests (in the fixtures' authors' own words); the
layouts follow the shape of real exports. Each file holds a cover page, three complete
documents and a fourth one cut off in the middle. Run it again after changing it:

    PYTHONPATH=. python tests/data/exports/make_exports.py

It needs python-docx (a run dependency) and fpdf2 (for the PDF only; `pip install fpdf2`).
The tests read the committed files and need neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Article:
    title: str
    publication: str
    nexis_date: str
    factiva_date: str
    time: str
    section: str
    byline: str
    dateline: str
    highlight: str
    copyright: str
    source_code: str
    accession: str
    paragraphs: tuple[str, ...]


ARTICLES = (
    Article(
        title="Tokyo, Seoul and Washington make their security talks a fixture",
        publication="The Japan Times",
        nexis_date="July 29, 2024 Monday",
        factiva_date="29 July 2024",
        time="10:30",
        section="NEWS; Pg. 3",
        byline="Aiko Tanaka, Staff Writer",
        dateline="TOKYO",
        highlight="Defense chiefs agree to meet every year, whoever governs.",
        copyright="Copyright 2024 The Japan Times Ltd. All Rights Reserved",
        source_code="JATIME",
        accession="JATIME0020240729ek7t0005d",
        paragraphs=(
            "The defense ministers of Japan, South Korea and the United States signed a memorandum in Tokyo on Sunday that "
            "turns their three-way security meetings into a standing arrangement rather than a favour of the day.",
            "Under the document, the three governments will hold ministerial talks every year, rotate the host capital and "
            "keep a shared secretariat that tracks the drills and the data links they have already agreed on.",
            "Officials said the aim was to make the cooperation survive changes of government in any of the three capitals, "
            "a worry that has shadowed the partnership since its leaders first met at Camp David last summer.",
            "The ministers also promised to extend the exchange of missile warning data to cover launches detected at night.",
        ),
    ),
    Article(
        title="Freedom Edge drills return with a larger naval group",
        publication="The Korea Herald",
        nexis_date="November 14, 2024 Thursday 9:15 PM EST",
        factiva_date="14 November 2024",
        time="21:15",
        section="Opinion",
        byline="Park Min-jun",
        dateline="SEOUL",
        highlight="The second round of the exercise adds air defence and medical evacuation.",
        copyright="Copyright 2024 The Korea Herald, distributed by Herald Corporation. All Rights Reserved",
        source_code="KORHER",
        accession="KORHER0020241114ekbe0002a",
        paragraphs=(
            "The second Freedom Edge exercise opened on Wednesday in waters south of Jeju Island, bringing together "
            "destroyers, a submarine and patrol aircraft from the three countries for three days of joint training.",
            "Compared with the first round, the navies added drills on air defence, on boarding suspicious ships and on "
            "moving wounded sailors between vessels, a sign that the planners want the forces to work as one.",
            "Pyongyang condemned the exercise as a rehearsal for invasion, as it has condemned every earlier drill.",
            "Seoul's defense ministry said the exercise was defensive and that the next round would be held next year.",
        ),
    ),
    Article(
        title="Missile warning data now flows in real time, officials say",
        publication="Yonhap News Agency",
        nexis_date="Updated December 19, 2023 Tuesday 3:05 AM GMT",
        factiva_date="19 December 2023",
        time="03:05",
        section="Politics",
        byline="Kim Soo-yeon",
        dateline="SEOUL",
        highlight="A link between the three militaries went live this week after months of tests.",
        copyright="Copyright 2023 Yonhap News Agency",
        source_code="YONHAP",
        accession="YONHAP0020231219ejcj000gh",
        paragraphs=(
            "South Korea, Japan and the United States have begun sharing warning data on North Korean missile launches in "
            "real time, the defense ministry in Seoul said on Tuesday, completing a step their leaders promised last year.",
            "The system links the warning networks of the three militaries so that each sees a launch, and the track of the "
            "missile, within seconds rather than after separate reports are passed along by telephone.",
            "A ministry official said the link had been tested several times since the autumn and had worked as designed.",
        ),
    ),
    Article(
        title="Analysts ask whether the trilateral pact can outlast elections",
        publication="Nikkei Asia",
        nexis_date="August 2, 2024 Friday",
        factiva_date="2 August 2024",
        time="08:00",
        section="Analysis",
        byline="Hiroshi Mori",
        dateline="TOKYO",
        highlight="Scholars see staying power but warn that politics can still intervene.",
        copyright="Copyright 2024 Nikkei Inc. All Rights Reserved",
        source_code="NIKKAS",
        accession="NIKKAS0020240802ek8200011",
        paragraphs=(
            "Scholars of the alliance say the new framework gives the three governments a reason to keep meeting, but "
            "they caution that no memorandum can bind a leader who decides that the partnership no longer serves him.",
            "Several pointed to the history of the relationship between Tokyo and Seoul, which has swung between warmth and "
            "open quarrel within a few years.",
        ),
    ),
)

# The fourth document of every file stops here: the export was cut off.
CUT_AFTER_PARAGRAPHS = 1

NEXIS_COVER = (
    "User Name: = Coverage Lens fixture",
    "Date and Time: = August 5, 2024 9:12 AM EDT",
    "Job Number: = 230001",
    "Documents (4)",
    *(f"{number}. {article.title}" for number, article in enumerate(ARTICLES, start=1)),
    "Client/Matter: -None-",
    'Search Terms: trilateral AND (Japan w/5 "South Korea")',
    "Search Type: Terms and Connectors",
    "Narrowed by:",
    "Content Type: News",
)


def nexis_document(article: Article, complete: bool = True) -> list[str]:
    """One Nexis Uni document as its paragraphs (lines)."""
    paragraphs = article.paragraphs if complete else article.paragraphs[:CUT_AFTER_PARAGRAPHS]
    head = [
        article.title, article.publication, article.nexis_date, article.copyright,
        f"Section: {article.section}", f"Length: {sum(len(p.split()) for p in article.paragraphs)} words",
        f"Byline: {article.byline}", f"Dateline: {article.dateline}", f"Highlight: {article.highlight}", "Body",
    ]
    if not complete:
        return head + list(paragraphs)
    tail = [
        "Graphic", f"PHOTO: An illustration for the {article.dateline.title()} story.",
        "Classification", "Language: ENGLISH", "Publication-Type: Newspaper",
        "Subject: DEFENSE (92%); ALLIANCES (90%); ARMED FORCES (88%)",
        "Industry: DEFENSE (77%)", "Geographic: JAPAN (94%); KOREA, REPUBLIC OF (93%); UNITED STATES (90%)",
        "Load-Date: August 5, 2024",
        "End of Document",
    ]
    return head + list(paragraphs) + tail


def nexis_lines() -> list[str]:
    lines = list(NEXIS_COVER)
    for number, article in enumerate(ARTICLES):
        lines += nexis_document(article, complete=number < len(ARTICLES) - 1)
    return lines


def factiva_article_document(article: Article, complete: bool = True) -> list[str]:
    """One Factiva document in the "Article" (full article) layout."""
    paragraphs = article.paragraphs if complete else article.paragraphs[:CUT_AFTER_PARAGRAPHS]
    words = sum(len(p.split()) for p in article.paragraphs)
    head = [
        article.title, f"By {article.byline}", f"{words:,} words", article.factiva_date, article.time,
        article.publication, article.source_code, "English", article.copyright.replace("Copyright", "(c)"),
    ]
    return head + list(paragraphs) + ([f"Document {article.accession}"] if complete else [])


def factiva_field_document(article: Article, complete: bool = True) -> list[str]:
    """One Factiva document in the field-code layout ("Full Article/Report plus Indexing")."""
    paragraphs = article.paragraphs if complete else article.paragraphs[:CUT_AFTER_PARAGRAPHS]
    words = sum(len(p.split()) for p in article.paragraphs)
    lines = [
        f"SE\t{article.section}", f"HD\t{article.title}", f"BY\tBy {article.byline}", f"WC\t{words:,} words",
        f"PD\t{article.factiva_date}", f"ET\t{article.time}", f"SN\t{article.publication}", f"SC\t{article.source_code}",
        "LA\tEnglish", f"CY\t{article.copyright.replace('Copyright', '(c)')}", f"LP\t{paragraphs[0]}",
    ]
    if len(paragraphs) > 1:
        lines += [f"TD\t{paragraphs[1]}", *paragraphs[2:]]
    if complete:
        lines += [
            "CO\tusdefn : United States Department of Defense", "IN\tidefen : Defense", "NS\tgdef : Armed Forces | gpol : Domestic Politics",
            "RE\tjapan : Japan | skorea : South Korea | usa : United States", "IPD\tSecurity", f"PUB\t{article.publication}",
            f"AN\tDocument {article.accession}",
        ]
    return lines


FACTIVA_COVER = (
    "Factiva search summary",
    "Text: trilateral and (japan near5 korea)",
    "Date: 01/12/2023 to 31/12/2024",
    "Source: All Sources",
    "Results Found: 4",
)


def factiva_lines(document: object) -> list[str]:
    lines = list(FACTIVA_COVER)
    for number, article in enumerate(ARTICLES):
        lines += document(article, number < len(ARTICLES) - 1)  # type: ignore[operator]
    return lines


def rtf_escaped(line: str) -> str:
    """A line as RTF: braces and backslashes escaped, non-ASCII as \\uN? escapes."""
    out = []
    for character in line:
        if character in "\\{}":
            out.append("\\" + character)
        elif character == "\t":
            out.append("\\tab ")
        elif ord(character) > 127:
            out.append(f"\\u{ord(character) if ord(character) < 32768 else ord(character) - 65536}?")
        else:
            out.append(character)
    return "".join(out)


def rtf_of(lines: list[str]) -> str:
    """An RTF document in the shape word processors write: a font table, styles in nested
    groups, one \\par per paragraph."""
    body = "\n".join(f"{{\\pard\\plain\\f0\\fs22 {rtf_escaped(line)}\\par}}" for line in lines)
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}{\\f1\\fswiss\\fcharset0 Arial;}}\n"
        "{\\colortbl;\\red0\\green0\\blue0;}\n{\\*\\generator Coverage Lens fixtures;}\n"
        f"{body}\n}}\n"
    )


def write_docx(lines: list[str], path: Path) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
        if line == "End of Document":
            document.add_page_break()
    document.core_properties.author = "Coverage Lens fixtures"
    document.save(str(path))


def write_pdf(lines: list[str], path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2024, 8, 5, tzinfo=dt.UTC))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in lines:
        pdf.multi_cell(0, 5, line.replace("\u2013", "-").replace("\u2019", "'"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        if line == "End of Document":
            pdf.add_page()
    pdf.output(str(path))


def factiva_html(lines_of_documents: list[list[str]]) -> str:
    """Factiva's HTML export: each document in its own block, one paragraph per line."""
    blocks = []
    for lines in lines_of_documents:
        paragraphs = "\n".join(f"<p>{line.replace('&', '&amp;').replace('<', '&lt;')}</p>" for line in lines)
        blocks.append(f'<div class="article">\n{paragraphs}\n</div>')
    cover = "\n".join(f"<p>{line}</p>" for line in FACTIVA_COVER)
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Factiva</title></head>\n<body>\n"
        f'<div class="summary">\n{cover}\n</div>\n' + "\n".join(blocks) + "\n</body></html>\n"
    )


def main() -> None:
    nexis = nexis_lines()
    (HERE / "nexis.txt").write_text("\n\n".join(nexis) + "\n", encoding="utf-8")
    (HERE / "nexis.rtf").write_text(rtf_of(nexis), encoding="ascii")
    write_docx(nexis, HERE / "nexis.docx")
    write_pdf(nexis, HERE / "nexis.pdf")
    (HERE / "factiva.txt").write_text("\n\n".join(factiva_lines(factiva_article_document)) + "\n", encoding="utf-8")
    (HERE / "factiva-fields.rtf").write_text(rtf_of(factiva_lines(factiva_field_document)), encoding="ascii")
    documents = [factiva_article_document(article, number < len(ARTICLES) - 1) for number, article in enumerate(ARTICLES)]
    (HERE / "factiva.html").write_text(factiva_html(documents), encoding="utf-8")


if __name__ == "__main__":
    main()
