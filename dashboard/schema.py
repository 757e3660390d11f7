"""The columns of every table Coverage Lens writes, declared once.

The pipeline builds its frames from these declarations, the app reads them, the README's
data dictionary is generated from them (`python -m dashboard data-dictionary`), and the
tests check all three agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.preprocessing.sentiment.bands import SENTENCE_BAND, STANCE_BAND
from dashboard.readme_blocks import readme_with_block

# The sentence tone columns are empty in a build without it (`--stance fast` skips it unless `--tone`).
NO_TONE = "Empty when the build skipped sentence tone (`build.json` `sentence_tone`: false)."

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

    def restricted_to(self, names: list[str]) -> Table:
        """The same table with only the columns named, in the table's order."""
        return Table(self.name, self.description, tuple(column for column in self.columns if column.name in names))


ARTICLES = Table(
    "articles",
    "One row per article that was read and cleaned.",
    (
        Column("article_id", STRING, "Stable id: a Factiva export's accession number (`JATIME0020240729ek7t0005d`), else a hash of the normalised article text (and of the outlet when two outlets carry the same text). Duplicates are found by the text either way: the same article in an export and as a page dump is one article, with the id of the copy read first."),
        Column("source_path", STRING, "File the article came from, relative to its input folder; `path#n` for the n-th record (from 1) of a multi-record file."),
        Column("outlet", STRING, "Original publisher, as named in `data/sources.csv` when known; else as named in the file; else the URL's domain; else `unknown`."),
        Column("republisher", STRING, "Site that reposted the article when the file names one (\"JapanTimes || Shining BD\" gives Shining BD); empty otherwise."),
        Column("outlet_country", STRING, "Country of the outlet, from `data/sources.csv`; empty when the outlet is not listed there."),
        Column("outlet_kind", STRING, "news, wire, think tank, government, state media, aggregator or blog, from `data/sources.csv`; empty when not listed."),
        Column("title", STRING, "Headline; empty when the file has none."),
        Column("published", DATE, "Publication date (ISO `YYYY-MM-DD`); empty when the file gives none. Never guessed."),
        Column("date_source", STRING, "Where `published` came from: json, csv, export (a Nexis or Factiva document's date), html-meta, url, dateline, byline, text or none."),
        Column("url", STRING, "Address of the article when the file gives one."),
        Column("author", STRING, "People's names from the byline, `; `-separated (no dates, roles or bios); a role such as \"Staff\" only when the byline names no one; empty when there is none."),
        Column("genre", STRING, "news, editorial, opinion/column, analysis, interview or statement, from the headline label ([Editorial], \"Opinion |\"), the section, the URL path (/opinion/), the byline, the outlet's kind (a government's text is a statement) or a wire dateline; empty when nothing says."),
        Column("word_count", INTEGER, "Words in the cleaned text."),
        Column("n_sentences", INTEGER, "Sentences in the cleaned text (rows in `sentences`)."),
        Column("syndicated_of", STRING, "article_id of the earlier article this one is a near-copy of (a reposted wire story); empty for originals."),
        Column("citations", STRING, "Citation tags such as `a3a17192` taken out of the text, `|`-separated, in order of first use."),
        Column("polarity", FLOAT, f"Mean TextBlob polarity of the article's sentences, -1 to 1. {NO_TONE}"),
        Column("subjectivity", FLOAT, f"Mean TextBlob subjectivity of the article's sentences, 0 to 1. {NO_TONE}"),
        Column("vader_compound", FLOAT, f"Mean VADER compound score of the article's sentences, -1 to 1. {NO_TONE}"),
        Column("topic_score", FLOAT, "Stance toward the topic (`--topic`, default `tscf`; `data/topics/<topic>.csv`), -1 (critical) to 1 (supportive): p(supportive) - p(critical) averaged over the headline and sentences with the weights in `topic_stance`, blended with the model's reading of the whole article (the share is `topic_weights.whole` in `build.json`); empty when no sentence is about the topic."),
        Column("topic_whole_score", FLOAT, "The stance model's reading of the whole article (its windows, each opened by the headline), -1 to 1: `topic_score` is `topic_weights.whole` of it plus the rest of the sentences' weighted mean; empty when not used."),
        Column("topic_label", STRING, "critical, neutral or supportive, from `topic_score` and the neutral band recorded in `build.json`; empty when no sentence is about the topic."),
        Column("topic_confidence", FLOAT, "Weighted mean probability the topic sentences give to `topic_label`, 0 to 1; empty when no sentence is about the topic."),
        Column("topic_sentences", INTEGER, "Sentences that refer to the topic themselves, the headline included when it does."),
        Column("topic_evidence", STRING, "sentence_ids of the up to three sentences that pull hardest toward `topic_label`, `|`-separated (`<article_id>:title` is the headline)."),
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
        Column("polarity", FLOAT, f"TextBlob polarity, -1 (negative) to 1 (positive). {NO_TONE}"),
        Column("subjectivity", FLOAT, f"TextBlob subjectivity, 0 (factual) to 1 (opinion). {NO_TONE}"),
        Column("vader_compound", FLOAT, f"VADER compound score, -1 to 1. {NO_TONE}"),
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
        Column("label", STRING, f"negative (score below -{SENTENCE_BAND}), neutral or positive (above {SENTENCE_BAND})."),
        Column("hedged", BOOLEAN, "True when the sentence carries hedged criticism (\"could jeopardize\", \"critics argue\")."),
    ),
)

