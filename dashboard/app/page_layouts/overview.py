import streamlit as st

from dashboard.app import charts, corpus, views
from dashboard.app.data import page_data
from dashboard.app.layout import agreement_status, chart_or_message, corpus_status, measure_switch
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
        f"{scored.supportive} supportive). Bars: each outlet's mean article score, line: 95% interval over its articles (none for one article); "
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
    measure = measure_switch()
    st.caption(
        "Each outlet's share of its own dated articles, week by week (Monday to Sunday), or the number of articles; "
        "the tooltip gives both. Undated articles have no week."
        if measure == views.SHARE else "Articles per week (Monday to Sunday), stacked by outlet; the tooltip gives each outlet's share of its dated articles."
    )
    chart_or_message(
        views.coverage_by_week(tables),
        lambda frame: charts.coverage_by_week_chart(frame, data.colours, measure),
        "None of the articles shown has a publication date.",
    )
    st.subheader("Most mentioned actors")
    st.caption(
        "The share of each outlet's articles that mention the actor (blank: none does); the tooltip gives the count and its base."
        if measure == views.SHARE else "Mentions, stacked by outlet; the tooltip gives the share of the outlet's articles that mention the actor."
    )
    chart_or_message(
        views.actor_attention(tables, "outlet", top=10),
        lambda frame: charts.actor_attention_chart(frame, "outlet", data.colours, measure),
        "No actor from data/actors.csv is mentioned in the articles shown.",
    )
