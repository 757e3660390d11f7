import streamlit as st

from dashboard.app import views
from dashboard.app.data import original_text, page_data
from dashboard.app.layout import corpus_status, linked_choice
from dashboard.app.reader import MENTION_STYLE, SENTENCE_TINTS, article_markdown, markdown_text

data = page_data()
tables = data.tables
st.title("Articles")
if corpus_status(data):
    search = st.text_input("Search titles, outlets and authors", key="article_search")
    listed = views.article_list(tables["articles"], search)
    st.dataframe(
        listed,
        hide_index=True,
        column_config={
            "title": st.column_config.TextColumn("title", width="large"),
            "topic_label": st.column_config.TextColumn("stance on topic"),
            "topic_score": st.column_config.NumberColumn("topic score", format="%+.2f"),
            "topic_confidence": st.column_config.NumberColumn("confidence", format="%.2f"),
            "topic_sentences": st.column_config.NumberColumn("topic sentences"),
        },
    )
    if listed.empty:
        st.info("No article matches the search.")
    else:
        labels = views.article_labels(listed)
        choices = views.articles_to_pick(listed["article_id"].tolist(), labels, st.query_params.get("article"))
        if len(choices) < len(listed):
            st.caption(f"The picker lists the {views.ARTICLES_PICKED:,} newest of the {len(listed):,} articles listed; search or filter to reach the others.")
        article_id = linked_choice("Read one article", choices, labels, "article", key="article")
        article = tables["articles"].set_index("article_id").loc[article_id]
        st.subheader(markdown_text(article["title"] or "(untitled)"))
        byline = [article["outlet"], article["author"], article["genre"], views.published_text(article["published"])]
        st.caption(markdown_text(" · ".join(part for part in byline if part)))
        if article["url"]:
            st.caption(markdown_text(article["url"]))
        if article["syndicated_of"]:
            st.caption(f"A syndicated copy of article {markdown_text(article['syndicated_of'])}.")
        st.caption(markdown_text(views.topic_stance_line(article, data.topic_title)))
        reader_tab, original_tab = st.tabs(["Reader", "Cleaned beside original"])
        with reader_tab:
            st.caption(
                f"Actor mentions in **:{MENTION_STYLE}[bold colour]**; sentences tinted "
                f":{SENTENCE_TINTS['positive']}[positive] or :{SENTENCE_TINTS['negative']}[negative] toward the actors they name."
            )
            parts = views.article_parts(tables, article_id)
            st.markdown(article_markdown(parts["sentences"], parts["mentions"], parts["sentence_stance"]))
            if len(parts["topic_stance"]):
                st.markdown("**Sentences weighed for the stance on the topic**")
                st.dataframe(
                    parts["topic_stance"][["score", "label", "voice", "reference_kind", "weight", "text"]],
                    hide_index=True,
                    column_config={
                        "score": st.column_config.NumberColumn("score", format="%+.2f"),
                        "weight": st.column_config.NumberColumn("weight", format="%.2f"),
                        "text": st.column_config.TextColumn("text", width="large"),
                    },
                )
        with original_tab:
            cleaned, original = st.columns(2)
            cleaned.markdown("**Cleaned**")
            cleaned.code(views.article_text(tables, article_id), language=None, wrap_lines=True)
            original.markdown("**Original**")
            body = original_text(tuple(data.manifest.get("inputs", [])), article["source_path"], data.manifest.get("built_at"))
            if body is None:
                original.info(f"The original file ({markdown_text(article['source_path'])}) is no longer where the build read it.")
            else:
                original.code(body, language=None, wrap_lines=True)
