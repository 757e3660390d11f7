"""Generated blocks of the README: the text between two markers, replaced in place."""

from __future__ import annotations


def readme_with_block(readme: str, start_marker: str, end_marker: str, text: str) -> str:
    """The README with the text between the markers replaced; the rest left untouched."""
    start = readme.index(start_marker) + len(start_marker)
    end = readme.index(end_marker, start)
    return readme[:start] + text + readme[end:]
