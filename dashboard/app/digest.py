"""The digest: what the coverage says, every line a sentence of an article, cited to every
outlet that carries it. Extractive only: no text is written, every line is quoted verbatim.
No Streamlit here.

How a digest is made:

1. **Candidates.** The sentences of the filtered articles that read as a whole claim: eight
   to eighty words, ending as a sentence ends (a headline, a photo credit or a question is
   no claim). In Chinese and Japanese, written without spaces, a Han character or kana
   counts half a word (see `word_count`), and 。 and ！ end a sentence. A syndicated copy
   whose original is among the filtered articles is left out: its original speaks for it,
   and a wire story reposted by ten sites is one source, not ten (a copy whose original is
   filtered out stands in for it). At most `CANDIDATE_CAP` sentences are grouped, so a large
   corpus cannot hang the page. The sentences are ordered on cheap columns before any is
   read: sentences about the topic first, then lead sentences (the first three of an
   article), then the rest, and within each tier the outlets take turns, newest articles
   first; they are then read in that order, a chunk at a time, until `CANDIDATE_CAP` read
   as claims. The order is made once per corpus (`sentence_order`) and a filter masks it
   (`candidates_in`). The page says when the cap applied, and of how many sentences.
2. **Groups.** Two sentences say the same thing when their similarity reaches
   `SAME_CLAIM`: the mean of their embeddings' cosine (all-MiniLM-L6-v2) and of their
   TF-IDF cosine over the candidates' words. The embedding alone scores any two sentences
   about the same event at 0.6 to 0.7, paraphrase or not; the words' share, weighted
   against the words every sentence uses, tells "Freedom Edge" from "missile warning".
   Groups are average-linkage clusters: a sentence joins a group when it is that similar
   to the group's sentences on average, so one loose pair does not chain two claims.
3. **Lines.** Each group's line is its clearest sentence, verbatim: the one closest to the
   rest of the group, preferring the outlet's own words (not a quotation) of ten to forty
   words. Groups rank by the outlets that carry them, then their articles. Within each
   section, lines are chosen by maximal marginal relevance (`MMR_WEIGHT` on the outlets'
   share, the rest against similarity to the lines already chosen), so that two lines do
   not say nearly the same.
4. **Sections.** A group is *contested* when its articles include both a critical and a
   supportive one on the topic (`articles.topic_label`): it goes under "What is disputed".
   Otherwise, a group that at least two outlets carry mostly in their own voice (at least
   half its sentences are not quotations or attributed words) goes under "What happened",
   as does any group of neutral or unlabelled articles only; the rest go under "What each
   side says", as the critical or the supportive side's, by its articles' stance.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.app.reader import markdown_text
from dashboard.app.tables import rows_of
from dashboard.app.views import count_of, published_text

Embed = Callable[[Sequence[str]], np.ndarray]

# Each new candidate is embedded with its clauses (about 1.5 texts a sentence, 1.7 ms a text
# on one core of this project's machine, about half that on two): 300 new candidates cost
# some 0.4 s, which keeps a new filter's page under 1.5 s at 100,000 articles; 1,000 cost
# 1.3 s and more on their own.
CANDIDATE_CAP = 300
# The mixed similarity (embedding and TF-IDF cosines averaged) at which two sentences say
# the same: paraphrases written for the purpose score 0.50 to 0.64 (signing, missile-warning
# data, Freedom Edge drills), sentences on the same event with other claims 0.24 to 0.44.
SAME_CLAIM = 0.45
MMR_WEIGHT = 0.7
LINES_PER_SECTION = 5
MIN_WORDS, MAX_WORDS = 8, 80
CLEAR_WORDS = (10, 40)
MIN_CLAUSE_WORDS = 6

HAPPENED, SIDES, DISPUTED = "What happened", "What each side says", "What is disputed"
SECTIONS = (HAPPENED, SIDES, DISPUTED)
CRITICAL, SUPPORTIVE = "critical", "supportive"

# Han characters and kana: Chinese and Japanese are written without spaces between words.
_CJK_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_CJK = re.compile(f"[{_CJK_CHARACTERS}]")
_CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]")
# Words for TF-IDF: a run of Han characters or kana, or a run of other letters and digits.
_WORDS = re.compile(f"[{_CJK_CHARACTERS}]+|(?:(?![{_CJK_CHARACTERS}])[^\\W_])+")
_SENTENCE_END = re.compile(r"[.!。！][\"'”’)\]」』）]*\s*$")
_CLAUSE_BREAK = re.compile(r";\s+|,?\s+(?:and|but|while|whereas)\s+|,\s+(?:adding|which|including|citing|noting)\s+")
_QUOTATION = re.compile(r"[\"“”「」『』]|(?:^|\s)‘|’(?:\s|$)")
# Too common to tell claims apart.
_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "could", "for", "from", "had", "has",
        "have", "he", "her", "his", "in", "into", "is", "it", "its", "more", "not", "of", "on", "or", "said",
        "says", "she", "than", "that", "the", "their", "them", "they", "this", "to", "was", "were", "which",
        "who", "will", "with", "would",
    }
)


@dataclass(frozen=True)
class Candidates:
    sentences: pd.DataFrame  # sentence_id, article_id, text, voice, outlet, title, published, url, topic_label
    total: int  # sentences of the kept articles (syndicated copies left out), read or not
    capped: bool  # `cap` sentences read as claims before all of them were read


@dataclass(frozen=True)
class Citation:
    article_id: str
    outlet: str
    title: str
    published: str  # ISO date or ""
    url: str
    sentence_id: str
    text: str  # the article's own sentence in the group


@dataclass(frozen=True)
class DigestLine:
    text: str  # verbatim: the sentence `sentence_id`
    sentence_id: str
    article_id: str
    section: str
    side: str  # critical, supportive, or "" (happened; disputed)
    outlets: tuple[str, ...]
    citations: tuple[Citation, ...]
    contested: bool


@dataclass(frozen=True)
class Digest:
    lines: tuple[DigestLine, ...]
    candidates: int
    total: int
    capped: bool
    groups: int

    def section(self, name: str, side: str = "") -> list[DigestLine]:
        return [line for line in self.lines if line.section == name and (not side or line.side == side)]


CANDIDATE_COLUMNS = ["sentence_id", "article_id", "text", "voice", "outlet", "title", "published", "url", "topic_label"]


def word_count(text: str) -> float:
    """The words of `text`: its tokens between spaces, a Han character or kana counting half
    a word (Chinese and Japanese words run one to three characters, unspaced) and CJK
    punctuation none."""
    characters = len(_CJK.findall(text))
    if not characters:
        return len(text.split())
    return len(_CJK_PUNCTUATION.sub(" ", _CJK.sub(" ", text)).split()) + characters / 2


def reads_as_claim(text: str) -> bool:
    """`MIN_WORDS` to `MAX_WORDS` words, ending as a sentence ends."""
    return MIN_WORDS <= word_count(text) <= MAX_WORDS and _SENTENCE_END.search(text) is not None


def _in_turns(tier: np.ndarray, outlet: np.ndarray) -> np.ndarray:
    """The order of rows already sorted within each tier (newest first): by tier, then the
    outlets take turns (each outlet's first row, then each one's second...), by outlet."""
    key = pd.Series(tier.astype(np.int64) * (int(outlet.max(initial=0)) + 1) + outlet)
    turn = key.groupby(key).cumcount().to_numpy()
    return np.lexsort((outlet, turn, tier))


@dataclass(frozen=True, eq=False)
class SentenceOrder:
    """What choosing candidates needs of a corpus, made once for every filter of it: the
    sentences long enough to be claims, sorted by tier (about the topic, lead, the rest),
    outlet, article (newest first) and position, so that a filter only masks them."""

    sentences: pd.DataFrame
    articles: pd.DataFrame  # every article a filter may keep
    article_of: np.ndarray  # each sentence's article (row of `articles`), -1 for none
    original_of: np.ndarray  # each article's original (row of `articles`) when it is a copy of one, else -1
    sentences_per_article: np.ndarray
    rank: np.ndarray  # each article's place, newest first
    outlet: np.ndarray  # each article's outlet as a number, by name (none last)
    topical: np.ndarray  # each sentence: about the topic
    voice_row: np.ndarray  # each sentence's row of `voices`, -1 for none
    voices: np.ndarray  # topic_stance's voices
    rows: np.ndarray  # the sentences long enough, in order
    tier: np.ndarray  # each of `rows`: 0 about the topic, 1 lead (position < 3), 2 the rest


def sentence_order(sentences: pd.DataFrame, articles: pd.DataFrame, topic_stance: pd.DataFrame, article_of: np.ndarray | None = None) -> SentenceOrder:
    """The order of `sentences` (of `articles`, or of no article given) for `candidates_in`;
    `article_of`, each sentence's row of `articles`, when known already.

    Over every sentence only Arrow's vectorised lookups and lengths, and numpy: pandas'
    string methods take seconds on the millions of sentences of a large corpus."""
    if article_of is None:
        article_of = rows_of(articles["article_id"], sentences["article_id"])
    original_of = rows_of(articles["article_id"], articles["syndicated_of"].fillna(""))
    # Newest articles first, then by id; the outlets by name, none last.
    newest = articles.assign(_row=np.arange(len(articles))).sort_values(
        ["published", "article_id"], ascending=[False, True], na_position="last", kind="stable"
    )["_row"].to_numpy()
    rank = np.empty(len(articles), dtype=np.int64)
    rank[newest] = np.arange(len(articles))
    outlet, _ = pd.factorize(articles["outlet"].astype(object).where(articles["outlet"].notna()), sort=True, use_na_sentinel=True)
    outlet = np.where(outlet < 0, int(outlet.max(initial=-1)) + 1, outlet)
    lengths = pc.utf8_length(pa.array(sentences["text"], type=pa.large_string())).fill_null(0).to_numpy(zero_copy_only=False)
    refers = topic_stance["reference_kind"].notna() & (topic_stance["reference_kind"] != "context")
    sentence_ids = pa.array(sentences["sentence_id"], type=pa.large_string())
    topical = pc.is_in(sentence_ids, value_set=pa.array(topic_stance["sentence_id"][refers], type=pa.large_string())).fill_null(False).to_numpy(zero_copy_only=False)
    voice_row = rows_of(topic_stance["sentence_id"], sentences["sentence_id"])
    position = sentences["position"].to_numpy(dtype=np.int64, na_value=0)
    rows = np.flatnonzero((article_of >= 0) & (lengths >= MIN_WORDS))
    tier = np.where(topical[rows], 0, np.where(position[rows] < 3, 1, 2))
    # Sentences of one article share its outlet and rank: the row breaks ties as before.
    within = np.lexsort((position[rows], rank[article_of[rows]], outlet[article_of[rows]], tier))
    counts = np.bincount(article_of[article_of >= 0], minlength=len(articles))
    return SentenceOrder(
        sentences, articles, article_of, original_of, counts, rank, outlet, topical, voice_row,
        topic_stance["voice"].to_numpy(dtype=object), rows[within], tier[within],
    )


def _turns(groups: np.ndarray) -> np.ndarray:
    """Each row's place within its run of equal `groups` (0, 1, ...)."""
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]]) if len(groups) else np.zeros(0, dtype=np.int64)
    return np.arange(len(groups)) - np.repeat(starts, np.diff(np.r_[starts, len(groups)]))


