"""The Streamlit app: `streamlit run dashboard/app/main.py`.

Pages (page_layouts/) hold layout only; what they show comes from plain functions here
(data loading, filters, views, charts, downloads) that are tested without Streamlit.
"""