TOPIC_STANCE = Table(
    "topic_stance",
    "One row per headline and sentence of each article about the topic: how it refers to the topic, whose voice it is, and the stance it takes.",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("sentence_id", STRING, "The sentence (see `sentences`); `<article_id>:title` for the headline."),
        Column("topic", STRING, "The topic's id (the file name in `data/topics/`)."),
        Column("reference_kind", STRING, "How the sentence refers to the topic: name, detractor_name, part, reference, together (names all its members), generic_reference (\"the pact\": counts only in an article that refers to the topic in another way too), back_reference (opens with \"It\"/\"This\" after a sentence about it), or context (another sentence of an article that is about the topic)."),
        Column("voice", STRING, "own (the outlet's words) or quoted (a direct quotation or words attributed to someone)."),
        Column("weight", FLOAT, "Weight in the article's `topic_score`: 1 for the outlet's own sentences about the topic; quoted ones, the headline and the sentences that do not name the topic (`reference_kind` context) as `topic_weights` in `build.json` says."),
        Column("p_critical", FLOAT, "Probability that the sentence is critical of the topic."),
        Column("p_neutral", FLOAT, "Probability that it is neutral."),
        Column("p_supportive", FLOAT, "Probability that it is supportive."),
        Column("score", FLOAT, "p_supportive - p_critical, -1 to 1."),
        Column("label", STRING, "The most probable of critical, neutral, supportive."),
        Column("text", STRING, "The sentence or headline."),
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
        Column("label", STRING, f"critical (score below -{STANCE_BAND}), neutral or supportive (above {STANCE_BAND})."),
        Column("evidence", STRING, "sentence_ids of the up to three sentences with the largest scores in size, `|`-separated."),
    ),
)

SOURCE_STANCE = Table(
    "source_stance",
    "One row per (outlet, topic) and (outlet, actor): how each outlet stands on the topic and treats each actor, with a 95% interval bootstrapped over its articles, so that thin evidence looks thin.",
    (
        Column("outlet", STRING, "The outlet (see `articles`)."),
        Column("target_kind", STRING, "topic or actor."),
        Column("target_id", STRING, "The topic's id, or the actor's `actor_id` (see `actors`)."),
        Column("n_articles", INTEGER, "Articles of the outlet with a stance toward the target."),
        Column("n_sentences", INTEGER, "Sentences of those articles about the target."),
        Column("mean_score", FLOAT, "For the topic, the mean `topic_score` of the articles; for an actor, the mean sentence score (see `sentence_stance`). -1 to 1."),
        Column("interval_low", FLOAT, "Lower end of the 95% percentile interval of `mean_score` over 1,000 resamples of the outlet's articles (sentences of one article are not independent, so articles are resampled whole); -1 with a single article. From 100 articles on, the normal interval of the same resampling, which the percentiles tend to (they differ by less than two runs of the resampling do)."),
        Column("interval_high", FLOAT, "Upper end; 1 with a single article."),
        Column("label", STRING, f"critical, neutral or supportive, from `mean_score` (the topic's band for the topic, {STANCE_BAND} for actors)."),
    ),
)

SENTENCE_FRAMES = Table(
    "sentence_frames",
    "One row per (headline or sentence, frame) it carries: how the outlet tells the story, with the evidence (frames declared in `data/frames.csv`, `build --frames`).",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("sentence_id", STRING, "The sentence (see `sentences`); `<article_id>:title` for the headline."),
        Column("frame", STRING, "The frame's id (see `frames`)."),
        Column("score", FLOAT, "How strongly the sentence carries the frame, 0 to 1: from its cues (one cue 0.6, each more closes part of the gap to 1) and, unless cue-only, its similarity to the frame's description and examples."),
        Column("method", STRING, "cue (a cue phrase only: the build ran `--stance fast`), similarity (close to the frame's description or examples, no cue) or cue+similarity."),
        Column("cue", STRING, "The cue phrases found in the sentence, `|`-separated; empty when there is none."),
    ),
)

