"""Coverage Lens dashboard: `streamlit run dashboard/app/main.py` (or `make run`).

Builds the tables from `seeds/` on a first start without them, draws the global filters
in the sidebar, and runs the page the user chose; each page lays out what `views` and
`charts` compute from the filtered tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

# A hosted deploy runs this file without installing the project; make `dashboard` importable.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from dashboard.app import corpus, data  # noqa: E402
from dashboard.app.sidebar import filters_from_sidebar  # noqa: E402
from dashboard.app.views import actor_names  # noqa: E402

# Not "pages/": a folder of that name beside the entry script switches Streamlit to its
# older multipage mode, which fights st.navigation (AppTest then skips the entry script).
PAGES = Path(__file__).parent / "page_layouts"

st.set_page_config(page_title="Coverage Lens", layout="wide")

with st.spinner("Building the tables from seeds/ (first start only)..."):
    folder, problem = corpus.tables_for_first_start(data.current_folder())
manifest = corpus.manifest_of_folder(folder)
stamp = manifest.get("built_at")
everything = data.loaded_corpus(str(folder), stamp).tables

navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Overview", default=True),
        st.Page(PAGES / "actors.py", title="Actors"),
        st.Page(PAGES / "sources_and_stance.py", title="Sources and stance"),
        st.Page(PAGES / "frames.py", title="Frames"),
        st.Page(PAGES / "digest.py", title="Digest"),
        st.Page(PAGES / "articles.py", title="Articles"),
        st.Page(PAGES / "data.py", title="Data"),
        st.Page(PAGES / "check_numbers.py", title="Check the numbers"),
        st.Page(PAGES / "add_articles.py", title="Add articles"),
    ]
)
filters = filters_from_sidebar(data.filter_options(str(folder), stamp), actor_names(everything), everything["articles"]["published"])
data.keep_page_data(data.page_data_for(folder, manifest, filters, problem))
navigation.run()
