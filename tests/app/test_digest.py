"""The digest: on the seeds it holds the event's main facts, each cited to two outlets or
more; on small hand-made tables, grouping, ranking, contested marks, diversity, the
Markdown export and an empty selection."""

import re
from collections import Counter
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from dashboard.app import digest
from dashboard.app.digest import (
    DISPUTED,
    HAPPENED,
    SIDES,
    Candidates,
    EmbeddingCache,
    candidate_sentences,
    claim_groups,
    clauses_of,
    digest_markdown,
    digest_of,
    mmr_order,
    section_of,
    word_vectors,
)
from dashboard.preprocessing.encoder.sentence_encoder import shipped_encoder


def embed(texts):
    return shipped_encoder().embeddings(list(texts))


@pytest.fixture(scope="module")
def seed_digest(seeds):
    candidates = candidate_sentences(seeds["sentences"], seeds["articles"], seeds["topic_stance"])
    return digest_of(candidates, embed, lines_per_section=5)


# Each fact of issue 19, as words a line or one of its cited sentences must hold.
FACTS = {
    "the signing in Tokyo": r"signed.*(Tokyo|on Sunday)",
    "the rotating ministerial meetings": r"rotate hosting .* meetings|next trilateral ministerial meeting",
    "real-time missile-warning data sharing": r"real-time missile.warning data",
    "the Freedom Edge exercises": r"Freedom Edge",
    "the next meeting in Korea": r"next trilateral ministerial meeting in South Korea",
}


@pytest.mark.parametrize("fact", FACTS)
def test_the_seed_digest_covers_each_fact_with_two_outlets(seed_digest, fact):
    pattern = re.compile(FACTS[fact])
    carrying = [line for line in seed_digest.lines if pattern.search(line.text) or any(pattern.search(c.text) for c in line.citations)]
    assert carrying, f"no line covers {fact}"
    assert max(len(line.outlets) for line in carrying) >= 2


def test_the_signing_is_a_line_of_what_happened(seed_digest):
    lines = [line for line in seed_digest.section(HAPPENED) if re.search(r"signed", line.text)]
    assert lines and max(len(line.outlets) for line in lines) >= 3


def test_every_line_and_citation_is_a_sentence_of_the_sentences_table(seed_digest, seeds):
    sentences = seeds["sentences"].set_index("sentence_id")["text"]
    assert seed_digest.lines
    for line in seed_digest.lines:
        assert sentences[line.sentence_id] == line.text
        assert line.sentence_id.startswith(line.article_id)
        assert {citation.outlet for citation in line.citations} == set(line.outlets)
        assert line.article_id in {citation.article_id for citation in line.citations}
        for citation in line.citations:
            assert sentences[citation.sentence_id] == citation.text
        assert [citation.sentence_id for citation in line.citations if citation.article_id == line.article_id] == [line.sentence_id]


def test_lines_rank_by_outlets_within_a_section(seed_digest):
    outlets = [len(line.outlets) for line in seed_digest.section(HAPPENED)]
    assert outlets[0] == max(outlets) == 5


def articles_frame(rows):
    return pd.DataFrame(
        [
            {"article_id": article_id, "outlet": outlet, "title": f"Title {article_id}", "published": pd.Timestamp("2024-07-29"),
             "url": f"https://example.org/{article_id}", "topic_label": label, "syndicated_of": copy_of}
            for article_id, outlet, label, copy_of in rows
        ]
    )


def sentences_frame(rows):
    return pd.DataFrame(
        [{"article_id": article_id, "sentence_id": f"{article_id}:{position}", "position": position, "paragraph": 0, "text": text}
         for article_id, position, text in rows]
    )


NO_TOPIC = pd.DataFrame(columns=["article_id", "sentence_id", "reference_kind", "voice", "weight", "score", "label"])
SIGNED = [
    "The defence ministers of Japan, South Korea and the United States signed the security framework in Tokyo on Sunday.",
    "Defence chiefs from the United States, Japan and South Korea signed a trilateral security framework in Tokyo on Sunday.",
    "On Sunday in Tokyo, the defence ministers of South Korea, Japan and the US signed the new security framework.",
]
MISSILES = [
    "The three countries will share real-time missile warning data on North Korean launches.",
    "Seoul, Tokyo and Washington agreed to share real-time missile warning data about launches from North Korea.",
]
OTHER = "Rice prices in the province rose sharply after a poor harvest this autumn, farmers said."