def _chunks_in_order(keys: np.ndarray, step: int) -> Iterator[np.ndarray]:
    """The positions of `keys` (distinct) from the smallest key up, `step` at a time: the
    rest is sorted only when the first chunk is not enough (a large selection reads a few
    thousand of its millions of sentences)."""
    if len(keys) <= step:
        yield np.argsort(keys)
        return
    head = np.argpartition(keys, step)[:step]
    yield head[np.argsort(keys[head])]
    rest = np.setdiff1d(np.arange(len(keys)), head, assume_unique=True)
    rest = rest[np.argsort(keys[rest])]
    for start in range(0, len(rest), step):
        yield rest[start : start + step]


def candidate_sentences(sentences: pd.DataFrame, articles: pd.DataFrame, topic_stance: pd.DataFrame, cap: int = CANDIDATE_CAP) -> Candidates:
    """The sentences of `articles` worth grouping (see the module's docstring), at most `cap`
    of them; `sentences` and `topic_stance` may hold other articles' rows too."""
    return candidates_in(sentence_order(sentences, articles, topic_stance), None, cap)


def candidates_in(order: SentenceOrder, kept: np.ndarray | None, cap: int = CANDIDATE_CAP) -> Candidates:
    """The candidates among the articles `kept` (a mask over `order.articles`; None: all).

    Bounded at any size: the sentences of the kept articles are taken in the order made
    once, and read, a chunk at a time, until `cap` of them read as claims."""
    articles = order.articles
    if order.sentences.empty or articles.empty:
        return Candidates(pd.DataFrame(columns=CANDIDATE_COLUMNS), 0, False)
    kept = np.ones(len(articles), dtype=bool) if kept is None else kept
    # A copy whose original is among the articles is left out.
    kept = kept & ~((order.original_of >= 0) & kept[order.original_of])
    total = int(order.sentences_per_article[kept].sum())
    taken = kept[order.article_of[order.rows]]
    rows, tier = order.rows[taken], order.tier[taken]
    outlet = order.outlet[order.article_of[rows]]
    outlets = int(order.outlet.max(initial=0)) + 1
    # Rows are sorted by tier and outlet: an outlet's turn is its row's place in its run.
    turn = _turns(tier * outlets + outlet)
    keys = (tier * (len(rows) + 1) + turn) * outlets + outlet
    chosen: list[int] = []
    read = 0
    for positions in _chunks_in_order(keys, max(2 * cap, 4096)):
        if len(chosen) >= cap:
            break
        chunk = rows[positions]
        texts = order.sentences["text"].iloc[chunk].tolist()
        chosen.extend(int(row) for row, text in zip(chunk, texts, strict=True) if reads_as_claim(str(text)))
        read += len(chunk)
    capped = len(chosen) > cap or (len(chosen) >= cap and read < len(rows))
    chosen = chosen[:cap]
    of = order.article_of[chosen]
    frame = pd.concat(
        [
            order.sentences.iloc[chosen][["sentence_id", "article_id", "position", "text"]].reset_index(drop=True),
            articles.iloc[of][["outlet", "title", "published", "url", "topic_label"]].reset_index(drop=True),
        ],
        axis=1,
    )
    found = order.voice_row[chosen]
    voice = pd.Series([order.voices[row] if row >= 0 else None for row in found], index=frame.index, dtype=object)
    quoted = frame["text"].str.contains(_QUOTATION)
    frame = frame.assign(voice=voice.where(voice.notna() & ~quoted, np.where(quoted, "quoted", "own")))
    # The chosen in the same order, the outlets' turns counted among the chosen only.
    topical, position = order.topical[chosen], frame["position"].to_numpy()
    frame = frame.assign(_tier=np.where(topical, 0, np.where(position < 3, 1, 2)), _rank=order.rank[of], _outlet=order.outlet[of])
    frame = frame.sort_values(["_tier", "_rank", "position"], kind="stable")
    frame = frame.iloc[_in_turns(frame["_tier"].to_numpy(), frame["_outlet"].to_numpy())]
    return Candidates(frame[CANDIDATE_COLUMNS].reset_index(drop=True), total, capped)


