"""How many documents each research-database export file held, and what became of them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard.preprocessing.records import RawArticle, Rejection


@dataclass(frozen=True)
class ExportCount:
    """The documents of one research-database export file: all it held, those read as
    articles, those rejected (a document cut off, or without text)."""

    layout: str
    documents: int = 0
    read: int = 0
    rejected: int = 0


def export_document_count(count: ExportCount | None, item: RawArticle | Rejection) -> ExportCount:
    """An export file's count with one more document."""
    previous = count or ExportCount(item.export_layout)
    if isinstance(item, Rejection):
        return replace(previous, documents=previous.documents + 1, rejected=previous.rejected + 1)
    return replace(previous, documents=previous.documents + 1, read=previous.read + 1)
