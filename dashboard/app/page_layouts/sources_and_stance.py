import streamlit as st

from dashboard.app import charts, corpus, views
from dashboard.app.data import page_data
from dashboard.app.layout import agreement_status, chart_or_message, corpus_status
from dashboard.app.reader import markdown_text

data = page_data()
tables = data.tables
st.title("Sources and stance")
if corpus_status(data):
    st.subheader(f"Stance on {markdown_text(data.topic_title)}, by outlet")
    st.caption(
        "Each outlet's mean article score (critical < 0 < supportive) with its 95% interval, bootstrapped over its articles "
        "(an outlet of one article has none); "
        "the tooltip gives the number of articles. Click a bar, or pick an outlet below, for the sentences behind it."
    )
    topic = views.topic_stance_by_outlet(tables)
    event = chart_or_message(
        topic,
        lambda frame: charts.stance_by_outlet_chart(frame, data.colours, selectable=True),
        "None of the articles shown is about the topic.",
        on_select="rerun",
        key="topic_chart",
    )
    st.caption(markdown_text(corpus.stance_method_of(data.manifest)))
    agreement_status(data)
    if not topic.empty:
        picked = [point["outlet"] for point in (event.selection.get("pick") or []) if "outlet" in point] if event else []
        outlet = picked[0] if picked else st.selectbox("Evidence for outlet (or click a bar)", list(topic["outlet"]), key="evidence_outlet")
        evidence = views.topic_evidence(tables, outlet)
        shown = f"; the {len(evidence.rows)} weightiest shown" if len(evidence.rows) < evidence.total else ", weightiest first"
        st.caption(markdown_text(f"{evidence.total} headlines and sentences of {outlet} weighed for its stance") + shown)
        st.dataframe(
            evidence.rows,
            hide_index=True,
            column_config={
                "score": st.column_config.NumberColumn("score", format="%+.2f", help="p(supportive) - p(critical)"),
                "label": st.column_config.TextColumn("sentence stance"),
                "voice": st.column_config.TextColumn("voice", help="own: the outlet's words; quoted: someone it quotes or reports"),
                "reference_kind": st.column_config.TextColumn("refers by"),
                "text": st.column_config.TextColumn("text", width="large"),
                "article_label": st.column_config.TextColumn("article"),
            },
        )

    st.subheader("How each outlet treats each actor")
    st.caption("Mean target sentiment of the sentences naming the actor (blue supportive, orange critical); the tooltip gives n and the 95% interval.")
    chart_or_message(views.stance_heatmap(tables), charts.stance_heatmap_chart, "No stance scores for the articles and actors shown.")

    left, right = st.columns(2)
    with left:
        st.subheader("Who each outlet quotes")
        chart_or_message(
            views.quoted_speakers(tables),
            lambda frame: charts.quoted_speakers_chart(frame, data.colours),
            "The articles shown quote nobody.",
        )
    with right:
        st.subheader("What each outlet leaves out")
        st.caption("Actors that at least half of the outlets shown mention, and this outlet does not.")
        left_out = views.left_out_by_outlet(tables)
        if left_out.empty:
            st.info("Nothing: every outlet shown mentions every actor that most of them do (or only one outlet is shown).")
        else:
            st.dataframe(left_out, hide_index=True)