def small_digest(articles, sentences, lines=5, topic=NO_TOPIC):
    return digest_of(candidate_sentences(sentences_frame(sentences), articles_frame(articles), topic), embed, lines)


def test_paraphrases_group_across_outlets_and_rank_by_outlets():
    articles = [("a", "Alpha", "neutral", ""), ("b", "Beta", "neutral", ""), ("c", "Gamma", "neutral", "")]
    sentences = [("a", 0, SIGNED[0]), ("b", 0, SIGNED[1]), ("c", 0, SIGNED[2]), ("a", 1, MISSILES[0]), ("b", 1, MISSILES[1]), ("c", 1, OTHER)]
    made = small_digest(articles, sentences)
    assert made.groups == 3
    assert [len(line.outlets) for line in made.lines] == [3, 2, 1]
    assert made.lines[0].text in SIGNED and made.lines[1].text in MISSILES
    assert [citation.article_id for citation in made.lines[0].citations] == ["a", "b", "c"]


def test_the_lines_own_article_is_cited_with_the_lines_sentence():
    # Alpha's quotation comes first among the candidates, but its plain sentence is the line.
    articles = [("a", "Alpha", "neutral", ""), ("b", "Beta", "neutral", "")]
    quoted = f"“{SIGNED[0][:-1]},” the ministry said."
    made = small_digest(articles, [("a", 0, quoted), ("b", 0, SIGNED[1]), ("a", 1, SIGNED[0])])
    line = made.lines[0]
    assert (line.sentence_id, line.outlets) == ("a:1", ("Alpha", "Beta"))
    assert [(citation.article_id, citation.sentence_id) for citation in line.citations] == [("a", "a:1"), ("b", "b:0")]
    assert digest.articles_count(line) == "2 articles"
    assert digest.articles_count(replace(line, citations=line.citations[:1])) == "1 article"


class FakeCorpus:
    """What `digest_for` reads of a corpus: its tables and each sentence's article (unknown here)."""

    def __init__(self, tables):
        self.tables, self.article_rows = tables, {"sentences": None}


class FakeSelection:
    """What `digest_for` reads of a selection: its tables, its corpus, the articles kept (all) and `once`."""

    def __init__(self, tables):
        self.tables, self.made = tables, {}
        self.corpus, self.articles = FakeCorpus(tables), None

    def __getitem__(self, name):
        return self.tables[name]

    def once(self, key, make):
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]


def test_another_number_of_lines_does_not_group_the_sentences_again(monkeypatch):
    from dashboard.app import data

    grouped = []
    similarities = digest.sentence_similarities
    monkeypatch.setattr(digest, "sentence_similarities", lambda texts, embed: grouped.append(len(texts)) or similarities(texts, embed))
    monkeypatch.setattr(data, "sentence_embeddings", lambda: EmbeddingCache(embed))
    articles = [("a", "Alpha", "neutral", ""), ("b", "Beta", "neutral", ""), ("c", "Gamma", "neutral", "")]
    sentences = [("a", 0, SIGNED[0]), ("b", 0, SIGNED[1]), ("a", 1, MISSILES[0]), ("b", 1, MISSILES[1]), ("c", 1, OTHER)]
    tables = FakeSelection({"sentences": sentences_frame(sentences), "articles": articles_frame(articles), "topic_stance": NO_TOPIC})
    five, one = data.digest_for(tables, 5), data.digest_for(tables, 1)
    assert grouped == [5]
    assert len(five.lines) == 3 and [line.text for line in one.lines] == [five.lines[0].text]
    assert data.digest_for(tables, 5) is five


