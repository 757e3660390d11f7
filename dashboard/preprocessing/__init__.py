"""Preprocessing: raw article files to tidy tables, one module per stage.

ingest/ (files to raw articles) -> clean (text and paragraphs) -> metadata (dates,
headlines, outlets in the text) -> sentences -> syndication -> tables -> store (disk).
`articles` runs the per-article stages; `build` runs the whole corpus.
"""