def words_of(text: str) -> list[str]:
    """The words of `text` for TF-IDF, casefolded, without stop words; a run of Han
    characters or kana (unspaced Chinese or Japanese) gives its character bigrams."""
    words: list[str] = []
    for token in _WORDS.findall(text.casefold()):
        if _CJK.match(token):
            words.extend(token[index : index + 2] for index in range(max(len(token) - 1, 1)))
        elif token not in _STOP_WORDS:
            words.append(token)
    return words


def word_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sublinear TF-IDF rows of `texts` (float32), the IDF taken over `texts`
    themselves (so words every sentence of the corpus uses count for little).

    Only the words at least two of the texts share are columns: a word of one text adds
    nothing to any pair's dot product, and most words are of one text, so the matrix stays
    small at the cap. Each row's norm is still taken over all its words, so every pair's
    cosine is exactly the full TF-IDF cosine (and `SAME_CLAIM` keeps its calibration); a
    row's product with itself is then below 1 when it has words of its own."""
    tokens = [words_of(text) for text in texts]
    frequency = Counter(word for words in tokens for word in set(words))
    vocabulary = {word: index for index, word in enumerate(word for word, texts_with in frequency.items() if texts_with >= 2)}
    vectors = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    norms = np.zeros(len(texts))
    for row, words in enumerate(tokens):
        for word, count in Counter(words).items():
            weight = (1 + np.log(count)) * (np.log((1 + len(texts)) / (1 + frequency[word])) + 1)
            norms[row] += weight**2
            if word in vocabulary:
                vectors[row, vocabulary[word]] = weight
    return vectors / np.maximum(np.sqrt(norms), 1e-12).astype(np.float32)[:, None]