def test_a_group_of_critical_and_supportive_articles_is_contested():
    articles = [("a", "Alpha", "critical", ""), ("b", "Beta", "supportive", ""), ("c", "Gamma", "supportive", "")]
    sentences = [("a", 0, SIGNED[0]), ("b", 0, SIGNED[1]), ("c", 0, MISSILES[0])]
    made = small_digest(articles, sentences)
    disputed = made.section(DISPUTED)
    assert len(disputed) == 1 and disputed[0].contested and set(disputed[0].outlets) == {"Alpha", "Beta"}
    assert not [line for line in made.lines if line.contested and line.section != DISPUTED]
    assert made.section(SIDES, "supportive")[0].text == MISSILES[0]


def test_sections_follow_voice_and_side():
    assert section_of(["critical", "supportive"], ["own", "own"], 2) == (DISPUTED, "")
    assert section_of(["neutral", "supportive"], ["own", "quoted"], 2) == (HAPPENED, "")
    assert section_of(["supportive", "supportive"], ["quoted", "quoted", "own"], 2) == (SIDES, "supportive")
    assert section_of(["critical"], ["own"], 1) == (SIDES, "critical")
    assert section_of(["neutral", ""], ["quoted"], 1) == (HAPPENED, "")


def test_a_syndicated_copy_does_not_count_as_another_outlet():
    articles = [("a", "Alpha", "neutral", ""), ("b", "Beta", "neutral", "a"), ("c", "Gamma", "neutral", "")]
    sentences = [("a", 0, SIGNED[0]), ("b", 0, SIGNED[0]), ("c", 0, SIGNED[1])]
    made = small_digest(articles, sentences)
    assert made.lines[0].outlets == ("Alpha", "Gamma")
    # Without its original among the articles, the copy stands in for it.
    alone = small_digest(articles[1:], sentences[1:])
    assert alone.lines[0].outlets == ("Beta", "Gamma")


def test_grouping_by_average_linkage_does_not_chain():
    # 0 and 1 alike, 1 and 2 alike, 0 and 2 not: single linkage would chain all three.
    similarity = np.array([[1.0, 0.6, 0.1], [0.6, 1.0, 0.6], [0.1, 0.6, 1.0]])
    groups = claim_groups(similarity, 0.45)
    assert groups[0] == groups[1] != groups[2]
    assert len(set(claim_groups(np.eye(4), 0.45))) == 4


def test_mmr_passes_over_a_near_duplicate():
    relevance = np.array([1.0, 0.95, 0.6])
    similarity = np.array([[1.0, 0.95, 0.1], [0.95, 1.0, 0.1], [0.1, 0.1, 1.0]])
    assert mmr_order(relevance, similarity, 2) == [0, 2]
    assert mmr_order(relevance, similarity, 2, weight=1.0) == [0, 1]


def test_a_sentence_with_two_claims_matches_either():
    assert clauses_of("They commended the recent Freedom Edge exercise and agreed to hold the next ministerial meeting in South Korea.") == [
        "They commended the recent Freedom Edge exercise",
        "agreed to hold the next ministerial meeting in South Korea.",
    ]
    assert clauses_of("The ministers met in Tokyo.") == []


def test_the_clearest_sentence_is_not_a_quotation():
    articles = [("a", "Alpha", "neutral", ""), ("b", "Beta", "neutral", ""), ("c", "Gamma", "neutral", "")]
    quoted = f"“{SIGNED[0][:-1]},” the ministry said."
    made = small_digest(articles, [("a", 0, quoted), ("b", 0, SIGNED[1]), ("c", 0, SIGNED[2])])
    assert made.lines[0].text != quoted and len(made.lines[0].outlets) == 3


def test_fragments_headlines_and_captions_are_no_candidates():
    articles = [("a", "Alpha", "neutral", "")]
    sentences = [("a", 0, "WHY IT MATTERS"), ("a", 1, "What is in the framework for the three countries now?"),
                 ("a", 2, "President Biden with Prime Minister Kishida at Camp David (Erin Scott/Official White House Photo)"), ("a", 3, OTHER)]
    candidates = candidate_sentences(sentences_frame(sentences), articles_frame(articles), NO_TOPIC)
    assert candidates.sentences["text"].tolist() == [OTHER]


