"""Preprocessing: raw article files to tidy tables, one module per stage.

ingest/ (files to raw articles) -> clean (text and paragraphs) -> metadata (dates,
headlines, outlets in the text) -> sentences -> syndication -> tables -> store (disk).
`articles` is the cleaning stage; `build/` runs every stage over the corpus, as a map
over articles and a reduce over the corpus.
"""
