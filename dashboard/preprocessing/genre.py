"""Genre: news, editorial, opinion/column, analysis, interview or statement, from what an
article says about itself; empty when nothing does.

Evidence, strongest first: a headline label ("[Editorial]", "Opinion | ", "【社説】"), the
byline ("Editorial Board", "Analysis by"), the page's or export's section, the URL path
(/opinion/), the outlet's kind (a government's release is a statement), a wire
dateline (news). A section or path word that only says "news" ranks below the others.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dashboard.preprocessing import patterns

NEWS = "news"
EDITORIAL = "editorial"
OPINION = "opinion/column"
ANALYSIS = "analysis"
INTERVIEW = "interview"
STATEMENT = "statement"
GENRES = (NEWS, EDITORIAL, OPINION, ANALYSIS, INTERVIEW, STATEMENT)
_NAMES = {"editorial": EDITORIAL, "opinion_column": OPINION, "analysis": ANALYSIS, "interview": INTERVIEW, "statement": STATEMENT, "news": NEWS}
# Outlet kinds (data/sources.csv) whose own texts are releases.
STATEMENT_OUTLET_KINDS = ("government",)


def genre_of_word(word: str) -> str:
    """The genre one label, section or path word names, or ""."""
    word = " ".join(word.replace("-", " ").replace("_", " ").split())
    for name, pattern in patterns.GENRE_WORDS.items():
        if pattern.match(word):
            return _NAMES[name]
    return ""


def genre_of_title(title: str) -> str:
    """The genre a headline label names: "[Editorial] …", "Opinion | …", "Analysis: …"."""
    match = patterns.GENRE_LABEL.match(title)
    if match is None:
        return ""
    genre = genre_of_word(match.group("bracket") or match.group("prefix") or "")
    return "" if genre == NEWS else genre


def genre_of_url(url: str) -> str:
    """The genre a URL's folders name (/opinion/, /editorials/, /press-releases/); the
    last folder that names one wins, a "news" folder only when no other does."""
    path = urlsplit(url).path if "://" in url else url
    folders = patterns.URL_PATH_WORD.findall(path)[:-1] if not path.endswith("/") else patterns.URL_PATH_WORD.findall(path)
    # A bare /statements/ folder is as often a fact check's claim as an official release.
    found = [genre for folder, genre in ((folder, genre_of_word(folder)) for folder in folders)
             if genre and not (genre == STATEMENT and folder.lower() in ("statement", "statements"))]
    specific = [genre for genre in found if genre != NEWS]
    return specific[-1] if specific else (NEWS if found else "")


def genre_of_section(section: str) -> str:
    """The genre a section names ("Opinion", "Editorials", "World" is news); a list of
    sections counts by its first that names one."""
    for part in section.replace(";", ",").split(","):
        genre = genre_of_word(part.strip())
        if genre:
            return genre
    return ""


def genre_of_byline(author: str) -> str:
    lowered = author.lower()
    if "editorial board" in lowered or lowered.strip() in ("editorial", "the editorial board", "editors", "the editors"):
        return EDITORIAL
    if lowered.startswith(("analysis by", "news analysis")):
        return ANALYSIS
    return ""


def article_genre(*, title: str, section: str, url: str, author: str, outlet_kind: str, has_wire_dateline: bool) -> str:
    """The genre of one article from every piece of evidence it has, strongest first."""
    weak = ""
    # A byline of "Editorial Board" is more precise than the Opinion section it stands in.
    for genre in (genre_of_title(title), genre_of_byline(author), genre_of_section(section), genre_of_url(url)):
        if genre and genre != NEWS:
            return genre
        weak = weak or genre
    if outlet_kind in STATEMENT_OUTLET_KINDS:
        return STATEMENT
    if weak or has_wire_dateline:
        return NEWS
    return ""