def test_the_cap_takes_topic_sentences_first_and_says_so():
    articles = [("a", "Alpha", "neutral", ""), ("b", "Beta", "neutral", "")]
    sentences = [(article, position, f"Sentence number {position} of article {article} says something new here.") for article in "ab" for position in range(6)]
    topic = pd.DataFrame({"article_id": ["b"], "sentence_id": ["b:5"], "reference_kind": ["name"], "voice": ["own"], "weight": [1.0], "score": [0.0], "label": ["neutral"]})
    candidates = candidate_sentences(sentences_frame(sentences), articles_frame(articles), topic, cap=3)
    assert candidates.capped and candidates.total == 12
    assert candidates.sentences["sentence_id"].tolist() == ["b:5", "a:0", "b:0"]


def test_the_cap_reads_only_as_many_sentences_as_it_needs(monkeypatch):
    read = []
    reads_as_claim = digest.reads_as_claim
    monkeypatch.setattr(digest, "reads_as_claim", lambda text: read.append(text) or reads_as_claim(text))
    articles = [(f"a{index}", f"Outlet {index % 3}", "neutral", "") for index in range(200)]
    sentences = [(f"a{index}", position, f"Sentence {position} of article {index} says something new here.") for index in range(200) for position in range(100)]
    # A headline leads every article: it is read and passed over.
    sentences += [(f"a{index}", -1, "WHY IT MATTERS") for index in range(200)]
    candidates = candidate_sentences(sentences_frame(sentences), articles_frame(articles), NO_TOPIC, cap=10)
    assert len(candidates.sentences) == 10 and candidates.capped and candidates.total == 20_200
    assert len(read) < 5_000
    # Lead sentences first, the outlets taking turns; the headlines read as no claim.
    assert candidates.sentences["text"].str.contains(r"^Sentence [012] ").all()
    assert candidates.sentences["outlet"].tolist()[:3] == ["Outlet 0", "Outlet 1", "Outlet 2"]
    made = digest.Digest((), len(candidates.sentences), candidates.total, candidates.capped, 0)
    assert digest.cap_note(made).startswith("The digest groups the first 10 of the 20,200 sentences of the filtered articles, in this order, that read as claims")


def test_the_cap_applies_only_when_sentences_were_left_unread():
    articles = [("a", "Alpha", "neutral", "")]
    sentences = [("a", 0, OTHER), ("a", 1, "WHY IT MATTERS"), ("a", 2, MISSILES[0])]
    exact = candidate_sentences(sentences_frame(sentences), articles_frame(articles), NO_TOPIC, cap=2)
    assert exact.sentences["text"].tolist() == [OTHER, MISSILES[0]] and not exact.capped and exact.total == 3
    assert candidate_sentences(sentences_frame(sentences), articles_frame(articles), NO_TOPIC, cap=1).capped


@pytest.mark.parametrize("outlets", [("NK News",), ("NK News", "Korea Pro"), ()])
def test_the_corpus_order_masked_gives_the_candidates_of_the_articles_kept(seeds, outlets):
    order = digest.sentence_order(seeds["sentences"], seeds["articles"], seeds["topic_stance"])
    kept = seeds["articles"]["outlet"].isin(outlets).to_numpy() if outlets else np.ones(len(seeds["articles"]), dtype=bool)
    for cap in (1000, 7):
        masked = digest.candidates_in(order, kept, cap)
        alone = candidate_sentences(seeds["sentences"], seeds["articles"][kept], seeds["topic_stance"], cap)
        pd.testing.assert_frame_equal(masked.sentences, alone.sentences)
        assert (masked.total, masked.capped) == (alone.total, alone.capped)
    assert len(masked.sentences) == 7 and masked.capped


@pytest.mark.parametrize(("size", "step"), [(0, 4), (3, 4), (10, 4), (10, 3), (9, 3)])
def test_chunks_in_order_give_every_position_from_the_smallest_key_up(size, step):
    keys = np.random.default_rng(size).permutation(size * 5)[:size]
    chunks = list(digest._chunks_in_order(keys, step))
    assert all(len(chunk) <= step for chunk in chunks)
    assert np.concatenate([np.zeros(0, dtype=np.int64), *chunks]).tolist() == np.argsort(keys).tolist()


