"""Names the dictionary does not know yet: capitalised multi-word names, "said X",
"Professor X" and unknown acronyms, each with a guess at what it is, so a user can add the
ones that matter to `data/actors.csv` in a minute."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.preprocessing import patterns

PERSON = "person"
ORGANIZATION = "organization"
EVENT = "event"
PLACE = "place"
OTHER = "other"

# Words that start a capitalised run without being part of a name: sentence openers,
# titles, days and months.
_NOT_NAME_WORDS = frozenset(
    [
        "The", "A", "An", "In", "On", "At", "As", "But", "And", "Or", "If", "When", "While", "Since", "Despite", "However", "Meanwhile",
        "Additionally", "Indeed", "Rather", "Still", "Yet", "Also", "Then", "Thus", "This", "That", "These", "Those", "There", "Their", "Its", "His",
        "Her", "Our", "We", "They", "He", "She", "It", "I", "You", "Asked", "After", "Before", "During", "Under", "Over", "For", "From", "With",
        "Without", "Among", "Between", "Against", "Amid", "Following", "According", "Although", "Mr", "Mrs", "Ms", "Dr", "Prof", "Professor",
        "Minister", "Defense", "Defence", "Foreign", "Prime", "Secretary", "President", "Vice", "Deputy", "Senior", "Former", "Chief", "General",
        "Gen", "Admiral", "Adm", "Ambassador", "Senator", "Sen", "Rep", "Lt", "Col", "Maj", "Sgt", "Gov", "Governor", "Mayor", "Leader", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ]
)


@dataclass(frozen=True)
class NameSighting:
    name: str
    kind_guess: str
    sentence: int


def kind_guess_of(name: str, titled: bool = False) -> str:
    if patterns.ORGANIZATION_WORDS.search(name):
        return ORGANIZATION
    if patterns.EVENT_WORDS.search(name):
        return EVENT
    if patterns.PLACE_WORDS.search(name):
        return PLACE
    words = name.split()
    if titled or (2 <= len(words) <= 3 and all(word[:1].isupper() and not word.isupper() for word in words)):
        return PERSON
    return OTHER


def _bare_word(word: str) -> str:
    """"Sunday’s" -> "Sunday", "Dr." -> "Dr"."""
    for ending in ("’s", "'s", "."):
        word = word.removesuffix(ending)
    return word


def _without_non_name_words(name: str) -> str:
    """A run without the openers, titles, dates and joiners ("of") around the name itself."""
    words = name.split()
    while words and (_bare_word(words[0]) in _NOT_NAME_WORDS or words[0].islower()):
        words.pop(0)
    while words and (_bare_word(words[-1]) in _NOT_NAME_WORDS or words[-1].islower()):
        words.pop()
    return " ".join(words)


Span = tuple[int, int]
_TITLES = frozenset(["Mr", "Mrs", "Ms", "Dr", "Prof", "Professor", "Minister", "Secretary", "President", "General", "Gen", "Admiral", "Adm", "Ambassador", "Senator", "Sen", "Rep"])
MIN_ACRONYM_LETTERS = 3


def _pieces_outside(start: int, end: int, known: Sequence[Span]) -> list[Span]:
    """The parts of [start, end) that no known span covers."""
    pieces, cursor = [], start
    for known_start, known_end in sorted(known):
        if known_end <= cursor or known_start >= end:
            continue
        if known_start > cursor:
            pieces.append((cursor, known_start))
        cursor = max(cursor, known_end)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def _sighting(sentence: str, start: int, end: int, index: int) -> NameSighting | None:
    run = sentence[start:end].strip(" ,.;:’'-/")
    if not run:
        return None
    titled = _bare_word(run.split()[0]) in _TITLES or patterns.SAID_BEFORE.search(sentence, 0, start) is not None
    name = _without_non_name_words(run)
    words = name.split()
    if len(words) >= 2 and not name.isupper():
        return NameSighting(name, kind_guess_of(name, titled), index)
    if len(words) == 1 and titled and not name.isupper():
        return NameSighting(name, PERSON, index)
    if len(words) == 1 and name.isupper() and sum(c.isalpha() for c in name) >= MIN_ACRONYM_LETTERS:
        return NameSighting(name, OTHER, index)
    return None


def names_in_sentence(sentence: str, index: int, known: Sequence[Span]) -> list[NameSighting]:
    """Unknown names in one sentence, from one pass over its capitalised runs; the parts of
    a run that a known span covers (an actor, a phrase that is no actor, a resolved short
    form) are left out, and an all-capitals sentence is a heading, not names."""
    if sentence.upper() == sentence:
        return []
    sightings: dict[str, NameSighting] = {}
    for match in patterns.CAPITALISED_RUN.finditer(sentence):
        for start, end in _pieces_outside(match.start(), match.end(), known):
            sighting = _sighting(sentence, start, end, index)
            if sighting is not None:
                sightings.setdefault(sighting.name, sighting)
    return list(sightings.values())


def names_in_sentences(sentences: Sequence[str], known_by_sentence: Sequence[Sequence[Span]]) -> list[NameSighting]:
    """Unknown names of an article, each once per sentence."""
    return [sighting for index, sentence in enumerate(sentences) for sighting in names_in_sentence(sentence, index, known_by_sentence[index])]
