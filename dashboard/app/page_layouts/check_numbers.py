import streamlit as st

from dashboard.app import corpus, views
from dashboard.app.data import agreement_for, current_labels, labels_file, page_data, private_session_folder
from dashboard.app.downloads import csv_bytes
from dashboard.app.layout import corpus_status
from dashboard.app.reader import MENTION_STYLE, article_markdown, markdown_text
from dashboard.validation.labels import ACTIVE, RANDOM, Label, LabelError, label_appended
from dashboard.validation.report import agreement_line, report_markdown, report_rows
from dashboard.validation.sample import DEFAULT_SAMPLE_SIZE, DEFAULT_SEED, active_candidates, next_to_label, stratified_sample

STANCE_WORDS = {-2: "−2 strongly critical", -1: "−1 critical", 0: "0 neutral", 1: "+1 supportive", 2: "+2 strongly supportive"}

data = page_data()
tables = data.tables
st.title("Check the numbers")
st.write(
    f"Read a random sample of the articles shown, stratified by outlet, and give each your own stance on "
    f"{markdown_text(data.topic_title)}. The tool's reading stays hidden until you save yours. Your labels go to "
    f"{markdown_text(str(labels_file()))} and the agreement below, and beside every stance chart, is computed from them."
)
if corpus_status(data):
    left, right = st.columns([2, 1])
    coder = " ".join(left.text_input("Your name, as coder", key="coder").split())
    size = int(right.number_input("Sample size", min_value=5, max_value=1000, value=DEFAULT_SAMPLE_SIZE, step=5, key="sample_size"))
    path = labels_file()
    labels = current_labels(path).labels
    sample = stratified_sample(tables["articles"], size, DEFAULT_SEED)
    mine = set(labels.loc[labels["coder"] == coder, "article_id"]) if coder else set()
    done = sum(article_id in mine for article_id in sample)
    st.progress(done / len(sample) if sample else 0.0, text=f"{done} of {len(sample)} labelled")
    saved = st.session_state.get("last_label")
    if saved:
        st.success(markdown_text(saved))
    if not coder:
        st.info("Give your name as coder to start; coming back under the same name continues where you stopped.")
    else:
        current, chosen = next_to_label(sample, mine), RANDOM
        if current is None:
            st.success("You have labelled the whole sample.")
            more = st.toggle(
                "Label more: articles chosen to be informative (the tool least sure, outlets with fewest labels). They are marked "
                "active and never count in the agreement figures.", key="label_more",
            )
            if more:
                candidates = active_candidates(tables["articles"], labels[labels["coder"] == coder], corpus.topic_band_of(data.manifest))
                current, chosen = (candidates[0] if candidates else None), ACTIVE
                if current is None:
                    st.info("You have labelled every article shown.")
        if current is not None:
            article = tables["articles"].set_index("article_id").loc[current]
            st.subheader(markdown_text(article["title"] or "(untitled)"))
            st.caption(markdown_text(" · ".join(part for part in (article["outlet"], views.published_text(article["published"])) if part)))
            st.caption(f"Actor mentions in **:{MENTION_STYLE}[bold colour]**; no stance is shown until you save yours.")
            parts = views.article_parts(tables, current)
            st.markdown(article_markdown(parts["sentences"], parts["mentions"], parts["sentence_stance"].iloc[0:0]))
            with st.form("label", clear_on_submit=True):
                stance = st.radio("Stance of the article on the topic", list(STANCE_WORDS), format_func=STANCE_WORDS.get, index=None, horizontal=True)
                frames = st.text_input("Frames (optional, separated by |)")
                note = st.text_input("Note (optional)")
                submitted = st.form_submit_button("Save and next", type="primary")
            if submitted:
                if stance is None:
                    st.warning("Choose a stance before saving.")
                else:
                    try:
                        label_appended(path, Label(current, coder, int(stance), chosen, tuple(frames.split("|")), note))
                    except (LabelError, OSError) as error:
                        st.error(markdown_text(f"The label was not saved: {error}"))
                    else:
                        tool = article["topic_label"] or "no stance (no sentence about the topic)"
                        st.session_state["last_label"] = f"Saved {STANCE_WORDS[int(stance)]} for “{article['title']}”. The tool read it as {tool}."
                        st.rerun()

    st.header("Agreement")
    report = agreement_for(data)
    st.markdown(report_markdown(report, data.topic_title, markdown_text))
    rows = report_rows(report)
    download_csv, download_markdown = st.columns(2)
    download_csv.download_button("agreement.csv", csv_bytes(rows), file_name="agreement.csv", mime="text/csv", disabled=rows.empty)
    download_markdown.download_button(
        "agreement.md", report_markdown(report, data.topic_title).encode("utf-8"), file_name="agreement.md", mime="text/markdown",
    )
    if len(labels):
        st.caption(f"{len(labels)} labels by {labels['coder'].nunique()} coder(s) in the labels file.")
    else:
        st.caption("No labels yet.")

    st.subheader("Calibrate")
    st.write(
        "Fit the two thresholds that turn an article's score into critical, neutral or supportive on your random-sample labels, "
        "and rebuild the tables with them. Every figure shown for the calibrated labels is out of fold (an article is labelled by "
        "thresholds fitted without it); nothing changes with fewer than 10 labels."
    )
    if st.button("Calibrate on these labels and rebuild", key="calibrate"):
        session = private_session_folder()
        plan = corpus.upload_plan(data.manifest, data.folder, session)
        with st.spinner("Fitting the thresholds and rebuilding the tables..."):
            try:
                calibration = corpus.calibrated_tables(plan, data.topic, corpus.stance_mode_of(data.manifest), path)
            except Exception as error:
                calibration = {"used": False, "why": f"the rebuild failed ({type(error).__name__}: {error}); the previous tables are kept"}
        if session is not None and calibration.get("used"):
            st.session_state["session_tables"] = str(plan.tables_folder)
        st.session_state["last_calibration"] = calibration
        st.rerun()
    recorded = st.session_state.get("last_calibration") or data.manifest.get("calibration")
    if recorded:
        if recorded.get("used"):
            st.success(markdown_text(agreement_line(report, recorded)))
        else:
            st.info(markdown_text(f"Not calibrated: {recorded.get('why', '')}."))