def clauses_of(text: str) -> list[str]:
    """The sentence's clauses of at least `MIN_CLAUSE_WORDS` words (a shorter piece joins the
    next): a sentence that makes two claims ("commended the drill and agreed to meet in
    Seoul") then matches a sentence making either."""
    pieces = [piece for piece in _CLAUSE_BREAK.split(text) if piece.strip()]
    merged: list[str] = []
    carried = ""
    for piece in pieces:
        carried = f"{carried} {piece}".strip()
        if word_count(carried) >= MIN_CLAUSE_WORDS:
            merged.append(carried)
            carried = ""
    if carried and merged:
        merged[-1] = f"{merged[-1]} {carried}"
    return merged if len(merged) > 1 else []


def sentence_similarities(texts: Sequence[str], embed: Embed) -> np.ndarray:
    """(n, n): each pair's best similarity between the sentences whole or any of their clauses,
    the similarity being the mean of the embeddings' cosine and the TF-IDF cosine (see `SAME_CLAIM`)."""
    parts = [[text, *clauses_of(text)] for text in texts]
    flat = [part for sentence in parts for part in sentence]
    owner = np.repeat(np.arange(len(texts)), [len(sentence) for sentence in parts])
    embeddings = np.asarray(embed(flat), dtype=np.float32)
    words = word_vectors(flat)
    similarity = (embeddings @ embeddings.T + words @ words.T) / 2
    # Each part is the same claim as itself (`word_vectors` keeps shared words only).
    np.fill_diagonal(similarity, 1.0)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    best = np.maximum.reduceat(np.maximum.reduceat(similarity, starts, axis=0), starts, axis=1)
    return best.astype(float)


