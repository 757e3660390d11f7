import streamlit as st

from dashboard.app import charts, corpus, views
from dashboard.app.data import page_data
from dashboard.app.layout import agreement_status, chart_or_message, corpus_status
from dashboard.app.reader import markdown_text

data = page_data()
tables = data.tables
st.title("Overview")
if corpus_status(data):
    summary = views.summary(tables)
    articles, outlets, actors, first, last = st.columns(5)
    articles.metric("Articles", summary.articles)
    outlets.metric("Outlets", summary.outlets)
    actors.metric("Actors mentioned", summary.actors)
    first.metric("First published", summary.first_published or "no dates")
    last.metric("Last published", summary.last_published or "no dates")

    st.subheader(f"Stance on {markdown_text(data.topic_title)}, by outlet")
    scored = views.topic_stance_summary(tables)
    st.caption(
        f"{scored.with_stance} of {scored.articles} articles take a stance on it ({scored.critical} critical, {scored.neutral} neutral, "
        f"{scored.supportive} supportive). Bars: each outlet's mean article score, line: 95% interval over its articles; "
        "the evidence sentences are on *Sources and stance*."
    )
    chart_or_message(
        views.topic_stance_by_outlet(tables),
        lambda frame: charts.stance_by_outlet_chart(frame, data.colours),
        "None of the articles shown is about the topic.",
    )
    st.caption(markdown_text(corpus.stance_method_of(data.manifest)))
    agreement_status(data)

    st.subheader("Coverage over time")
    chart_or_message(
        views.coverage_over_time(tables["articles"]),
        lambda frame: charts.coverage_over_time_chart(frame, data.colours),
        "None of the articles shown has a publication date.",
    )
    st.subheader("Most mentioned actors")
    chart_or_message(
        views.mentions_by_actor(tables, "outlet", top=10),
        lambda frame: charts.mentions_by_actor_chart(frame, "outlet", data.colours),
        "No actor from data/actors.csv is mentioned in the articles shown.",
    )
