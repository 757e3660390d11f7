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
FLOAT = "float"


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
        Column("polarity", FLOAT, "Mean TextBlob polarity of the article's sentences, -1 to 1."),
        Column("subjectivity", FLOAT, "Mean TextBlob subjectivity of the article's sentences, 0 to 1."),
        Column("vader_compound", FLOAT, "Mean VADER compound score of the article's sentences, -1 to 1."),
        Column("framework_score", FLOAT, "Stance toward the framework actor (`--framework-actor`, default `tscf`), -1 to 1, as in `stance`; empty when the article does not mention it."),
        Column("framework_label", STRING, "critical, neutral or supportive; empty when the article does not mention the framework."),
        Column("framework_evidence", STRING, "sentence_ids of the up to three sentences that weigh most in `framework_score`, `|`-separated."),
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
        Column("polarity", FLOAT, "TextBlob polarity, -1 (negative) to 1 (positive)."),
        Column("subjectivity", FLOAT, "TextBlob subjectivity, 0 (factual) to 1 (opinion)."),
        Column("vader_compound", FLOAT, "VADER compound score, -1 to 1."),
    ),
)

SENTENCE_STANCE = Table(
    "sentence_stance",
    "One row per (sentence, actor) the sentence mentions: the sentence's score toward the actor, the evidence behind every stance number.",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("sentence_id", STRING, "The sentence (see `sentences`)."),
        Column("actor_id", STRING, "The actor (see `actors`)."),
        Column("score", FLOAT, "p(positive) - p(negative) of the target sentiment model, averaged over the actor's mentions in the sentence; lowered by 0.5 when the sentence carries hedged criticism. -1 to 1."),
        Column("label", STRING, "negative (score below -0.2), neutral or positive (above 0.2)."),
        Column("hedged", BOOLEAN, "True when the sentence carries hedged criticism (\"could jeopardize\", \"critics argue\")."),
    ),
)

STANCE = Table(
    "stance",
    "One row per (article, actor) with at least one mention.",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("actor_id", STRING, "The actor (see `actors`)."),
        Column("n_sentences", INTEGER, "Sentences of the article that mention the actor."),
        Column("n_negative", INTEGER, "Of those, sentences negative toward it."),
        Column("n_neutral", INTEGER, "Of those, neutral ones."),
        Column("n_positive", INTEGER, "Of those, positive ones."),
        Column("score", FLOAT, "Sum of the sentence scores (see `sentence_stance`) divided by (n_sentences + 2): a mean pulled toward 0 when evidence is thin. -1 to 1."),
        Column("label", STRING, "critical (score below -0.2), neutral or supportive (above 0.2)."),
        Column("evidence", STRING, "sentence_ids of the up to three sentences with the largest scores in size, `|`-separated."),
    ),
)

SOURCE_STANCE = Table(
    "source_stance",
    "One row per (outlet, actor): how each outlet treats each actor, with a 95% interval so that thin evidence looks thin.",
    (
        Column("outlet", STRING, "The outlet (see `articles`)."),
        Column("actor_id", STRING, "The actor (see `actors`)."),
        Column("n_articles", INTEGER, "Articles of the outlet that mention the actor."),
        Column("n_sentences", INTEGER, "Sentences of those articles that mention it."),
        Column("mean_score", FLOAT, "Mean sentence score, -1 to 1."),
        Column("interval_low", FLOAT, "Lower end of the 95% t-interval of the mean over sentences (-1 with a single sentence)."),
        Column("interval_high", FLOAT, "Upper end (1 with a single sentence). Sentences of one article are not independent, so read it as a lower bound on uncertainty."),
        Column("label", STRING, "critical, neutral or supportive, from `mean_score` as in `stance`."),
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

TABLES: dict[str, Table] = {
    table.name: table
    for table in (ARTICLES, SENTENCES, ACTORS, MENTIONS, QUOTES, CANDIDATES, SENTENCE_STANCE, STANCE, SOURCE_STANCE, REJECTED)
}

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


DICTIONARY_START = "<!-- data-dictionary:start -->\n"
DICTIONARY_END = "<!-- data-dictionary:end -->"


def readme_with_data_dictionary(readme: str) -> str:
    """The README with the block between the data-dictionary markers regenerated."""
    start = readme.index(DICTIONARY_START) + len(DICTIONARY_START)
    end = readme.index(DICTIONARY_END)
    return readme[:start] + data_dictionary_markdown() + readme[end:]
