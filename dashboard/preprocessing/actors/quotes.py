"""Quotes and voices: each quoted passage of an article with who says it.

The speaker is read from the attribution next to the quote ("..., the spokesperson said",
"said Maslow", "Austin hailed the move, saying that ..."); a quote with no attribution in
its sentence belongs to the speaker of the sentence before ("Ban said ... . “This
involves ...”"); "he"/"she" and "the spokesperson" take the speaker they refer back to.
The speaker is an actor when a person, an organisation or a single country is named in
the attribution; otherwise only the words are kept ("a former U.S.-Japan alliance manager").
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.preprocessing import patterns
from dashboard.preprocessing.actors.matching import Mention
from dashboard.preprocessing.records import record
from dashboard.preprocessing.sentences import QUOTE_MIN_WORDS

# Preference among actors named in an attribution.
_SPEAKER_TYPE_RANK = {"person": 0, "organization": 1, "country": 2}
_QUOTE_MARKS = "“”\""


@record
class Speaker:
    text: str
    actor_id: str


@record
class Quote:
    sentence: int
    speaker_actor_id: str
    speaker_text: str
    quote: str


def _trimmed_speaker_text(text: str) -> str:
    """The phrase naming the speaker: conjunctions off the front, cut after the role noun
    that ends it ("The former alliance manager took a similar view" -> "The former alliance manager")."""
    text = patterns.LEADING_CONJUNCTION.sub("", text.strip())
    for role in patterns.SPEAKER_ROLE_NOUN.finditer(text):
        rest = text[role.end() :].strip()
        if rest and not patterns.SPEAKER_PREPOSITION.match(rest):
            return text[: role.end()]
    return text


@record
class Attribution:
    """Where the words naming a speaker stand; `whole_clause` when they are a clause of
    their own ("Austin hailed the move, saying ...") rather than a subject."""

    start: int
    end: int
    whole_clause: bool = False


def _attribution_before_verb(sentence: str, verb_start: int) -> Attribution | None:
    """The clause that ends at a speech verb; if the verb opens its clause (", saying"),
    the clause before it."""
    breaks = list(patterns.CLAUSE_BREAK.finditer(sentence, 0, verb_start))
    start = breaks[-1].end() if breaks else 0
    if sentence[start:verb_start].strip():
        return Attribution(start, verb_start)
    if not breaks:
        return None
    start = breaks[-2].end() if len(breaks) >= 2 else 0
    return Attribution(start, breaks[-1].start(), whole_clause=True) if sentence[start : breaks[-1].start()].strip() else None


def attribution_of_quote(sentence: str, quote_start: int, quote_end: int) -> Attribution | None:
    """Where the words naming who speaks a quote stand, or None when the sentence has none.

    In order: right after the quote ("..., the spokesperson said"; "said Maslow"), before
    it ("Ban said: ..."), then anywhere after it ("..., thus compelling them, a former
    manager said").
    """
    after = sentence[quote_end:]
    for pattern in (patterns.SPEAKER_THEN_VERB_AFTER_QUOTE, patterns.VERB_THEN_SPEAKER_AFTER_QUOTE):
        match = pattern.match(after)
        if match:
            return Attribution(quote_end + match.start("speaker"), quote_end + match.end("speaker"))
    verbs_before = list(patterns.SPEECH_VERB.finditer(sentence, 0, quote_start))
    if verbs_before:
        attribution = _attribution_before_verb(sentence, verbs_before[-1].start())
        if attribution is not None:
            return attribution
    verb_after = patterns.SPEECH_VERB.search(sentence, quote_end)
    if verb_after is not None:
        breaks = list(patterns.CLAUSE_BREAK.finditer(sentence, quote_end, verb_after.start()))
        start = breaks[-1].end() if breaks else quote_end
        if sentence[start : verb_after.start()].strip():
            return Attribution(start, verb_after.start())
    return None


def _speaker_of(sentence: str, attribution: Attribution, mentions: Sequence[Mention], actor_types: dict[str, str]) -> Speaker:
    raw = sentence[attribution.start : attribution.end]
    text = _trimmed_speaker_text(raw)
    offset = attribution.start + raw.find(text) if text else attribution.start
    inside = [m for m in mentions if m.actor_id and offset <= m.start and m.end <= offset + len(text)]
    people_and_bodies = sorted(
        (m for m in inside if actor_types.get(m.actor_id) in ("person", "organization")),
        key=lambda m: (_SPEAKER_TYPE_RANK[actor_types[m.actor_id]], -m.start),
    )
    if people_and_bodies:
        chosen = people_and_bodies[0]
        return Speaker(chosen.surface if attribution.whole_clause else text, chosen.actor_id)
    countries = {m.actor_id for m in inside if actor_types.get(m.actor_id) == "country"}
    return Speaker(text, countries.pop() if len(countries) == 1 else "")


def _referring_back(speaker: Speaker, previous: Speaker | None) -> Speaker:
    """"he said" -> the previous speaker; "the spokesperson said" -> the previous
    spokesperson's actor."""
    if previous is None or speaker.actor_id:
        return speaker
    if patterns.SPEAKER_PRONOUN.match(speaker.text):
        return previous
    words = speaker.text.lower().split()
    if words and words[0] == "the" and words[-1] in previous.text.lower().split():
        return Speaker(speaker.text, previous.actor_id)
    return speaker


def _indirect_speaker(sentence: str, mentions: Sequence[Mention], actor_types: dict[str, str], last: Speaker | None) -> Speaker | None:
    """The speaker of reported speech ("Ban of Korea University said further ... is needed")."""
    verb = patterns.SPEECH_VERB.search(sentence)
    attribution = _attribution_before_verb(sentence, verb.start()) if verb else None
    if attribution is None:
        return None
    return _referring_back(_speaker_of(sentence, attribution, mentions, actor_types), last)


def quotes_in_sentences(sentences: Sequence[str], is_quote: Sequence[bool], mentions: Sequence[Mention], actor_types: dict[str, str]) -> list[Quote]:
    """Every quoted passage of an article (in order) with its speaker."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    quotes: list[Quote] = []
    last_speaker: Speaker | None = None  # the latest speaker, for "he" and "the spokesperson"
    carried: Speaker | None = None  # the previous sentence's speaker, for a quote with no attribution
    for index, sentence in enumerate(sentences):
        sentence_mentions = by_sentence.get(index, [])
        passages = [
            (m.start(), m.end(), m.group(1).strip().rstrip(","))
            for m in patterns.QUOTED_PASSAGE.finditer(sentence)
            if len(m.group(1).split()) >= QUOTE_MIN_WORDS
        ]
        if not passages and is_quote[index]:
            # A sentence inside a quotation that runs over several sentences.
            passages = [(0, len(sentence), sentence.strip(_QUOTE_MARKS + " "))]
        sentence_speaker: Speaker | None = None
        for start, end, passage in passages:
            attribution = attribution_of_quote(sentence, start, end)
            if attribution is not None:
                speaker = _referring_back(_speaker_of(sentence, attribution, sentence_mentions, actor_types), last_speaker)
            else:
                speaker = carried or Speaker("", "")
            quotes.append(Quote(index, speaker.actor_id, speaker.text, passage))
            sentence_speaker = speaker
        if not passages:
            sentence_speaker = _indirect_speaker(sentence, sentence_mentions, actor_types, last_speaker)
        carried = sentence_speaker
        if sentence_speaker is not None and sentence_speaker.text:
            last_speaker = sentence_speaker
    return quotes