# Hand-written: the signing, twice in Chinese and once in Japanese, and a short Chinese sentence.
SIGNED_ZH = ["日本、韩国和美国的防长周日在东京签署了安全合作框架。", "美日韩三国防长于周日在东京签署了新的安全合作框架。"]
SIGNED_JA = "日米韓の防衛相は日曜日、東京で安全保障協力の枠組みに署名した。"
RAIN_ZH = "东京下雨了。"


def test_chinese_and_japanese_sentences_are_candidates_and_share_words():
    assert digest.word_count(SIGNED_ZH[0]) == 12  # 24 Han characters, half a word each; no punctuation
    assert digest.word_count("The G7峰会 opened today.") == 5
    articles = [("a", "Alpha", "neutral", ""), ("b", "Beta", "neutral", ""), ("c", "Gamma", "neutral", "")]
    sentences = [("a", 0, SIGNED_ZH[0]), ("b", 0, SIGNED_ZH[1]), ("c", 0, SIGNED_JA), ("c", 1, RAIN_ZH)]
    candidates = candidate_sentences(sentences_frame(sentences), articles_frame(articles), NO_TOPIC)
    assert candidates.sentences["text"].tolist() == [SIGNED_ZH[0], SIGNED_ZH[1], SIGNED_JA]
    assert digest.words_of("在东京签署了。") == ["在东", "东京", "京签", "签署", "署了"]
    assert digest.words_of("The G7峰会") == ["g7", "峰会"]
    vectors = word_vectors([*SIGNED_ZH, RAIN_ZH])
    similarity = vectors @ vectors.T
    # Character bigrams ("东京", "签署", "安全", "合作", "框架") tie the paraphrases; one unspaced token would not.
    assert similarity[0, 1] > 0.4 and similarity[0, 2] < similarity[0, 1] / 4


def full_tf_idf(texts):
    """`word_vectors` as it was: dense float64 over every word."""
    tokens = [digest.words_of(text) for text in texts]
    frequency = Counter(word for words in tokens for word in set(words))
    vocabulary = {word: index for index, word in enumerate(frequency)}
    vectors = np.zeros((len(texts), len(vocabulary)))
    for row, words in enumerate(tokens):
        for word, count in Counter(words).items():
            vectors[row, vocabulary[word]] = (1 + np.log(count)) * (np.log((1 + len(texts)) / (1 + frequency[word])) + 1)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def test_word_vectors_keep_shared_words_only_and_every_pairs_cosine():
    texts = [*SIGNED, *MISSILES, OTHER, "Nothing here is shared with any other sentence at all."]
    vectors = word_vectors(texts)
    shared = {word for word, texts_with in Counter(w for text in texts for w in set(digest.words_of(text))).items() if texts_with >= 2}
    assert vectors.dtype == np.float32 and vectors.shape == (len(texts), len(shared))
    full = full_tf_idf(texts)
    off_diagonal = ~np.eye(len(texts), dtype=bool)
    assert np.allclose((vectors @ vectors.T)[off_diagonal], (full @ full.T)[off_diagonal], atol=1e-6)
    assert not vectors[-1].any()


def test_markdown_quotes_each_line_with_its_citations_escaped():
    articles = [("a", "Alpha", "neutral", ""), ("b", "Evil **Outlet** <script>", "neutral", "")]
    made = small_digest(articles, [("a", 0, SIGNED[0]), ("b", 0, SIGNED[1][:-1] + " <b>[x](javascript:alert(1))</b>.")])
    text = digest_markdown(made, "The *framework*")
    html = MarkdownIt().render(text)
    assert "<script>" not in html and "<b>" not in html and 'href="javascript' not in html
    assert "Evil **Outlet**" in html.replace("&lt;", "<").replace("&gt;", ">")
    assert text.count("\n> ") == 1 and "https\\:\\/\\/example\\.org\\/a" in text and "2024-07-29" in text
    assert "*Title a*" in text and "*Title b*" in text


