"""Golden tests: the five seed documents, each in its own messy shape."""

import pandas as pd
import pytest

EXPECTED = {
    "000": {
        "title": "US, ROK, Japan institutionalize defense cooperation to confront regional threats",
        "outlet": "Korea Pro", "republisher": "", "outlet_kind": "news", "outlet_country": "South Korea",
        "published": "2024-07-29", "date_source": "json",
        "url": "https://koreapro.org/2024/07/us-rok-japan-institutionalize-defense-cooperation-to-confront-regional-threats/",
    },
    "001": {
        "title": "South Korea, Japan, and US Leaders Renew Pledge to Cooperate on Regional Challenges",
        "outlet": "unknown", "republisher": "", "outlet_kind": "", "outlet_country": "",
        "published": "2024-08-18", "date_source": "text", "url": "",
    },
    "002": {
        "title": "ROK, Japan, US Sign Deal To ‘Institutionalize’ Military Ties Against North Korea",
        "outlet": "NK News", "republisher": "", "outlet_kind": "news", "outlet_country": "South Korea",
        "published": "2024-07-29", "date_source": "text", "url": "",
    },
    "003": {
        "title": "Japan, South Korea and U.S. unveil new initiatives to cement defense ties",
        "outlet": "The Japan Times", "republisher": "Shining BD", "outlet_kind": "news", "outlet_country": "Japan",
        "published": None, "date_source": "none", "url": "",
    },
    "004": {
        "title": "Japan, South Korea and United States: Let’s hope for a robust, lasting pact",
        "outlet": "Lowy Institute", "republisher": "", "outlet_kind": "think tank", "outlet_country": "Australia",
        "published": None, "date_source": "none", "url": "",
    },
}

BOILERPLATE = [
    "Loading", "Search", "Category:", "Comment (0)", "Trackback", "v0.24", "Disclaimer", "AI agents",
    "You may also be interested in", "Published daily by", "JapanTimes ||", "Shining BD", "▼", "</", "<span",
    "\\u2019", "[a3a17192]", "[e6cda50b]", "2024-08-18 02:09", "July 29, 2024",
]


def test_five_articles_and_nothing_rejected(seed_tables):
    assert sorted(seed_tables["articles"]["source_path"].str[:3]) == sorted(EXPECTED)
    assert seed_tables["rejected"].empty


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_metadata(seed_articles, seed):
    article = seed_articles[seed]
    expected = dict(EXPECTED[seed])
    published = expected.pop("published")
    assert {key: article[key] for key in expected} == expected
    if published is None:
        assert pd.isna(article["published"])
    else:
        assert article["published"] == pd.Timestamp(published)


@pytest.mark.parametrize("seed", sorted(EXPECTED))
@pytest.mark.parametrize("boilerplate", BOILERPLATE)
def test_no_boilerplate_left(seed_articles, seed, boilerplate):
    assert boilerplate not in seed_articles[seed]["text"]


def test_001_citations_are_kept_in_their_column(seed_articles):
    assert seed_articles["001"]["citations"] == "a3a17192|e6cda50b"


def test_002_body_appears_once(seed_articles):
    text = seed_articles["002"]["text"]
    assert text.count("South Korea, Japan and the U.S. signed an agreement to solidify defense cooperation") == 1
    assert text.count("This involves regularizing the scale and frequency of exchanges") == 1
    assert text.startswith("Expert says lack of formal treaty could jeopardize cooperation")


def test_004_repeated_paragraph_and_captions_appear_once(seed_articles):
    text = seed_articles["004"]["text"]
    assert text.count("There are few more pressing issues for Australia’s interests") == 1
    assert text.count("(Muhammad Farhad/Getty Images Plus)") == 1
    assert text.count("(Erin Scott/Official White House Photo)") == 1
    assert text.rstrip().endswith("a new “axis of evil”.")


def test_000_paragraphs_survive_the_html_fragment(seed_articles):
    paragraphs = seed_articles["000"]["text"].split("\n\n")
    assert paragraphs[0].startswith("Defense ministers from the U.S., South Korea and Japan signed a Memorandum of Cooperation")
    assert "WHY IT MATTERS" in paragraphs
    assert paragraphs[-1].endswith("regardless of leadership changes.")


def test_sentences_belong_to_their_articles(seed_tables):
    articles, sentences = seed_tables["articles"], seed_tables["sentences"]
    counts = sentences.groupby("article_id").size()
    assert dict(counts) == dict(zip(articles["article_id"], articles["n_sentences"], strict=True))
    assert sentences["sentence_id"].is_unique
    first = sentences[sentences["article_id"] == articles["article_id"].iloc[2]]
    assert first["position"].tolist() == list(range(len(first)))


def test_article_ids_are_stable_hashes(seed_tables, reference):
    from dashboard.preprocessing.build import BuildOptions, build_tables
    from tests.conftest import SEEDS

    again = build_tables([SEEDS], reference, BuildOptions(workers=1))
    assert again["articles"]["article_id"].tolist() == seed_tables["articles"]["article_id"].tolist()
    assert seed_tables["articles"]["article_id"].str.fullmatch(r"[0-9a-f]{16}").all()


def _frames_of(seed_tables, seed_articles, seed):
    frames = seed_tables["article_frames"]
    return dict(zip(*frames[frames["article_id"] == seed_articles[seed]["article_id"]][["frame", "share"]].T.values, strict=True))


@pytest.mark.parametrize(
    ("seed", "frame"),
    [
        ("000", "nk_threat_deterrence"),  # Korea Pro: deterrence against North Korea
        ("000", "institutionalisation_routine"),
        ("003", "alliance_durability_politics"),  # The Japan Times: durability under a Trump return
        ("004", "alliance_durability_politics"),  # Lowy: institutionalisation against political change
        ("004", "institutionalisation_routine"),
        ("002", "russia_nk_alignment"),  # NK News: Pyongyang's cooperation with Moscow
    ],
)
def test_seed_carries_its_frame(seed_tables, seed_articles, seed, frame):
    assert _frames_of(seed_tables, seed_articles, seed).get(frame, 0) > 0


def test_lowy_tells_the_story_through_domestic_politics_first(seed_tables, seed_articles):
    shares = _frames_of(seed_tables, seed_articles, "004")
    assert max(shares, key=shares.get) == "alliance_durability_politics"


def test_frame_rows_point_at_real_sentences_and_declared_frames(seed_tables):
    sentence_frames, frames = seed_tables["sentence_frames"], seed_tables["frames"]
    headlines = sentence_frames["sentence_id"].str.endswith(":title")
    assert set(sentence_frames["sentence_id"][~headlines]) <= set(seed_tables["sentences"]["sentence_id"])
    assert set(sentence_frames["frame"]) <= set(frames["frame"])
    assert sentence_frames["score"].between(0, 1).all()
    assert set(sentence_frames["method"]) <= {"cue", "similarity", "cue+similarity"}
    assert ((sentence_frames["method"] == "similarity") == (sentence_frames["cue"] == "")).all()
    shares = seed_tables["article_frames"].merge(seed_tables["articles"][["article_id", "n_sentences"]])
    assert (shares["share"] == shares["sentences"] / shares["n_sentences"]).all()