def claim_groups(similarity: np.ndarray, threshold: float = SAME_CLAIM) -> np.ndarray:
    """Each sentence's group (0, 1, ...): average-linkage clusters whose members are, on
    average, at least `threshold` similar to each other."""
    n = len(similarity)
    linkage = similarity.astype(float).copy()
    np.fill_diagonal(linkage, -np.inf)
    sizes = np.ones(n)
    group = np.arange(n)
    for _ in range(n - 1):
        flat = int(np.argmax(linkage))
        first, second = divmod(flat, len(linkage))
        if linkage[first, second] < threshold:
            break
        # Lance-Williams: the merged group's average similarity to every other group.
        merged = (sizes[first] * linkage[first] + sizes[second] * linkage[second]) / (sizes[first] + sizes[second])
        linkage[first], linkage[:, first] = merged, merged
        linkage[first, first] = -np.inf
        linkage[second], linkage[:, second] = -np.inf, -np.inf
        sizes[first] += sizes[second]
        group[group == second] = first
    return np.unique(group, return_inverse=True)[1]


def clearest_sentence(members: np.ndarray, similarity: np.ndarray, texts: Sequence[str], voices: Sequence[str]) -> int:
    """The member closest to the rest of its group, a quotation or an odd length counting against it."""
    if len(members) == 1:
        return int(members[0])
    closeness = similarity[np.ix_(members, members)].sum(axis=1) / (len(members) - 1)
    words = np.array([word_count(texts[member]) for member in members])
    quoted = np.array([voices[member] != "own" for member in members])
    odd = (words < CLEAR_WORDS[0]) | (words > CLEAR_WORDS[1])
    return int(members[int(np.argmax(closeness - 0.2 * quoted - 0.1 * odd))])


