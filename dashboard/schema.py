"""The columns of every table Coverage Lens writes, declared once.

The pipeline builds its frames from these declarations, the app reads them, the README's
data dictionary is generated from them (`python -m dashboard data-dictionary`), and the
tests check all three agree.
"""

from __future__ import annotations

from dataclasses import dataclass

# Logical column types; `dashboard.preprocessing.tables` maps them to pandas dtypes.
STRING = "string"
INTEGER = "integer"
DATE = "date"
BOOLEAN = "boolean"


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


ARTICLES = Table(
    "articles",
    "One row per article that was read and cleaned.",
    (
        Column("article_id", STRING, "Stable id: a hash of the normalised article text (and of the outlet when two outlets carry the same text)."),
        Column("source_path", STRING, "File the article came from, relative to its input folder; `path#n` for the n-th record (from 1) of a multi-record file."),
        Column("outlet", STRING, "Original publisher, as named in `data/sources.csv` when known; else as named in the file; else the URL's domain; else `unknown`."),
        Column("republisher", STRING, "Site that reposted the article when the file names one (\"JapanTimes || Shining BD\" gives Shining BD); empty otherwise."),
        Column("outlet_country", STRING, "Country of the outlet, from `data/sources.csv`; empty when the outlet is not listed there."),
        Column("outlet_kind", STRING, "news, wire, think tank, government, state media, aggregator or blog, from `data/sources.csv`; empty when not listed."),
        Column("title", STRING, "Headline; empty when the file has none."),
        Column("published", DATE, "Publication date (ISO `YYYY-MM-DD`); empty when the file gives none. Never guessed."),
        Column("date_source", STRING, "Where `published` came from: json, csv, html-meta, dateline, text or none."),
        Column("url", STRING, "Address of the article when the file gives one."),
        Column("author", STRING, "Byline when the file gives one."),
        Column("word_count", INTEGER, "Words in the cleaned text."),
        Column("n_sentences", INTEGER, "Sentences in the cleaned text (rows in `sentences`)."),
        Column("syndicated_of", STRING, "article_id of the earlier article this one is a near-copy of (a reposted wire story); empty for originals."),
        Column("citations", STRING, "Citation tags such as `a3a17192` taken out of the text, `|`-separated, in order of first use."),
        Column("text", STRING, "Cleaned article body: chrome, boilerplate and repeats removed; paragraphs separated by a blank line."),
    ),
)

SENTENCES = Table(
    "sentences",
    "One row per sentence of each article's cleaned text.",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("sentence_id", STRING, "`<article_id>:<position>`, unique across the corpus."),
        Column("position", INTEGER, "Order of the sentence in the article, from 0."),
        Column("paragraph", INTEGER, "Paragraph the sentence belongs to, from 0."),
        Column("text", STRING, "The sentence."),
        Column("is_quote", BOOLEAN, "True when the sentence is, or carries, a direct quotation (a quoted passage of four words or more, or a sentence inside a quotation that runs over several sentences)."),
    ),
)

REJECTED = Table(
    "rejected",
    "One row per file or record that could not be used, with the reason.",
    (
        Column("source_path", STRING, "File (or `path#n` record) that was not used, relative to its input folder."),
        Column("reason", STRING, "Why, in words a person can act on."),
    ),
)

ACTORS = Table(
    "actors",
    "The actor dictionary (`data/actors.csv`) as the build used it.",
    (
        Column("actor_id", STRING, "Short stable id, e.g. `south_korea`, `minoru_kihara`, `tscf`."),
        Column("name", STRING, "Canonical name."),
        Column("type", STRING, "country, person, organization, military exercise, agreement or event."),
        Column("country", STRING, "actor_id of the country the actor belongs to; empty for countries and international bodies."),
        Column("role", STRING, "Office or description, as written in the dictionary."),
        Column("aliases", STRING, "Other names, `|`-separated, with their kind prefix where one was written (`capital:Seoul`)."),
    ),
)

MENTIONS = Table(
    "mentions",
    "One row per actor mention in a sentence.",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("sentence_id", STRING, "The sentence (see `sentences`)."),
        Column("actor_id", STRING, "The actor mentioned; empty when a short form (\"Kim\") fits no person, or several, named in full in the article."),
        Column("surface", STRING, "The words as they stand in the sentence."),
        Column("start", INTEGER, "Offset of the first character of `surface` in the sentence text."),
        Column("end", INTEGER, "Offset just after the last character (`text[start:end] == surface`)."),
        Column("mention_kind", STRING, "How the actor is named: name, official_name, acronym, capital, demonym or surname."),
    ),
)

QUOTES = Table(
    "quotes",
    "One row per quoted passage, with who says it.",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("sentence_id", STRING, "The sentence that holds the passage."),
        Column("speaker_actor_id", STRING, "The speaker as an actor, when a person, organisation or single country is named in the attribution; else empty."),
        Column("speaker_text", STRING, "The speaker as written (\"a former U.S.-Japan alliance manager\"); empty when the text does not say."),
        Column("quote", STRING, "The quoted words."),
    ),
)

CANDIDATES = Table(
    "candidates",
    "Names that look like actors but are not in the dictionary, most frequent first: candidates for `data/actors.csv`.",
    (
        Column("name", STRING, "The name as written."),
        Column("kind_guess", STRING, "person, organization, event, place or other: a guess from the words in and around the name."),
        Column("n_mentions", INTEGER, "Sentences that name it."),
        Column("n_articles", INTEGER, "Articles that name it."),
        Column("example", STRING, "The first sentence that names it."),
    ),
)

TABLES: dict[str, Table] = {table.name: table for table in (ARTICLES, SENTENCES, ACTORS, MENTIONS, QUOTES, CANDIDATES, REJECTED)}

DATE_SOURCES = ("json", "csv", "html-meta", "dateline", "text", "none")
OUTLET_KINDS = ("news", "wire", "think tank", "government", "state media", "aggregator", "blog")


def data_dictionary_markdown() -> str:
    """The README's data dictionary, one section per table."""
    parts: list[str] = []
    for table in TABLES.values():
        parts.append(f"### `{table.name}`\n\n{table.description}\n\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{c.name}` | {c.dtype} | {c.description} |" for c in table.columns)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
