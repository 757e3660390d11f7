"""Shared links that name one thing: `focus=` an actor, `article=` an article.

A link carries the stable id (`actor_id`, `article_id`), so renaming an outlet or fixing
a title does not break it. Links made before, with the display name or the picker's
label, still resolve where that text names exactly one; anything else is reported, not
dropped in silence. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkChoice:
    """What a link's value picks (None: nothing, use the default) and what to tell the user."""

    chosen: str | None
    notice: str = ""


def choice_from_link(value: str | None, ids: Sequence[str], labels: Mapping[str, str], what: str) -> LinkChoice:
    """The id a link's value names among `ids`: the id itself, or a label naming one only."""
    if not value:
        return LinkChoice(None)
    if value in ids:
        return LinkChoice(value)
    folded = value.strip().casefold()
    matching = [identifier for identifier in ids if labels.get(identifier, "").strip().casefold() == folded]
    if len(matching) == 1:
        return LinkChoice(matching[0])
    if matching:
        return LinkChoice(None, f"The link names {len(matching)} {what}s called '{value}'; showing the first in the list instead.")
    return LinkChoice(None, f"No {what} '{value}' in the articles shown; showing the first in the list instead.")
