import streamlit as st

from dashboard.app import charts, views
from dashboard.app.data import page_data
from dashboard.app.layout import chart_or_message, corpus_status
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
    framework_name = markdown_text(views.actor_names(data.corpus).get(data.framework_actor, data.framework_actor))
    st.subheader(f"Stance toward {framework_name}, by outlet")
    st.caption("Mean sentence stance with its 95% interval; details on *Sources and stance*.")
    chart_or_message(
        views.actor_stance_by_outlet(tables, data.framework_actor),
        lambda frame: charts.stance_by_outlet_chart(frame, data.colours),
        "None of the articles shown mentions it.",
    )