def section_of(labels: Sequence[str], voices: Sequence[str], outlets: int) -> tuple[str, str]:
    """(section, side) of a group whose articles' topic labels are `labels` (see the docstring)."""
    sides = {label for label in labels if label in (CRITICAL, SUPPORTIVE)}
    if len(sides) == 2:
        return DISPUTED, ""
    own = sum(voice == "own" for voice in voices) >= len(voices) / 2
    if not sides or (own and outlets >= 2):
        return HAPPENED, ""
    return SIDES, sides.pop()


def mmr_order(relevance: np.ndarray, similarity: np.ndarray, count: int, weight: float = MMR_WEIGHT) -> list[int]:
    """Up to `count` indexes, each the best trade of relevance against its similarity to those chosen."""
    chosen: list[int] = []
    left = list(range(len(relevance)))
    while left and len(chosen) < count:
        redundancy = similarity[np.ix_(left, chosen)].max(axis=1) if chosen else np.zeros(len(left))
        best = left[int(np.argmax(weight * relevance[left] - (1 - weight) * redundancy))]
        chosen.append(best)
        left.remove(best)
    return chosen


def citations_of(frame: pd.DataFrame) -> list[Citation]:
    """Each candidate's citation: its article and its own sentence."""
    columns = [frame[name].tolist() for name in ("article_id", "outlet", "title", "published", "url", "sentence_id", "text")]
    return [
        Citation(str(article_id), str(outlet), str(title or ""), published_text(published, ""), str(url or ""), str(sentence_id), str(text))
        for article_id, outlet, title, published, url, sentence_id, text in zip(*columns, strict=True)
    ]


def group_citations(citations: Sequence[Citation], members: np.ndarray, line: int) -> tuple[Citation, ...]:
    """One citation per article of the group: the line's own sentence for the line's article,
    for each other article its first sentence in the group; by outlet, then date."""
    cited: dict[str, Citation] = {}
    for member in [line, *(int(member) for member in members if member != line)]:
        cited.setdefault(citations[member].article_id, citations[member])
    return tuple(sorted(cited.values(), key=lambda citation: (citation.outlet, citation.published, citation.article_id)))


@dataclass(frozen=True)
class GroupedClaims:
    """The candidates grouped, each group with its line: the costly part of a digest, which
    does not depend on how many lines a section shows."""

    candidates: Candidates
    similarity: np.ndarray  # (candidates, candidates)
    lines: tuple[DigestLine, ...]  # one per group
    rows: tuple[int, ...]  # each line's sentence: its row of the candidates
    articles: tuple[int, ...]  # each group's articles


def grouped_claims(candidates: Candidates, embed: Embed, threshold: float = SAME_CLAIM) -> GroupedClaims:
    """The groups of `candidates` and their lines; `embed` gives unit-length sentence embeddings."""
    frame = candidates.sentences
    if frame.empty:
        return GroupedClaims(candidates, np.zeros((0, 0)), (), (), ())
    texts, voices = frame["text"].tolist(), frame["voice"].tolist()
    similarity = sentence_similarities(texts, embed)
    groups = claim_groups(similarity, threshold)
    outlets_of = frame["outlet"].to_numpy()
    labels_of = frame["topic_label"].fillna("").to_numpy()
    candidate_citations = citations_of(frame)
    lines: list[DigestLine] = []
    rows: list[int] = []
    articles: list[int] = []
    for group in range(int(groups.max()) + 1):
        members = np.flatnonzero(groups == group)
        outlets = tuple(sorted(set(outlets_of[members])))
        section, side = section_of(list(labels_of[members]), [voices[m] for m in members], len(outlets))
        best = clearest_sentence(members, similarity, texts, voices)
        citations = group_citations(candidate_citations, members, best)
        lines.append(DigestLine(texts[best], str(frame["sentence_id"].iat[best]), str(frame["article_id"].iat[best]), section, side, outlets, citations, section == DISPUTED))
        rows.append(best)
        articles.append(len(citations))
    return GroupedClaims(candidates, similarity, tuple(lines), tuple(rows), tuple(articles))


