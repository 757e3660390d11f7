"""Authors: whatever a byline field or line holds, reduced to people's names.

Extractors and exports hand over "By Mina Okafor, Staff Reporter", "Carla Ruiz November",
"Jon Park is a reporter covering defence" or "Mina Okafor; AP". The same rule applies to
every format: names only, `; `-separated; a role or an organisation ("Staff", "Admin",
"Editorial Board", "Reuters") only when there is no name at all.
"""

from __future__ import annotations

import unicodedata

from dashboard.preprocessing import patterns

# A person's name has at most this many words ("Maria de la Cruz Ortega" has five).
MAX_NAME_WORDS = 5
MAX_AUTHOR_CHARACTERS = 300


def _is_name_word(word: str) -> bool:
    """A capitalised word ("Okafor", "O'Neil", "Jun-ho", "J."), an all-caps one ("OKAFOR"),
    or a word of a script without case (김민수, 山田)."""
    first = word[0]
    if not first.isalpha():
        return False
    caseless = not first.isupper() and not first.islower()
    if not (first.isupper() or caseless):
        return False
    return all(char.isalnum() or char in ".'’-" or unicodedata.category(char) == "Mn" for char in word)


def _without_labels(part: str) -> str:
    """"By X", "Posted by X", "Текст X", "X 기자", "Analysis by X" -> "X"; an e-mail address,
    a trailing date or time ("Carla Ruiz November") go too."""
    part = patterns.EMAIL_ADDRESS.sub("", part.strip())
    part = patterns.AUTHOR_LABEL.sub("", part)
    part = patterns.AUTHOR_SCRIPT_SUFFIX.sub("", part)
    undated = patterns.AUTHOR_TRAILING_DATE.sub("", part)
    # "Theresa May" keeps its surname: a date is cut only when a full name stays.
    if len(undated.split()) >= 2 or len(part.split()) < 2:
        part = undated
    return part.strip(" ,;:-–—|·*")


def _leading_name(words: list[str]) -> list[str]:
    """The name words a part begins with, up to the first word that is not one."""
    name: list[str] = []
    for word in words:
        if (name and patterns.NAME_PARTICLE.fullmatch(word)) or _is_name_word(word):
            name.append(word)
        else:
            break
    while name and patterns.NAME_PARTICLE.fullmatch(name[-1]):
        name.pop()
    return name


def _folded_words(text: str) -> list[str]:
    return patterns.WORD.findall(text.casefold())


def _contains(words: list[str], part: list[str]) -> bool:
    """Whether `part` occurs in `words` as a run of whole words."""
    size = len(part)
    return any(words[start : start + size] == part for start in range(len(words) - size + 1))


def _is_organisation(words: list[str]) -> bool:
    return any(patterns.ORGANISATION_WORD.fullmatch(word.strip(".,")) for word in words)


def _is_role_or_organisation(part: str) -> bool:
    """"Staff Reports", "Reuters", "The Associated Press" stand in for a byline; "The
    Russian", "Coastal defence ministries" or "contrast, the allies" do not."""
    words = part.split()
    if any(patterns.COLLECTIVE_ROLE_WORD.fullmatch(word.strip(".,")) for word in words) or _is_organisation(words):
        return True
    return all(_is_name_word(word) for word in words) and not patterns.NOT_A_NAME_START.fullmatch(words[0])


def person_name(part: str) -> str:
    """The person a byline part names, or "".

    "Jon Park is a reporter" -> Jon Park (the bio stops at its verb); "Jon Park News
    reporter" -> Jon Park; "Editorial Staff", "AP Auto Writer" and "Reuters" name no person.
    """
    words = part.split()
    if not words or patterns.NOT_A_NAME_START.fullmatch(words[0]) or any(patterns.COLLECTIVE_ROLE_WORD.fullmatch(word.strip(".,")) for word in words):
        return ""
    name = _leading_name(words)
    rest = words[len(name):]
    # An organisation word right before a job belongs to the job ("Jon Park News reporter").
    while len(name) > 2 and rest and patterns.PERSON_ROLE_WORD.fullmatch(rest[0]) and patterns.ORGANISATION_WORD.fullmatch(name[-1]):
        name.pop()
    while len(name) > 1 and patterns.PERSON_ROLE_WORD.fullmatch(name[-1]):
        name.pop()
    # "ERIC TUCKER Associated Press": an agency after a full name is the agency's credit.
    while len(name) > 2 and not rest and patterns.ORGANISATION_WORD.fullmatch(name[-1]):
        name.pop()
    if not name or len(name) > MAX_NAME_WORDS or _is_organisation(name):
        return ""
    # "Science X staff", "Detroit News wire services": lower-case words that are neither
    # a bio nor a role make the part something other than a name.
    if (
        rest
        and not (patterns.BIO_VERB.fullmatch(rest[0]) or patterns.PERSON_ROLE_WORD.fullmatch(rest[-1].strip(".,")))
        and not any(patterns.PERSON_ROLE_WORD.fullmatch(word.strip(".,")) for word in rest)
    ):
        return ""
    return " ".join(name)


def author_names(value: str, outlet_names: tuple[str, ...] = ()) -> str:
    """People's names from a byline value, `; `-separated; a role or organisation only
    when that is all there is; "" when nothing is left.

    Parts that name the outlet itself ("CNN Business" on CNN) are not authors. A lone
    one-word part next to full names ("Mina Okafor; RDN") is dropped as a credential or a
    handle.
    """
    value = value.strip()[:MAX_AUTHOR_CHARACTERS]
    if not value:
        return ""
    outlets = [words for words in (_folded_words(name) for name in outlet_names) if words]
    names: list[str] = []
    roles: list[str] = []
    for raw_part in patterns.AUTHOR_SEPARATOR.split(value):
        part = _without_labels(raw_part)
        words = _folded_words(part)
        if not words or any(_contains(words, outlet) or _contains(outlet, words) for outlet in outlets):
            continue
        name = person_name(part)
        if name:
            names.append(name)
        elif _is_role_or_organisation(part):
            roles.append(part)
    if any(len(name.split()) > 1 for name in names):
        names = [name for name in names if len(name.split()) > 1]
    if names:
        return "; ".join(dict.fromkeys(names))
    return roles[0] if roles else ""