ARTICLE_FRAMES = Table(
    "article_frames",
    "One row per (article, frame) with at least one sentence carrying it (the headline not counted).",
    (
        Column("article_id", STRING, "The article (see `articles`)."),
        Column("frame", STRING, "The frame's id (see `frames`)."),
        Column("sentences", INTEGER, "The article's sentences that carry the frame."),
        Column("share", FLOAT, "Those sentences over the article's sentences (`n_sentences`), 0 to 1."),
    ),
)

FRAMES = Table(
    "frames",
    "The frames (`data/frames.csv`) as the build used them.",
    (
        Column("frame", STRING, "Short stable id, e.g. `nk_threat_deterrence`."),
        Column("name", STRING, "Display name."),
        Column("description", STRING, "What the frame says, in one line."),
        Column("family", STRING, "The generic frame it belongs to (security_defence, political, economic, legality, public_opinion in the shipped file); a generic frame is its own family and is given only where no other frame fits."),
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
    for table in (
        ARTICLES, SENTENCES, ACTORS, MENTIONS, QUOTES, CANDIDATES, TOPIC_STANCE, SENTENCE_STANCE, STANCE, SOURCE_STANCE,
        SENTENCE_FRAMES, ARTICLE_FRAMES, FRAMES, REJECTED,
    )
}

# Files people write, not the build: declared here too, so the app, the CLI and the data
# dictionary agree on their columns.
LABELS = Table(
    "labels",
    "`data/labels.csv`: people's reading of articles, one row per label given (the newest row of an article and coder counts). Written by the Check the numbers page, one row at a time.",
    (
        Column("article_id", STRING, "The article's `article_id`: a hash of its clean text (or an export's accession number), so a label survives rebuilds, re-ingest and renamed files."),
        Column("coder", STRING, "Who read it."),
        Column("stance", INTEGER, "The coder's stance of the article on the topic, -2..+2: -2/-1 critical, 0 neutral, +1/+2 supportive."),
        Column("frames", STRING, "Frames the coder saw, `|`-separated; may be empty."),
        Column("note", STRING, "The coder's note; may be empty."),
        Column("labelled_at", STRING, "When the label was saved (UTC, ISO 8601)."),
        Column("chosen", STRING, "How the article was put before the coder: random (the sample; counts in agreement figures) or active (chosen to be informative; never counts in them)."),
    ),
)
WRITTEN_FILES: dict[str, Table] = {LABELS.name: LABELS}

DATE_SOURCES = ("json", "csv", "html-meta", "url", "dateline", "byline", "text", "none")
OUTLET_KINDS = ("news", "wire", "think tank", "government", "state media", "aggregator", "blog")


# The columns of `articles` that a row-level table's own CSV download (the Data page) adds
# after `article_id`, so that a downloaded file stands alone; the Parquet and the build's
# CSV files, and the zip of all tables, stay tidy.
DOWNLOAD_CONTEXT = ("outlet", "published", "title")


def gains_download_context(table: Table) -> bool:
    """Whether the table's rows belong to an article, so that its download adds DOWNLOAD_CONTEXT."""
    return table.name != ARTICLES.name and "article_id" in table.column_names


def download_column_names(table: Table) -> list[str]:
    """The columns of the table's CSV download, in order."""
    names = table.column_names
    if not gains_download_context(table):
        return names
    at = names.index("article_id") + 1
    return [*names[:at], *DOWNLOAD_CONTEXT, *names[at:]]


def data_dictionary_markdown() -> str:
    """The README's data dictionary, one section per table."""
    parts: list[str] = []
    for table in (*TABLES.values(), *WRITTEN_FILES.values()):
        parts.append(f"### `{table.name}`\n\n{table.description}")
        if table.name in TABLES and gains_download_context(table):
            added = ", ".join(f"`{name}`" for name in DOWNLOAD_CONTEXT)
            parts.append(
                f"\nDownloaded on its own from the Data page, its CSV adds the article's {added} (from `articles`) after "
                "`article_id`; the zip of all tables leaves them out, since it holds `articles`."
            )
        parts.append("\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{c.name}` | {c.dtype} | {c.description} |" for c in table.columns)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


DICTIONARY_START = "<!-- data-dictionary:start -->\n"
DICTIONARY_END = "<!-- data-dictionary:end -->"


def readme_with_data_dictionary(readme: str) -> str:
    """The README with the block between the data-dictionary markers regenerated."""
    return readme_with_block(readme, DICTIONARY_START, DICTIONARY_END, data_dictionary_markdown())
