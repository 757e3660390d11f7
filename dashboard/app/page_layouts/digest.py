import streamlit as st

from dashboard.app.data import digest_for, page_data
from dashboard.app.digest import (
    CRITICAL,
    DIGEST_RULES,
    DISPUTED,
    HAPPENED,
    SECTIONS,
    SIDES,
    SUPPORTIVE,
    articles_count,
    cap_note,
    citation_markdown,
    digest_markdown,
    outlets_count,
)
from dashboard.app.layout import corpus_status
from dashboard.app.reader import markdown_text

ARTICLES_PAGE = "page_layouts/articles.py"
SECTION_EMPTY = {
    HAPPENED: "No claim is carried by two outlets in their own words.",
    SIDES: "No claim belongs to one side only.",
    DISPUTED: "No claim is carried by both critical and supportive articles.",
}

data = page_data()
st.title("Digest")
if corpus_status(data):
    st.caption(DIGEST_RULES)
    lines = st.number_input("Lines per section", min_value=1, max_value=20, value=5, key="lines", bind="query-params")
    with st.spinner("Grouping the sentences of the articles shown..."):
        digest = digest_for(data.tables, int(lines))
    if digest.capped:
        st.caption(markdown_text(cap_note(digest)))
    if not digest.lines:
        st.info("No sentence of the articles shown reads as a claim (eight words or more, ending as a sentence ends).")
    for section in SECTIONS:
        st.subheader(section)
        sides = (SUPPORTIVE, CRITICAL) if section == SIDES else ("",)
        if not digest.section(section):
            st.caption(SECTION_EMPTY[section])
        for side in sides:
            shown = digest.section(section, side)
            if side and shown:
                st.markdown(f"**The {side} coverage**")
            for line in shown:
                contested = " · **contested**: critical and supportive articles both carry it" if line.contested else ""
                st.markdown(f"> {markdown_text(line.text)}")
                st.caption(f"{outlets_count(line)}: {markdown_text(', '.join(line.outlets))}{contested}")
                with st.expander(f"Cited: {articles_count(line)}"):
                    for citation in line.citations:
                        st.markdown(citation_markdown(citation))
                        st.page_link(ARTICLES_PAGE, label="Read it", query_params={"article": citation.article_id})
    st.download_button(
        "Download the digest (Markdown, with citations)",
        digest_markdown(digest, data.topic_title),
        file_name="digest.md",
        mime="text/markdown",
        key="digest_download",
    )