def digest_from(grouped: GroupedClaims, lines_per_section: int = LINES_PER_SECTION) -> Digest:
    """The digest of `grouped`: at most `lines_per_section` lines per section (and side)."""
    candidates = grouped.candidates
    made = [(line, row, len(line.outlets), articles) for line, row, articles in zip(grouped.lines, grouped.rows, grouped.articles, strict=True)]
    chosen: list[DigestLine] = []
    for section, side in ((HAPPENED, ""), (SIDES, SUPPORTIVE), (SIDES, CRITICAL), (DISPUTED, "")):
        pool = sorted((item for item in made if item[0].section == section and item[0].side == side), key=lambda item: (-item[2], -item[3], item[1]))
        if not pool:
            continue
        most = max(item[2] for item in pool)
        # Articles break ties between groups with as many outlets.
        relevance = np.array([item[2] / most + 0.01 * item[3] / len(candidates.sentences) for item in pool])
        rows = [item[1] for item in pool]
        chosen.extend(pool[index][0] for index in mmr_order(relevance, grouped.similarity[np.ix_(rows, rows)], lines_per_section))
    return Digest(tuple(chosen), len(candidates.sentences), candidates.total, candidates.capped, len(grouped.lines))


def digest_of(candidates: Candidates, embed: Embed, lines_per_section: int = LINES_PER_SECTION, threshold: float = SAME_CLAIM) -> Digest:
    """The digest of `candidates`; `embed` gives unit-length sentence embeddings."""
    return digest_from(grouped_claims(candidates, embed, threshold), lines_per_section)


