"""Property-based tests: no input, however broken, crashes reading, cleaning or building."""

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashboard.preprocessing import clean
from dashboard.preprocessing.build import BuildOptions, NothingToBuild, build_tables
from dashboard.preprocessing.build.article_map import ProcessedArticle, processed_article
from dashboard.preprocessing.ingest.files import InputFile, raw_articles_from_file
from dashboard.preprocessing.ingest.json_text import json_value_of
from dashboard.preprocessing.ingest.readers import articles_from_json
from dashboard.preprocessing.records import HTML_FRAGMENT, HTML_PAGE, PLAIN_TEXT, RawArticle, Rejection
from tests.conftest import SEEDS

SEED_BYTES = [path.read_bytes() for path in sorted(SEEDS.glob("0*.txt"))]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

structured_prefixes = st.sampled_from([b"", b"{", b"[", b"<html><body>", b"title,text\n", b'{"text": "', b"\xef\xbb\xbf", b"\xff\xfe"])
seed_cuts = st.builds(lambda data, cut: data[:cut], st.sampled_from(SEED_BYTES), st.integers(0, 11000))


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), seed_cuts, st.builds(lambda p, b: p + b, structured_prefixes, st.binary(max_size=2000))),
       suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".html", ""]))
def test_any_bytes_give_articles_or_rejections(tmp_path_factory, stages, data, suffix):
    path: Path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    for item in raw_articles_from_file(InputFile(path, path.name)):
        assert isinstance(item, (RawArticle, Rejection))
        if isinstance(item, Rejection):
            assert item.reason
        else:
            assert isinstance(processed_article(item, stages), (Rejection, ProcessedArticle))


@FUZZ
@given(body=st.text(max_size=3000), kind=st.sampled_from([PLAIN_TEXT, HTML_FRAGMENT, HTML_PAGE]), title=st.text(max_size=80),
       published=st.text(max_size=40), url=st.text(max_size=60))
def test_no_per_article_stage_raises(stages, body, kind, title, published, url):
    result = processed_article(RawArticle("f", body, kind, title, published, "json", url), stages)
    if not isinstance(result, Rejection):
        assert result.cleaned.word_count >= 20
        assert len(result.cleaned.sentences) == len(result.sentiment.sentences) >= 1
        assert all(-1.0 <= stance.score <= 1.0 for stance in result.sentiment.stances)


@FUZZ
@given(text=st.text(max_size=2000))
def test_truncated_json_is_read_or_refused(text):
    for cut in (len(text), len(text) // 2):
        for item in articles_from_json(text[:cut], "f.json"):
            assert isinstance(item, (RawArticle, Rejection))
        try:
            value, _ = json_value_of(text[:cut])
        except ValueError:
            continue
        assert value is None or isinstance(value, (dict, list, str, int, float, bool))


@FUZZ
@given(text=st.text(max_size=2000))
def test_normalized_text_is_idempotent(text):
    once = clean.normalized_text(text)
    assume("&" not in once)  # entities are decoded twice per pass, so "&amp;amp;amp;" takes passes
    assert clean.normalized_text(once) == once


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.one_of(st.binary(max_size=800), seed_cuts), min_size=1, max_size=4))
def test_build_on_random_folders_never_crashes(tmp_path_factory, reference, files):
    folder = tmp_path_factory.mktemp("corpus")
    for index, data in enumerate(files):
        (folder / f"{index}.txt").write_bytes(data)
    try:
        tables = build_tables([folder], reference, BuildOptions(workers=1))
    except NothingToBuild:
        return
    assert len(tables["articles"]) + len(tables["rejected"]) >= 1


@FUZZ
@given(sentences=st.lists(
    st.lists(
        st.sampled_from([*"“”\",.:; ", "said ", "Kim ", "Kihara ", "U.S. ", "South China Sea ", "he ", "Professor ", "Lee ", "Minoru Kihara "]), max_size=40,
    ).map("".join),
    max_size=6,
))
def test_actor_stage_on_quote_and_name_soup(matcher, sentences):
    from dashboard.preprocessing.actors.article_actors import article_actors

    result = article_actors(sentences, [True] * len(sentences), matcher)
    for mention in result.mentions:
        assert sentences[mention.sentence][mention.start : mention.end] == mention.surface
    assert all(0 <= quote.sentence < len(sentences) for quote in result.quotes)
