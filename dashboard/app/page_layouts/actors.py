import streamlit as st

from dashboard.app import charts, views
from dashboard.app.data import page_data
from dashboard.app.layout import chart_or_message, corpus_status, linked_choice, measure_switch
from dashboard.app.reader import markdown_text, mention_spans, sentence_markdown

SENTENCES_SHOWN = 50

data = page_data()
tables = data.tables
names = views.actor_names(data.corpus)
st.title("Actors")
if corpus_status(data):
    st.subheader("Attention by actor")
    switch, grouping = st.columns(2)
    with switch:
        measure = measure_switch()
    with grouping:
        by = st.radio(
            "By", ["outlet", "outlet_kind"], format_func={"outlet": "Outlet", "outlet_kind": "Outlet kind"}.get, horizontal=True,
            key="stack_by", bind="query-params",
        )
    what = "outlet" if by == "outlet" else "outlet kind"
    st.caption(
        f"The share of each {what}'s articles that mention the actor (blank: none does); the tooltip gives the count and its base."
        if measure == views.SHARE else f"Mentions, stacked by {what}; the tooltip gives the share of its articles that mention the actor."
    )
    chart_or_message(
        views.actor_attention(tables, by, top=20),
        lambda frame: charts.actor_attention_chart(frame, by, data.colours, measure),
        "No actor from data/actors.csv is mentioned in the articles shown.",
    )
    left, right = st.columns([1, 2])
    with left:
        st.subheader("By actor type")
        chart_or_message(views.mentions_by_actor_type(tables), charts.mentions_by_actor_type_chart, "No actor mentions to count.")
    with right:
        st.subheader("Actors named in the same article")
        chart_or_message(views.actor_cooccurrence(tables), charts.cooccurrence_chart, "No article shown names two actors.")

    st.subheader("One actor")
    mentioned = views.mention_counts(tables)
    if mentioned.empty:
        st.info("No actor is mentioned in the articles shown.")
    else:
        actor_id = linked_choice("Actor", list(mentioned.index), names, "actor", key="focus")
        st.caption(f"{mentioned[actor_id]} mentions in the articles shown.")
        stance_tab, sentences_tab, quotes_tab = st.tabs(["Stance by outlet", "Sentences", "Quotes"])
        with stance_tab:
            chart_or_message(
                views.actor_stance_by_outlet(tables, actor_id),
                lambda frame: charts.stance_by_outlet_chart(frame, data.colours),
                "No stance scores for this actor in the articles shown.",
            )
        with sentences_tab:
            count = views.actor_sentence_count(tables, actor_id)
            sentences = views.actor_sentences(tables, actor_id, SENTENCES_SHOWN)
            spans = mention_spans(sentences)
            st.caption(f"{count} sentences" + (f"; the first {SENTENCES_SHOWN} shown" if count > SENTENCES_SHOWN else ""))
            for row in sentences.drop_duplicates("sentence_id").itertuples(index=False):
                st.markdown(f"**{markdown_text(row.outlet)}** · {markdown_text(row.title) or '(untitled)'}  \n{sentence_markdown(row.text, spans[row.sentence_id], None)}")
        with quotes_tab:
            quotes = views.actor_quotes(tables, actor_id)
            if quotes.empty:
                st.info("The articles shown quote no passage by this actor.")
            else:
                st.dataframe(quotes, hide_index=True, column_config={"published": st.column_config.DateColumn("published")})
