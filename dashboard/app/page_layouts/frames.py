import streamlit as st

from dashboard.app import charts, framing
from dashboard.app.data import page_data
from dashboard.app.layout import chart_or_message, corpus_status, linked_choice
from dashboard.app.reader import markdown_text

data = page_data()
tables = data.tables
st.title("Frames")
if corpus_status(data):
    frames_built = data.manifest.get("frames") or {}
    how = (
        "cue phrases only (the build ran `--stance fast`)" if frames_built.get("mode") == "cue"
        else "cue phrases and the sentence's similarity to the frame's description and examples (MiniLM)"
    )
    st.caption(
        f"How each outlet tells the story. A sentence carries a frame of `data/frames.csv` by {how}; an article carries it "
        "when one of its sentences does. Outlets are compared by the share of their articles that carry each frame."
    )
    names = framing.frame_names(tables)
    shares = framing.frame_share_by_outlet(tables)
    st.subheader("Frames by outlet")
    st.caption("Share of each outlet's articles that carry the frame (blank: none does); the tooltip gives the count and its base. Click a cell for its sentences.")
    event = chart_or_message(
        shares, charts.frame_heatmap_chart, "No article shown carries a frame of data/frames.csv.", on_select="rerun", key="frame_chart",
    )
    if not shares.empty:
        clicked = [point for point in (event.selection.get("cell") or []) if "outlet" in point and "frame" in point] if event else []
        if clicked:
            outlet, frame = clicked[0]["outlet"], clicked[0]["frame"]
            st.query_params["frame_outlet"], st.query_params["frame"] = outlet, frame
        else:
            pick_outlet, pick_frame = st.columns(2)
            with pick_outlet:
                outlets = sorted(set(shares["outlet"]))
                outlet = linked_choice("Evidence for outlet (or click a cell)", outlets, {o: o for o in outlets}, "outlet", key="frame_outlet")
            with pick_frame:
                carried = [frame_id for frame_id in names if frame_id in set(shares.loc[shares["outlet"] == outlet, "frame"])]
                frame = linked_choice("Frame", carried or list(names), names, "frame", key="frame")
        evidence = framing.frame_evidence(tables, outlet, frame)
        shown = f"; the {len(evidence.rows)} strongest shown" if len(evidence.rows) < evidence.total else ", strongest first"
        st.caption(markdown_text(f"{evidence.total} headlines and sentences of {outlet} carry the frame {names.get(frame, frame)}") + shown)
        st.dataframe(
            evidence.rows,
            hide_index=True,
            column_config={
                "score": st.column_config.NumberColumn("score", format="%.2f", help="How strongly the sentence carries the frame, 0 to 1"),
                "method": st.column_config.TextColumn("found by", help="cue, similarity or cue+similarity"),
                "cue": st.column_config.TextColumn("cue phrases"),
                "text": st.column_config.TextColumn("text", width="large"),
            },
        )

    left, right = st.columns(2)
    with left:
        st.subheader("Frames over time")
        st.caption("Share of each week's dated articles (Monday to Sunday) that carry the frame.")
        chart_or_message(framing.frames_over_time(tables), charts.frames_over_time_chart, "No dated article shown carries a frame.")
    with right:
        st.subheader("Frames of critical and supportive articles")
        st.caption(markdown_text(f"Share of the articles of each stance on {data.topic_title} that carry the frame."))
        chart_or_message(framing.frames_by_stance(tables), charts.frames_by_stance_chart, "No article shown both takes a stance on the topic and carries a frame.")
