"""Chart builders: a frame from `views` in, an `alt.Chart` out. No Streamlit here.

Every chart that shows outlets colours them with `outlet_colours`, built once from the
whole corpus, so an outlet keeps its colour on every page and under every filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import altair as alt
import pandas as pd

from dashboard.preprocessing.source_stance import MIN_ARTICLES_FOR_INTERVAL

# Okabe-Ito, then Paul Tol's "muted": both readable with the common colour-vision deficiencies.
COLOUR_BLIND_SAFE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)
# Critical, neutral, supportive: orange against blue, never red against green.
STANCE_COLOURS = {"critical": "#D55E00", "neutral": "#9E9E9E", "supportive": "#0072B2"}
STANCE_SCHEME: Literal["blueorange"] = "blueorange"
# What the builders return: a chart, or layers of charts (Altair's types for them).
Drawn = alt.Chart | alt.LayerChart | alt.FacetChart


@dataclass(frozen=True)
class OutletColours:
    outlets: tuple[str, ...]

    def scale(self) -> alt.Scale:
        """One colour per outlet; past 17 outlets the palette repeats."""
        range_ = [COLOUR_BLIND_SAFE[i % len(COLOUR_BLIND_SAFE)] for i in range(len(self.outlets))]
        return alt.Scale(domain=list(self.outlets), range=range_)

    def colour(self, field: str = "outlet", title: str = "Outlet") -> alt.Color:
        return alt.Color(f"{field}:N", scale=self.scale(), title=title)


def outlet_colours(outlets: Sequence[str]) -> OutletColours:
    return OutletColours(tuple(sorted(set(outlets))))


def _stance_colour(field: str, title: str) -> alt.Color:
    return alt.Color(f"{field}:Q", scale=alt.Scale(scheme=STANCE_SCHEME, domain=[-1, 1], reverse=True), title=title)


def _attention_tooltips(by: str) -> list[alt.Tooltip]:
    """Both the share and the count with its base, whichever the chart draws."""
    return [
        alt.Tooltip(f"{by}:N", title=by.replace("_", " ").capitalize()),
        alt.Tooltip("share:Q", title="Share", format=".1%"),
        alt.Tooltip("articles_of:N", title="Articles"),
    ]


def coverage_by_week_chart(coverage: pd.DataFrame, colours: OutletColours, measure: str = "share") -> alt.Chart:
    """Each week's articles by outlet: stacked counts, or each outlet's share of its own
    articles as a line (shares of different outlets do not add up)."""
    tooltip = [alt.Tooltip("week:T", title="Week of", format="%Y-%m-%d"), *_attention_tooltips("outlet")]
    x = alt.X("week:T", title="Week", axis=alt.Axis(format="%Y-%m-%d"))
    if measure == "count":
        chart = alt.Chart(coverage).mark_bar()
        y = alt.Y("sum(articles):Q", title="Articles")
    else:
        chart = alt.Chart(coverage).mark_line(point=True)
        y = alt.Y("share:Q", title="Share of the outlet's dated articles", axis=alt.Axis(format="%"))
    return chart.encode(x=x, y=y, color=colours.colour(), tooltip=tooltip)


def actor_attention_chart(attention: pd.DataFrame, by: str, colours: OutletColours, measure: str = "share") -> alt.Chart:
    """Most mentioned actor on top: mentions stacked by `by` (outlet or outlet kind), or a
    grid of the share of each `by`'s articles that mention the actor."""
    tooltip = [alt.Tooltip("actor:N", title="Actor"), *_attention_tooltips(by), alt.Tooltip("mentions:Q", title="Mentions")]
    y = alt.Y("actor:N", sort=alt.EncodingSortField("mentions", op="sum", order="descending"), title=None, axis=alt.Axis(labelLimit=220))
    if measure == "count":
        colour = colours.colour() if by == "outlet" else alt.Color(f"{by}:N", title="Outlet kind", scale=alt.Scale(range=list(COLOUR_BLIND_SAFE)))
        return alt.Chart(attention).mark_bar().encode(y=y, x=alt.X("sum(mentions):Q", title="Mentions"), color=colour, tooltip=tooltip)
    return (
        alt.Chart(attention)
        .mark_rect()
        .encode(
            y=y,
            x=alt.X(f"{by}:N", title=by.replace("_", " ").capitalize(), axis=alt.Axis(labelAngle=-40, labelLimit=160)),
            color=alt.Color("share:Q", title="Share of articles", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=alt.Legend(format="%")),
            tooltip=tooltip,
        )
    )


