import streamlit as st

from dashboard import paths
from dashboard.app import corpus
from dashboard.app.data import page_data, private_session_folder
from dashboard.app.reader import markdown_text
from dashboard.preprocessing.ingest import formats

data = page_data()
session_only = corpus.uploads_are_session_only()
st.title("Add articles")
st.write(
    f"Upload news articles as {', '.join(corpus.UPLOAD_SUFFIXES)} files, up to {corpus.MAX_UPLOAD_MEBIBYTES} MiB each "
    f"({formats.format_titles()}). Each file's format is found from its content, and the files go through the same "
    "pipeline as the rest of the corpus."
)
with st.expander("Which files can be read, and what is taken from them"):
    st.markdown(formats.formats_markdown())
shown, total = len(data.tables["articles"]), len(data.corpus["articles"])
st.caption(f"The corpus holds {total} articles; {shown} match the filters in the sidebar.")
if session_only:
    st.info("This is a shared, hosted dashboard: what you upload joins the charts for your session only and is not kept.")
else:
    st.caption(markdown_text(f"Uploads are saved under {paths.RAW / corpus.UPLOADS_FOLDER}/ and the tables in {data.folder}/ are rebuilt."))
with st.form("upload", clear_on_submit=True):
    files = st.file_uploader(
        "Article files",
        accept_multiple_files=True,
        max_upload_size=corpus.UPLOADER_MEBIBYTES,
        help=f"Files of another type or over {corpus.MAX_UPLOAD_MEBIBYTES} MiB are listed with the reason after you add them.",
    )
    submitted = st.form_submit_button("Add to the corpus", type="primary")
if submitted and files:
    uploads = [(file.name, file.getvalue()) for file in files]
    plan = corpus.upload_plan(data.manifest, data.folder, private_session_folder())
    with st.spinner("Reading the files and rebuilding the tables..."):
        try:
            result = corpus.corpus_with_uploads(
                uploads, plan.raw_folder, plan.tables_folder, plan.inputs, data.topic, corpus.stance_mode_of(data.manifest),
            )
        except Exception as error:
            result = corpus.UploadResult(plan.tables_folder, [], [(name, f"could not be added: {error}") for name, _ in uploads])
    if session_only and result.added:
        st.session_state["session_tables"] = str(plan.tables_folder)
    st.session_state["last_upload"] = result
    st.rerun()
last_upload = st.session_state.get("last_upload")
if last_upload is not None:
    if last_upload.added:
        st.success(f"Added {len(last_upload.added)} file(s): {markdown_text(', '.join(last_upload.added))}. Every page now includes them.")
    if last_upload.rejected:
        st.warning(f"{len(last_upload.rejected)} file(s) or records could not be used:")
        st.dataframe({"file": [name for name, _ in last_upload.rejected], "reason": [reason for _, reason in last_upload.rejected]}, hide_index=True)
rejected = data.corpus["rejected"]
if len(rejected):
    st.subheader("Rejected in the current build")
    st.dataframe(rejected, hide_index=True)
