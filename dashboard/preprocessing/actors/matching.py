"""Actor mentions: every surface form found in one pass over each sentence, then resolved
at the level of the whole article.

Matching is one Aho-Corasick automaton over all surface forms (pyahocorasick), leftmost
longest match first, case-sensitive ("US" is not "us"), on word boundaries. A longer
phrase wins over the actor name inside it, which is how "South China Sea" stays out of
China's mentions. A person's short form ("Kihara", "Kim") becomes that person only when
the article names exactly one person with that short form in full; otherwise it is kept,
unresolved, with an empty actor_id.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from dashboard.preprocessing.actors.dictionary import SURNAME, ActorDictionary
from dashboard.preprocessing.records import record

# Stands for "a person decided per article" in the automaton.
_SHORT_FORM = "?"
UNRESOLVED = ""


@record
class Match:
    start: int
    end: int
    actor_id: str | None
    kind: str
    is_full_name: bool


@record
class Mention:
    sentence: int
    actor_id: str
    surface: str
    start: int
    end: int
    kind: str


def is_full_name(text: str) -> bool:
    """"Lloyd J. Austin III" is a full name; "Yoon administration" and "Kim" are not."""
    parts = text.split()
    return len(parts) >= 2 and all(part[:1].isupper() for part in parts)


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


class ActorMatcher:
    """The compiled automaton of a dictionary: build it once, use it for many articles."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.actor_types = {actor.actor_id: actor.type for actor in dictionary.actors}
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for form in dictionary.forms:
            self._automaton.add_word(form.text, (len(form.text), form.actor_id, form.kind, is_full_name(form.text)))
        for short in dictionary.short_forms:
            self._automaton.add_word(short, (len(short), _SHORT_FORM, SURNAME, False))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def matches(self, text: str) -> list[Match]:
        """Every surface form in `text` that stands as whole words, leftmost longest first."""
        if self._empty:
            return []
        found: list[Match] = []
        for last, (length, actor_id, kind, full_name) in self._automaton.iter_long(text):
            start, end = last + 1 - length, last + 1
            if (start and _is_word_character(text[start - 1])) or (end < len(text) and _is_word_character(text[end])):
                continue
            found.append(Match(start, end, actor_id, kind, full_name))
        return found

    def mentions_in_sentences(self, sentences: Sequence[str]) -> list[Mention]:
        return self.mentions_from_matches(sentences, [self.matches(sentence) for sentence in sentences])

    def _person_of_short_form(self, surface: str, named_in_full: set[str]) -> str:
        """The one person a surname stands for: someone the article names in full, else
        the person the dictionary marks as known by it, unless the surname is common."""
        people = [person for person in self.dictionary.short_forms[surface] if person in named_in_full]
        if len(people) == 1:
            return people[0]
        if not people and surface in self.dictionary.known_by_surname and surface not in self.dictionary.common_surnames:
            return self.dictionary.known_by_surname[surface]
        return UNRESOLVED

    def mentions_from_matches(self, sentences: Sequence[str], matches_by_sentence: Sequence[Sequence[Match]]) -> list[Mention]:
        """The actor mentions of one article, short forms resolved against the whole article.

        Phrases that are no actor ("South China Sea") took their place in the text and
        are left out here.
        """
        named_in_full = {m.actor_id for matches in matches_by_sentence for m in matches if m.is_full_name and m.actor_id}
        mentions: list[Mention] = []
        for index, matches in enumerate(matches_by_sentence):
            for match in matches:
                if match.actor_id is None:
                    continue
                surface = sentences[index][match.start : match.end]
                actor_id = match.actor_id
                if actor_id == _SHORT_FORM:
                    actor_id = self._person_of_short_form(surface, named_in_full)
                mentions.append(Mention(index, actor_id, surface, match.start, match.end, match.kind))
        return mentions