def mentions_by_actor_type_chart(by_type: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(by_type)
        .mark_bar(color=COLOUR_BLIND_SAFE[0])
        .encode(
            y=alt.Y("type:N", sort="-x", title=None),
            x=alt.X("mentions:Q", title="Mentions"),
            tooltip=[alt.Tooltip("type:N", title="Actor type"), alt.Tooltip("mentions:Q", title="Mentions")],
        )
    )


def cooccurrence_chart(pairs: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(pairs)
        .mark_rect()
        .encode(
            x=alt.X("actor:N", title=None, axis=alt.Axis(labelAngle=-45, labelOverlap=False)),
            y=alt.Y("other:N", title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color("articles:Q", scale=alt.Scale(scheme="blues"), title="Articles with both"),
            tooltip=[alt.Tooltip("actor:N", title="Actor"), alt.Tooltip("other:N", title="With"), alt.Tooltip("articles:Q", title="Articles with both")],
        )
    )


_INTERVAL_TOOLTIP = [
    alt.Tooltip("mean_score:Q", title="Mean stance", format="+.2f"),
    alt.Tooltip("interval_low:Q", title="95% interval from", format="+.2f"),
    alt.Tooltip("interval_high:Q", title="95% interval to", format="+.2f"),
    alt.Tooltip("n_articles:Q", title="Articles"),
    alt.Tooltip("n_sentences:Q", title="Sentences"),
    alt.Tooltip("label:N", title="Label"),
]


def stance_heatmap_chart(stance: pd.DataFrame) -> alt.Chart:
    """Outlet x actor, coloured by mean stance; n and the interval in the tooltip."""
    return (
        alt.Chart(stance)
        .mark_rect()
        .encode(
            x=alt.X("actor:N", title=None, axis=alt.Axis(labelAngle=-45, labelOverlap=False, labelLimit=160)),
            y=alt.Y("outlet:N", title=None, axis=alt.Axis(labelLimit=200)),
            color=_stance_colour("mean_score", "Mean stance"),
            tooltip=[alt.Tooltip("outlet:N", title="Outlet"), alt.Tooltip("actor:N", title="Actor"), *_INTERVAL_TOOLTIP],
        )
        .properties(height=alt.Step(28))
    )


def stance_by_outlet_chart(stance: pd.DataFrame, colours: OutletColours, selectable: bool = False) -> Drawn:
    """Diverging bars from 0, one per outlet, with the 95% interval as a line; an outlet of
    one article has none to draw (its interval is the whole scale, which would read as a
    gridline), the tooltip still gives it.

    With `selectable`, clicking a bar selects its outlet (parameter `pick`), so a page can
    show the evidence behind it.
    """
    base = alt.Chart(stance).encode(y=alt.Y("outlet:N", title=None, sort=alt.EncodingSortField("mean_score", order="descending")))
    scale = alt.Scale(domain=[-1, 1])
    bars = base.mark_bar().encode(
        x=alt.X("mean_score:Q", title="Stance (critical < 0 < supportive)", scale=scale),
        color=colours.colour(),
        tooltip=[alt.Tooltip("outlet:N", title="Outlet"), *_INTERVAL_TOOLTIP],
    )
    if selectable:
        pick = alt.selection_point(name="pick", fields=["outlet"])
        bars = bars.add_params(pick).encode(opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)))
    interval = (
        base.transform_filter(alt.datum.n_articles >= MIN_ARTICLES_FOR_INTERVAL)
        .mark_rule(color="#333333")
        .encode(x="interval_low:Q", x2="interval_high:Q")
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#666666", strokeDash=[4, 3]).encode(x="zero:Q")
    return alt.layer(bars, interval, zero).properties(height=alt.Step(30))


def quoted_speakers_chart(quotes: pd.DataFrame, colours: OutletColours) -> alt.Chart:
    return (
        alt.Chart(quotes)
        .mark_bar()
        .encode(
            y=alt.Y("speaker:N", sort="-x", title=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("sum(quotes):Q", title="Quoted passages"),
            color=colours.colour(),
            tooltip=[alt.Tooltip("outlet:N", title="Outlet"), alt.Tooltip("speaker:N", title="Speaker"), alt.Tooltip("quotes:Q", title="Quoted passages")],
        )
    )


def _frame_axis(names: pd.Series) -> alt.X:
    return alt.X("name:N", title=None, sort=list(dict.fromkeys(names)), axis=alt.Axis(labelAngle=-35, labelLimit=220, labelOverlap=False))


def frame_heatmap_chart(shares: pd.DataFrame) -> alt.Chart:
    """Outlet x frame, coloured by the share of the outlet's articles that carry the frame;
    clicking a cell selects it (parameter `cell`), so a page can show its sentences."""
    cell = alt.selection_point(name="cell", fields=["outlet", "frame"])
    return (
        alt.Chart(shares)
        .mark_rect()
        .encode(
            x=_frame_axis(shares["name"]),
            y=alt.Y("outlet:N", title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color("share:Q", title="Share of articles", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=alt.Legend(format="%")),
            opacity=alt.condition(cell, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                alt.Tooltip("outlet:N", title="Outlet"), alt.Tooltip("name:N", title="Frame"),
                alt.Tooltip("share:Q", title="Share of the outlet's articles", format=".0%"), alt.Tooltip("articles_of:N", title="Articles"),
                alt.Tooltip("sentence_share:Q", title="Mean share of their sentences", format=".0%"),
            ],
        )
        .add_params(cell)
        .properties(height=alt.Step(28))
    )


def frames_over_time_chart(over_time: pd.DataFrame) -> alt.Chart:
    """The share of each week's articles that carry each frame, a line per frame."""
    return (
        alt.Chart(over_time)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title="Week", axis=alt.Axis(format="%Y-%m-%d")),
            y=alt.Y("share:Q", title="Share of the week's dated articles", axis=alt.Axis(format="%")),
            color=alt.Color("name:N", title="Frame", scale=alt.Scale(range=list(COLOUR_BLIND_SAFE)), sort=list(dict.fromkeys(over_time["name"]))),
            tooltip=[
                alt.Tooltip("week:T", title="Week of", format="%Y-%m-%d"), alt.Tooltip("name:N", title="Frame"),
                alt.Tooltip("share:Q", title="Share", format=".0%"), alt.Tooltip("articles_of:N", title="Articles"),
            ],
        )
    )


def frames_by_stance_chart(by_stance: pd.DataFrame) -> alt.Chart:
    """For each frame, the share of the critical, neutral and supportive articles that carry it, side by side."""
    sides = [side for side in STANCE_COLOURS if side in set(by_stance["topic_label"])]
    return (
        alt.Chart(by_stance)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=list(dict.fromkeys(by_stance["name"])), axis=alt.Axis(labelLimit=240)),
            yOffset=alt.YOffset("topic_label:N", sort=sides),
            x=alt.X("share:Q", title="Share of the side's articles", axis=alt.Axis(format="%")),
            color=alt.Color("topic_label:N", title="Article's stance", scale=alt.Scale(domain=sides, range=[STANCE_COLOURS[s] for s in sides])),
            tooltip=[
                alt.Tooltip("name:N", title="Frame"), alt.Tooltip("topic_label:N", title="Articles"),
                alt.Tooltip("share:Q", title="Share", format=".0%"), alt.Tooltip("articles_of:N", title="Count"),
            ],
        )
    )
