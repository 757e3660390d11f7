"""What every research-database layout reads the same way: lines, date lines."""

from __future__ import annotations

from dashboard.preprocessing import patterns


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a text, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def date_of_line(line: str) -> str:
    """The calendar date a date line states ("July 29, 2024 Monday 10:30 PM EST" and
    "Updated July 29, 2024" give "July 29, 2024", "29 July 2024" is itself); "" for any
    other line, so a line that only mentions a date is not one."""
    match = patterns.EXPORT_DATE_LINE.match(line)
    return match.group("date") if match else ""