def test_an_empty_selection_makes_an_empty_digest():
    empty = Candidates(pd.DataFrame(columns=digest.CANDIDATE_COLUMNS), 0, False)
    made = digest_of(empty, embed)
    assert made.lines == () and made.groups == 0
    assert "No sentence" in digest_markdown(made, "")
    no_sentences = sentences_frame([]).reindex(columns=["article_id", "sentence_id", "position", "paragraph", "text"])
    no_articles = articles_frame([]).reindex(columns=["article_id", "outlet", "title", "published", "url", "topic_label", "syndicated_of"])
    none = candidate_sentences(no_sentences, no_articles, NO_TOPIC)
    assert none.sentences.empty and not none.capped


def test_embeddings_are_cached_by_text():
    calls = []

    def counting(texts):
        calls.append(list(texts))
        return embed(texts)

    cache = EmbeddingCache(counting, limit=3)
    first = cache.embeddings(["a b c", "d e f", "a b c"])
    again = cache.embeddings(["d e f", "g h i"])
    assert calls == [["a b c", "d e f"], ["g h i"]]
    assert np.allclose(first[1], again[0]) and np.allclose(first[0], first[2])
    cache.embeddings(["j k l"])
    assert len(cache._vectors) == 3


def fake_embed(texts):
    """A unit vector per text, the same for the same text."""
    vectors = np.array([[len(text), sum(map(ord, text)) % 97, 1.0] for text in texts], dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_the_embedding_cache_keeps_what_the_request_needs_and_evicts_the_least_recently_used():
    calls = []

    def counting(texts):
        calls.append(list(texts))
        return fake_embed(texts)

    cache = EmbeddingCache(counting, limit=3)
    cache.embeddings(["a", "b", "c"])
    both = cache.embeddings(["a", "d"])  # "a" was the oldest: it must not be evicted before use
    assert np.allclose(both, fake_embed(["a", "d"]))
    assert list(cache._vectors) == ["c", "a", "d"]  # "a" moved to the end as used; "b" went
    cache.embeddings(["c"])
    cache.embeddings(["e"])
    assert list(cache._vectors) == ["d", "c", "e"]
    assert calls == [["a", "b", "c"], ["d"], ["e"]]
    # A request larger than the limit is answered whole.
    many = cache.embeddings(["f", "g", "h", "i", "f"])
    assert many.shape == (5, 3) and np.allclose(many[0], many[4])
    assert set(cache._vectors) == {"f", "g", "h", "i"}


def test_a_store_keeps_embeddings_for_the_next_server_by_hash_only(tmp_path):
    calls = []

    def counting(texts):
        calls.append(list(texts))
        return fake_embed(texts)

    texts = ["The ministers signed the framework.", "Seoul will host the next meeting."]
    first = EmbeddingCache(counting, store=digest.EmbeddingStore(tmp_path)).embeddings(texts)
    again = EmbeddingCache(counting, store=digest.EmbeddingStore(tmp_path)).embeddings([*texts, "A new sentence."])
    assert calls == [texts, ["A new sentence."]]
    assert np.array_equal(again[:2], first)
    written = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert len(list(tmp_path.glob("*.npz"))) == 2 and b"signed" not in written


def test_a_store_drops_its_oldest_files_past_its_limit_and_survives_an_unwritable_folder(tmp_path):
    for text in ["first text", "second text", "third text"]:
        digest.EmbeddingStore(tmp_path).keep([text], fake_embed([text]))
    assert digest.EmbeddingStore(tmp_path, limit=2).found(["first text", "second text", "third text"]).keys() == {"second text", "third text"}
    assert len(list(tmp_path.glob("*.npz"))) == 2
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    made = EmbeddingCache(fake_embed, store=digest.EmbeddingStore(blocked / "store")).embeddings(["first text"])
    assert np.array_equal(made, fake_embed(["first text"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=0, max_size=200), min_size=1, max_size=6))
def test_odd_sentence_text_never_breaks_the_digest(texts):
    articles = [(f"a{index}", f"Outlet {index % 2}", ("critical", "supportive", "neutral", "")[index % 4], "") for index in range(len(texts))]
    sentences = [(f"a{index}", 0, text + " and then some more words follow here.") for index, text in enumerate(texts)]
    made = small_digest(articles, sentences)
    known = {text + " and then some more words follow here." for text in texts}
    assert all(line.text in known for line in made.lines)
    html = MarkdownIt().render(digest_markdown(made, "topic"))
    assert "<script" not in html.lower()