def text_key(text: str) -> bytes:
    """A text's key on disk: its hash, so that the sentences of private uploads are not written there."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingStore:
    """Embeddings on disk, by a hash of their text, for the next server: a restarted app
    embeds again only the sentences it never saw (embedding the seeds' 281 candidate texts
    takes longer than the rest of the page's first run). Each write is a file of its own,
    made whole before it is renamed into place, so that two servers can share the folder;
    once more than `limit` are kept, the oldest files go. A folder that cannot be read or
    written is a store that keeps nothing. What it holds is read into memory on first use:
    the default `limit`, some 45 filters' candidates, takes 30 MB."""

    def __init__(self, folder: Path, limit: int = 20_000) -> None:
        self._folder, self._limit = folder, limit
        self._vectors: dict[bytes, np.ndarray] | None = None

    def found(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The embeddings of those of `texts` on disk."""
        vectors = self._stored()
        return {text: vectors[key] for text in texts if (key := text_key(text)) in vectors}

    def keep(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        stored = self._stored()
        keys = np.frombuffer(b"".join(map(text_key, texts)), dtype=np.uint8).reshape(len(texts), 16)
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self._folder, suffix=".tmp", delete=False) as file:
                np.savez(file, keys=keys, vectors=vectors)
            Path(file.name).replace(self._folder / f"{time.time_ns()}-{uuid.uuid4().hex}.npz")
        except OSError:
            return
        stored.update(zip(map(bytes, keys), vectors, strict=True))

    def _stored(self) -> dict[bytes, np.ndarray]:
        """What the folder holds, read on first use, newest files first until `limit`."""
        if self._vectors is None:
            self._vectors = {}
            held = 0
            for path in sorted(self._folder.glob("*.npz"), reverse=True):
                try:
                    if held >= self._limit:
                        path.unlink()
                        continue
                    with np.load(path) as shard:
                        keys, vectors = shard["keys"], shard["vectors"]
                except (OSError, ValueError, KeyError):
                    continue
                self._vectors.update((bytes(key), vector) for key, vector in zip(keys, vectors, strict=True) if bytes(key) not in self._vectors)
                held += len(keys)
        return self._vectors


class EmbeddingCache:
    """Sentence embeddings by text, computed once per text for every session and filter
    (a digest under a new filter embeds only the sentences not seen before), and by the
    server before when a `store` keeps them. At most `limit` texts are kept in memory, the
    least recently used going first; the texts of the request being answered are never
    evicted (a request of more than `limit` texts keeps them all until the next)."""

    def __init__(self, embed: Embed, limit: int = 200_000, store: EmbeddingStore | None = None) -> None:
        self._embed, self._limit, self._store = embed, limit, store
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embeddings(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            wanted = list(dict.fromkeys(texts))
            missing = [text for text in wanted if text not in self._vectors]
            for text in wanted:
                if text in self._vectors:
                    self._vectors.move_to_end(text)
            if missing and self._store is not None:
                self._vectors.update(self._store.found(missing))
                missing = [text for text in missing if text not in self._vectors]
            if missing:
                made = np.asarray(self._embed(missing), dtype=np.float32)
                self._vectors.update(zip(missing, made, strict=True))
                if self._store is not None:
                    self._store.keep(missing, made)
            answer = np.stack([self._vectors[text] for text in texts]) if texts else np.zeros((0, 0), dtype=np.float32)
            # This request's texts are the newest `len(wanted)`: only older ones go.
            excess = min(len(self._vectors) - self._limit, len(self._vectors) - len(wanted))
            for _ in range(max(excess, 0)):
                self._vectors.popitem(last=False)
            return answer


def digest_markdown(digest: Digest, topic_title: str) -> str:
    """The digest as a Markdown file: every line quoted verbatim, with the outlets, titles,
    dates and addresses of the articles that carry it; article text escaped, so that it
    shows as written."""
    parts = [f"# Digest: {markdown_text(topic_title) if topic_title else 'the coverage'}", "", DIGEST_RULES, ""]
    if digest.capped:
        parts += [markdown_text(cap_note(digest)), ""]
    if not digest.lines:
        parts.append("No sentence of the articles shown reads as a claim.")
    for section in SECTIONS:
        lines = digest.section(section)
        if not lines:
            continue
        parts += [f"## {section}", ""]
        for line in lines:
            side = f" ({line.side} coverage)" if line.side else ""
            marks = " **contested**" if line.contested else ""
            parts += [f"> {markdown_text(line.text)}", "", f"{outlets_count(line)}{side}{marks}: {markdown_text(', '.join(line.outlets))}", ""]
            parts += [f"- {citation_markdown(citation)}" for citation in line.citations]
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def outlets_count(line: DigestLine) -> str:
    return count_of(len(line.outlets), "outlet")


def articles_count(line: DigestLine) -> str:
    return count_of(len(line.citations), "article")


def citation_markdown(citation: Citation) -> str:
    """One cited article as escaped Markdown: outlet, title, date, address, id and its own sentence."""
    details = [markdown_text(citation.outlet), f"*{markdown_text(citation.title)}*" if citation.title else "(untitled)", citation.published or "undated"]
    if citation.url:
        details.append(markdown_text(citation.url))
    return f"{', '.join(details)} (article {markdown_text(citation.article_id)}): {markdown_text(citation.text)}"


def cap_note(digest: Digest) -> str:
    return (
        f"The digest groups the first {digest.candidates:,} of the {digest.total:,} sentences of the filtered articles, in this "
        "order, that read as claims: sentences about the topic first, then lead sentences, then the rest, the outlets taking "
        "turns, newest articles first; the sentences after them were not read. Narrow the filters to group them all."
    )


DIGEST_RULES = (
    "Every line is a sentence of an article, quoted as written. Sentences that say the same (similar in meaning and words) "
    "are grouped, and a group ranks by the outlets that carry it; its line is its clearest sentence, cited to every article of "
    "the group. *Contested*: the group holds both critical and supportive articles on the topic (What is disputed). "
    "What happened: claims at least two outlets carry mostly in their own words, or only neutral articles carry. "
    "What each side says: the rest, by the stance of the articles that carry them."
)
