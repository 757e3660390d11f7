"""The Frames page's numbers, against hand counts of the build's tables."""

import pytest

from dashboard.app import charts, framing
from dashboard.app.filters import Filters


@pytest.fixture(scope="module")
def article_frames(seed_tables):
    return seed_tables["article_frames"].merge(seed_tables["articles"][["article_id", "outlet", "published", "topic_label"]], on="article_id")


def test_the_seeds_carry_frames(seed_tables):
    assert len(seed_tables["article_frames"]) > 0 and len(seed_tables["sentence_frames"]) > 0


def test_frame_shares_by_outlet_equal_a_hand_count(seeds, seed_tables, article_frames):
    shares = framing.frame_share_by_outlet(seeds).set_index(["outlet", "frame"])
    assert len(shares) == len(article_frames.groupby(["outlet", "frame"]))
    for (outlet, frame), group in article_frames.groupby(["outlet", "frame"]):
        base = int((seed_tables["articles"]["outlet"] == outlet).sum())
        row = shares.loc[(outlet, frame)]
        assert (row["articles"], row["of_articles"]) == (group["article_id"].nunique(), base)
        assert row["share"] == pytest.approx(group["article_id"].nunique() / base)
        assert row["sentence_share"] == pytest.approx(group["share"].mean())
    names = framing.frame_names(seeds)
    assert set(shares["name"]) <= set(names.values())


def test_frames_over_time_share_each_weeks_dated_articles(seeds, seed_tables, article_frames):
    over_time = framing.frames_over_time(seeds)
    dated = seed_tables["articles"].dropna(subset=["published"])
    weeks = dated["published"].dt.to_period("W-SUN").dt.start_time
    for row in over_time.itertuples(index=False):
        in_week = set(dated["article_id"][weeks == row.week])
        carrying = set(article_frames[(article_frames["frame"] == row.frame)]["article_id"]) & in_week
        assert (row.articles, row.of_articles) == (len(carrying), len(in_week))
    assert len(over_time) == weeks.nunique() * article_frames.dropna(subset=["published"])["frame"].nunique()
    assert over_time["articles"].sum() == article_frames.dropna(subset=["published"]).groupby("frame")["article_id"].nunique().sum()


def test_frames_by_stance_share_each_sides_articles(seeds, seed_tables, article_frames):
    by_stance = framing.frames_by_stance(seeds)
    labels = seed_tables["articles"]["topic_label"]
    for row in by_stance.itertuples(index=False):
        carrying = article_frames[(article_frames["frame"] == row.frame) & (article_frames["topic_label"] == row.topic_label)]
        assert (row.articles, row.of_articles) == (carrying["article_id"].nunique(), int((labels == row.topic_label).sum()))
    assert set(by_stance["topic_label"]) <= set(framing.STANCE_SIDES)


def test_the_evidence_of_a_cell_is_its_sentences_strongest_first(seeds, seed_tables, article_frames):
    outlet, frame = article_frames.iloc[0][["outlet", "frame"]]
    evidence = framing.frame_evidence(seeds, outlet, frame)
    ids = set(article_frames[article_frames["outlet"] == outlet]["article_id"])
    expected = seed_tables["sentence_frames"][(seed_tables["sentence_frames"]["frame"] == frame) & seed_tables["sentence_frames"]["article_id"].isin(ids)]
    assert evidence.total == len(expected) == len(evidence.rows)
    assert evidence.rows["score"].is_monotonic_decreasing
    texts = dict(zip(seed_tables["sentences"]["sentence_id"], seed_tables["sentences"]["text"], strict=True))
    titles = dict(zip(seed_tables["articles"]["article_id"], seed_tables["articles"]["title"], strict=True))
    for row in evidence.rows.itertuples(index=False):
        assert row.text == (titles[row.article_id] if row.sentence_id.endswith(":title") else texts[row.sentence_id])
    assert framing.frame_evidence(seeds, outlet, frame, shown=1).rows.shape[0] == 1
    assert framing.frame_evidence(seeds, "no such outlet", frame).total == 0


def test_the_views_follow_the_filters(kept, article_frames):
    outlet = article_frames["outlet"].iloc[0]
    only = kept(Filters(outlets=(outlet,)))
    assert set(framing.frame_share_by_outlet(only)["outlet"]) == {outlet}
    assert framing.frame_share_by_outlet(only)["of_articles"].eq(len(only["articles"])).all()
    nothing = kept(Filters(search="no article says xyzzy"))
    for view in (framing.frame_share_by_outlet, framing.frames_over_time, framing.frames_by_stance):
        assert view(nothing).empty


def test_the_charts_have_tooltips_with_share_and_count(seeds):
    built = {
        "heatmap": charts.frame_heatmap_chart(framing.frame_share_by_outlet(seeds)),
        "time": charts.frames_over_time_chart(framing.frames_over_time(seeds)),
        "stance": charts.frames_by_stance_chart(framing.frames_by_stance(seeds)),
    }
    for name, chart in built.items():
        fields = {tooltip["field"] for tooltip in chart.to_dict()["encoding"]["tooltip"]}
        assert {"share", "articles_of"} <= fields, name
    assert built["heatmap"].to_dict()["params"][0]["name"] == "cell"
