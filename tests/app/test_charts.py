import altair as alt
import pandas as pd
import pytest

from dashboard.app import charts, views
from dashboard.app.filters import Filters


def outlet_colour_map(spec: dict) -> dict[str, str]:
    scale = spec["encoding"]["color"]["scale"] if "encoding" in spec else spec["layer"][0]["encoding"]["color"]["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def test_an_outlet_keeps_its_colour_whatever_the_filters(seed_tables, kept):
    colours = charts.outlet_colours(seed_tables["articles"]["outlet"])
    full = charts.coverage_by_week_chart(views.coverage_by_week(kept()), colours, views.COUNT).to_dict()
    only = kept(Filters(outlets=("NK News",)))
    narrowed = charts.actor_attention_chart(views.actor_attention(only, "outlet"), "outlet", colours, views.COUNT).to_dict()
    assert outlet_colour_map(full) == outlet_colour_map(narrowed)
    assert len(set(outlet_colour_map(full).values())) == 5


def test_palette_repeats_only_past_its_length():
    colours = charts.outlet_colours([f"outlet {n:02}" for n in range(20)])
    range_ = colours.scale().to_dict()["range"]
    assert len(set(range_[: len(charts.COLOUR_BLIND_SAFE)])) == len(charts.COLOUR_BLIND_SAFE)
    assert range_[len(charts.COLOUR_BLIND_SAFE)] == range_[0]


def builders(seed_tables, seeds):
    colours = charts.outlet_colours(seed_tables["articles"]["outlet"])
    return {
        "coverage": charts.coverage_by_week_chart(views.coverage_by_week(seeds), colours, views.COUNT),
        "coverage shares": charts.coverage_by_week_chart(views.coverage_by_week(seeds), colours, views.SHARE),
        "mentions": charts.actor_attention_chart(views.actor_attention(seeds, "outlet_kind"), "outlet_kind", colours, views.COUNT),
        "mention shares": charts.actor_attention_chart(views.actor_attention(seeds, "outlet"), "outlet", colours, views.SHARE),
        "types": charts.mentions_by_actor_type_chart(views.mentions_by_actor_type(seeds)),
        "cooccurrence": charts.cooccurrence_chart(views.actor_cooccurrence(seeds)),
        "heatmap": charts.stance_heatmap_chart(views.stance_heatmap(seeds)),
        "stance": charts.stance_by_outlet_chart(views.actor_stance_by_outlet(seeds, "tscf"), colours, selectable=True),
        "quotes": charts.quoted_speakers_chart(views.quoted_speakers(seeds), colours),
    }


@pytest.mark.parametrize("name", ["coverage", "coverage shares", "mentions", "mention shares", "types", "cooccurrence", "heatmap", "stance", "quotes"])
def test_every_chart_has_tooltips(seed_tables, seeds, name):
    chart = builders(seed_tables, seeds)[name]
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    spec = chart.to_dict()
    layers = spec.get("layer", [spec])
    assert layers[0]["encoding"]["tooltip"], name


@pytest.mark.parametrize("name", ["coverage", "coverage shares", "mentions", "mention shares"])
def test_attention_tooltips_give_the_share_and_the_count_with_its_base(seed_tables, seeds, name):
    fields = {tooltip["field"] for tooltip in builders(seed_tables, seeds)[name].to_dict()["encoding"]["tooltip"]}
    assert {"share", "articles_of"} <= fields


def test_the_share_charts_draw_shares(seed_tables, seeds):
    built = builders(seed_tables, seeds)
    assert built["coverage shares"].to_dict()["encoding"]["y"]["field"] == "share"
    assert built["mention shares"].to_dict()["encoding"]["color"]["field"] == "share"
    assert built["mentions"].to_dict()["encoding"]["x"]["field"] == "mentions"


def test_heatmap_tooltip_gives_n_and_interval(seeds):
    fields = {tooltip["field"] for tooltip in charts.stance_heatmap_chart(views.stance_heatmap(seeds)).to_dict()["encoding"]["tooltip"]}
    assert {"n_articles", "n_sentences", "interval_low", "interval_high", "mean_score"} <= fields


def test_stance_chart_can_be_clicked(seed_tables, seeds):
    spec = builders(seed_tables, seeds)["stance"].to_dict()
    assert spec["params"][0]["name"] == "pick"


def test_the_stance_chart_draws_no_interval_for_an_outlet_of_one_article():
    frame = pd.DataFrame({
        "outlet": ["One article", "Three articles"], "mean_score": [0.2, -0.1], "interval_low": [-1.0, -0.3], "interval_high": [1.0, 0.1],
        "n_articles": [1, 3], "n_sentences": [4, 9], "label": ["neutral", "neutral"],
    })
    spec = charts.stance_by_outlet_chart(frame, charts.outlet_colours(frame["outlet"])).to_dict()
    (interval,) = [layer for layer in spec["layer"] if "x2" in layer.get("encoding", {})]
    (expression,) = [step["filter"] for step in interval["transform"]]
    # The Vega expression reads as Python once `datum.` names a row.
    drawn = [row.outlet for row in frame.itertuples() if eval(expression.replace("datum.", "row."), {"row": row})]
    assert drawn == ["Three articles"]
