"""The actor stage for one article: mentions, quotes and unknown names, from its sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.preprocessing.actors.discovery import NameSighting, names_in_sentences
from dashboard.preprocessing.actors.matching import ActorMatcher, Mention
from dashboard.preprocessing.actors.quotes import Quote, quotes_in_sentences


@dataclass(frozen=True)
class ArticleActors:
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    names: tuple[NameSighting, ...] = ()


def article_actors(sentences: Sequence[str], is_quote: Sequence[bool], matcher: ActorMatcher) -> ArticleActors:
    matches = [matcher.matches(sentence) for sentence in sentences]
    mentions = matcher.mentions_from_matches(sentences, matches)
    # What discovery must not offer as new: every match but an unresolved short form, which
    # may well be the surname of someone the dictionary lacks ("Professor Lee Sang-hyun").
    known: list[list[tuple[int, int]]] = [[] for _ in sentences]
    for mention in mentions:
        if mention.actor_id:
            known[mention.sentence].append((mention.start, mention.end))
    for index, sentence_matches in enumerate(matches):
        known[index].extend((match.start, match.end) for match in sentence_matches if match.actor_id is None)
    return ArticleActors(
        tuple(mentions),
        tuple(quotes_in_sentences(sentences, is_quote, mentions, matcher.actor_types)),
        tuple(names_in_sentences(sentences, known)),
    )
