"""Layout pieces every page uses: a chart or a message when the filters leave nothing,
a line saying what the filters kept, and one saying how far the stance was checked."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from dashboard.app.charts import Drawn
from dashboard.app.data import PageData, agreement_for
from dashboard.app.links import choice_from_link
from dashboard.app.reader import markdown_text
from dashboard.app.views import COUNT, MEASURES, SHARE
from dashboard.validation.report import MIN_CHECKED_LABELS, agreement_line

NOTHING_MATCHES = "Nothing matches the filters. Widen them in the sidebar (or clear the search)."


def chart_or_message(frame: pd.DataFrame, chart: Callable[[pd.DataFrame], Drawn], message: str, **chart_options):
    """Draw `chart(frame)`, or say `message` when there is nothing to draw."""
    if frame.empty:
        st.info(message, icon=":material/filter_alt_off:")
        return None
    return st.altair_chart(chart(frame), width="stretch", **chart_options)


def corpus_status(data: PageData) -> bool:
    """Say what the filters kept; False (after saying why) when there is nothing to show."""
    if data.problem:
        st.error(data.problem)
    shown, total = len(data.tables["articles"]), len(data.corpus["articles"])
    if total == 0:
        st.warning("The corpus is empty: add articles on the *Add articles* page, or build the tables with `make run`.")
        return False
    if shown == 0:
        st.warning(NOTHING_MATCHES)
        return False
    if shown < total:
        st.caption(f"Showing {shown} of {total} articles (filtered in the sidebar).")
    return True


def agreement_status(data: PageData) -> None:
    """Under a stance chart: how the figure agrees with people's labels of this corpus."""
    report = agreement_for(data)
    st.caption(agreement_line(report, data.manifest.get("calibration")))
    if report.overall is None or report.overall.n < MIN_CHECKED_LABELS:
        st.page_link("page_layouts/check_numbers.py", label="Label a sample on Check the numbers")


def linked_choice(label: str, ids: list[str], labels: Mapping[str, str], what: str, key: str) -> str:
    """A picker whose choice lives in the URL as the id (`?key=id`): a shared link opens
    the same item, an older link by label still does when it names one, and an unknown
    value says so."""
    link = choice_from_link(st.query_params.get(key), ids, labels, what)
    if link.notice:
        st.warning(markdown_text(link.notice))
    chosen = st.selectbox(label, ids, index=ids.index(link.chosen) if link.chosen else 0, format_func=lambda item: labels.get(item, item), key=key)
    st.query_params[key] = chosen
    return chosen


# As shown and as in the URL (a bound radio keeps its option's text there).
MEASURE_LABELS = {SHARE: "Share", COUNT: "Count"}


def measure_switch() -> str:
    """The count / share switch (`views.MEASURES`) of a page that compares outlets: share by
    default, since raw counts mostly measure how much an outlet publishes. It lives in the
    URL (`?measure=Count`)."""
    labels = [MEASURE_LABELS[measure] for measure in MEASURES]
    chosen = st.radio("Show", labels, horizontal=True, key="measure", bind="query-params") or labels[0]
    return MEASURES[labels.index(chosen)]
