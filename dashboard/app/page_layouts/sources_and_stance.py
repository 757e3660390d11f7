import streamlit as st

from dashboard.app import charts, views
from dashboard.app.data import page_data
from dashboard.app.layout import chart_or_message, corpus_status
from dashboard.app.reader import markdown_text

data = page_data()
tables = data.tables
framework_name = views.actor_names(data.corpus).get(data.framework_actor, data.framework_actor)
st.title("Sources and stance")
if corpus_status(data):
    st.subheader("How each outlet treats each actor")
    st.caption("Mean stance of the sentences naming the actor (blue supportive, orange critical); the tooltip gives n and the 95% interval.")
    chart_or_message(views.stance_heatmap(tables), charts.stance_heatmap_chart, "No stance scores for the articles and actors shown.")

    st.subheader(f"Stance toward {markdown_text(framework_name)}")
    framework = views.actor_stance_by_outlet(tables, data.framework_actor)
    event = chart_or_message(
        framework,
        lambda frame: charts.stance_by_outlet_chart(frame, data.colours, selectable=True),
        "None of the articles shown mentions it.",
        on_select="rerun",
        key="framework_chart",
    )
    if not framework.empty:
        picked = [point["outlet"] for point in (event.selection.get("pick") or []) if "outlet" in point] if event else []
        outlet = picked[0] if picked else st.selectbox("Evidence for outlet (or click a bar)", list(framework["outlet"]), key="evidence_outlet")
        evidence = views.stance_evidence(tables, data.framework_actor, outlet)
        st.caption(markdown_text(f"{len(evidence)} sentences of {outlet} about {framework_name}, strongest first"))
        st.dataframe(
            evidence,
            hide_index=True,
            column_config={
                "score": st.column_config.NumberColumn("score", format="%+.2f"),
                "published": st.column_config.DateColumn("published"),
                "text": st.column_config.TextColumn("sentence", width="large"),
            },
        )

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
