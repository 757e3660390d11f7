from functools import partial

import streamlit as st

from dashboard import schema
from dashboard.app.data import agreement_for, page_data
from dashboard.app.downloads import csv_bytes, zip_bytes
from dashboard.app.reader import markdown_text
from dashboard.validation.report import agreement_line, report_rows

data = page_data()
tables = data.tables


def standalone_table_csv(name: str) -> bytes:
    """Made when the button is clicked: the table read whole from its Parquet file, with
    each row's outlet, date and title."""
    return csv_bytes(tables.standalone_table(name))

st.title("Data")
st.write(
    "Each table as CSV, restricted by the sidebar filters. Text cells that a spreadsheet "
    "would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) are "
    "prefixed with `'`; numbers stay numbers. A table whose rows belong to an article, downloaded on its own, carries "
    "the article's outlet, date and title, so that the file stands alone; the zip holds `articles.csv` beside the tidy tables."
)
if data.manifest:
    inputs = ", ".join(data.manifest.get("inputs", []))
    st.caption(markdown_text(f"Built {data.manifest.get('built_at', '')} from {inputs} by Coverage Lens {data.manifest.get('coverage_lens_version', '')}."))
report = agreement_for(data)
agreement = report_rows(report)
st.caption(agreement_line(report, data.manifest.get("calibration")) + " The zip holds the agreement figures as agreement.csv.")
st.download_button(
    "Download all tables (zip)",
    # The zip holds articles.csv, so its other tables stay tidy (and the zip small).
    data=lambda: zip_bytes({**{name: tables.whole_table(name) for name in schema.TABLES}, "agreement": agreement}),
    file_name="coverage-lens-tables.zip",
    mime="application/zip",
    type="primary",
    icon=":material/folder_zip:",
    on_click="ignore",
    key="download_all",
)
for name, table in schema.TABLES.items():
    name_column, rows_column, button_column = st.columns([2, 2, 1], vertical_alignment="center")
    name_column.markdown(f"**`{name}`**  \n{table.description}")
    rows_column.caption(f"{tables.number_of_rows(name):,} of {len(data.corpus[name]):,} rows")
    button_column.download_button(
        f"{name}.csv",
        data=partial(standalone_table_csv, name),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"download_{name}",
    )
with st.expander("Data dictionary", expanded=False):
    st.markdown(schema.data_dictionary_markdown())
