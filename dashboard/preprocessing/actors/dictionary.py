"""The actor dictionary (`data/actors.csv`) and the phrases that are not actors
(`data/not_actors.csv`): read, checked, and expanded into the surface forms to match.

Each alias may carry its kind as a prefix (`capital:Washington`, `demonym:Japanese`,
`official:Republic of Korea`, `acronym:...`, and for people `surname:Kihara`: the press
names them by surname alone, so "Kihara" resolves even where the full name is absent,
unless the surname is a common one listed in `data/common_surnames.csv`); without one, an alias that looks like an
acronym ("U.S.", "ROK", "TSCF") is an acronym and anything else a name. For people, the
romanisation variants (Won-sik, Won Sik, Wonsik), the reversed order of two-part names
(Kihara Minoru) and the short forms (first and last part, for surnames) are generated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.preprocessing.reference_files import reference_rows_from_csv

ACTORS_COLUMNS = ("actor_id", "name", "type", "country", "role", "aliases")
ACTOR_TYPES = ("country", "person", "organization", "military exercise", "agreement", "event")
# How a mention names its actor (the `mention_kind` column).
NAME = "name"
OFFICIAL_NAME = "official_name"
ACRONYM = "acronym"
CAPITAL = "capital"
DEMONYM = "demonym"
SURNAME = "surname"
MENTION_KINDS = (NAME, OFFICIAL_NAME, ACRONYM, CAPITAL, DEMONYM, SURNAME)
_PREFIXES = {"official": OFFICIAL_NAME, "capital": CAPITAL, "demonym": DEMONYM, "acronym": ACRONYM, "name": NAME, "surname": SURNAME}

_ACTOR_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_LOOKS_LIKE_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z0-9.&-]+$|^(?:[A-Z]\.){2,}$")
_HYPHENATED = re.compile(r"\b([A-Z][a-z]+)-([a-z]+)\b")
# Short forms need this many letters ("Xi" counts); they are only ever resolved when the
# full name is in the same article, so a short one does little harm.
MIN_SHORT_FORM_LETTERS = 2


COMMON_SURNAMES_FILE = "common_surnames.csv"


class ActorsFileError(ValueError):
    """The actor dictionary cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    type: str
    country: str
    role: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SurfaceForm:
    """A string to find in text, the actor it names (None for a phrase that is no actor),
    and how it names it."""

    text: str
    actor_id: str | None
    kind: str


@dataclass(frozen=True)
class ActorDictionary:
    actors: tuple[Actor, ...]
    forms: tuple[SurfaceForm, ...]
    # Short forms of people ("Kihara", "Kim") and the people each may stand for.
    short_forms: dict[str, tuple[str, ...]]
    # Surnames the dictionary marks as enough on their own ("Kihara" -> minoru_kihara).
    known_by_surname: dict[str, str] = field(default_factory=dict)
    # Surnames shared by too many people to stand alone (Kim, Lee, Park, ...).
    common_surnames: frozenset[str] = frozenset()


def kind_and_text_of_alias(alias: str) -> tuple[str, str]:
    """`capital:Seoul` -> (capital, Seoul); `ROK` -> (acronym, ROK); `Shin Wonsik` -> (name, ...)."""
    prefix, separator, rest = alias.partition(":")
    if separator and prefix.strip().lower() in _PREFIXES and rest.strip():
        return _PREFIXES[prefix.strip().lower()], rest.strip()
    alias = alias.strip()
    return kind_of_unprefixed_name(alias), alias


def kind_of_unprefixed_name(text: str) -> str:
    """An acronym when it looks like one ("U.S.", "ROK", "NATO"), else a name."""
    return ACRONYM if _LOOKS_LIKE_ACRONYM.match(text) else NAME


def spelling_variants(text: str) -> list[str]:
    """The same string with a capital first letter ("the framework" -> "The framework") and
    with a curly apostrophe ("People's" -> "People’s"), since matching is case-sensitive."""
    variants = [text]
    if text[:1].islower():
        variants.append(text[0].upper() + text[1:])
    variants += [variant.replace("'", "’") for variant in variants if "'" in variant]
    return variants


def person_name_variants(name: str) -> list[str]:
    """Romanisations and name orders of a person's name, the name itself first.

    "Shin Won-sik" -> Shin Won-sik, Shin Won Sik, Shin Wonsik, Shin Won-Sik, and the
    reversed order of each two-part form (Won-sik Shin, ...).
    """
    forms = [name]
    if _HYPHENATED.search(name):
        forms += [
            _HYPHENATED.sub(lambda m: f"{m.group(1)} {m.group(2).capitalize()}", name),
            _HYPHENATED.sub(lambda m: f"{m.group(1)}{m.group(2)}", name),
            _HYPHENATED.sub(lambda m: f"{m.group(1)}-{m.group(2).capitalize()}", name),
        ]
    reversed_forms = [" ".join(reversed(form.split())) for form in forms if len(form.split()) == 2]
    return list(dict.fromkeys(forms + reversed_forms))


def person_short_forms(name: str) -> list[str]:
    """First and last part of a name: "Kihara" of Minoru Kihara, "Shin" of Shin Won-sik, "Xi" of Xi Jinping."""
    parts = name.replace(".", "").split()
    if len(parts) < 2:
        return []
    return [part for part in dict.fromkeys((parts[0], parts[-1])) if sum(c.isalpha() for c in part) >= MIN_SHORT_FORM_LETTERS]


def _problem(origin: str, line: int, message: str) -> ActorsFileError:
    return ActorsFileError(f"{origin}, line {line}: {message}")


def actor_dictionary_from_rows(
    rows: list[dict[str, str]], not_actor_phrases: Sequence[str] = (), origin: str = "actors.csv", common_surnames: tuple[str, ...] = (),
) -> ActorDictionary:
    """Check the dictionary rows and expand them into surface forms; the first problem raises.

    Line numbers in messages count the header as line 1.
    """
    actors: list[Actor] = []
    line_of_id: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        actor_id = (row.get("actor_id") or "").strip()
        name = (row.get("name") or "").strip()
        actor_type = (row.get("type") or "").strip().lower()
        if not _ACTOR_ID.match(actor_id):
            raise _problem(origin, line, f"actor_id {actor_id!r} must be lower-case letters, digits and _ (like south_korea).")
        if actor_id in line_of_id:
            raise _problem(origin, line, f"actor_id {actor_id!r} is already used on line {line_of_id[actor_id]}. Give each actor its own id.")
        line_of_id[actor_id] = line
        if not name:
            raise _problem(origin, line, f"{actor_id!r} has no name. Fill in the `name` column.")
        if actor_type not in ACTOR_TYPES:
            raise _problem(origin, line, f"type {actor_type!r} of {actor_id!r} is not one of {', '.join(ACTOR_TYPES)}. Use one of those.")
        aliases = tuple(alias.strip() for alias in (row.get("aliases") or "").split("|") if alias.strip())
        if not aliases:
            raise _problem(origin, line, f"{actor_id!r} has no aliases. List at least one other way the press names it, separated by |.")
        actors.append(Actor(actor_id, name, actor_type, (row.get("country") or "").strip(), (row.get("role") or "").strip(), aliases))

    countries = {actor.actor_id for actor in actors if actor.type == "country"}
    for actor in actors:
        if actor.country and actor.country not in countries:
            raise _problem(
                origin, line_of_id[actor.actor_id],
                f"country {actor.country!r} of {actor.actor_id!r} is not the actor_id of a country in this file. "
                f"Use one of: {', '.join(sorted(countries))}, or leave it empty.",
            )

    forms: dict[str, SurfaceForm] = {}
    known_by_surname: dict[str, str] = {}
    owner_line: dict[str, int] = {}
    written_forms: dict[str, list[SurfaceForm]] = {}
    for actor in actors:
        line = line_of_id[actor.actor_id]
        written = [(kind_of_unprefixed_name(actor.name), actor.name)]
        written += [kind_and_text_of_alias(alias) for alias in actor.aliases]
        for kind, text in written:
            if kind == SURNAME:
                if actor.type != "person":
                    raise _problem(origin, line, f"surname:{text} is given for {actor.actor_id!r}, which is not a person. Only people have surnames.")
                if known_by_surname.setdefault(text, actor.actor_id) != actor.actor_id:
                    raise _problem(
                        origin, line,
                        f"surname:{text} is already marked for {known_by_surname[text]!r}. A surname alone can stand for one person only.",
                    )
                continue
            owner = forms.get(text)
            if owner is not None and owner.actor_id != actor.actor_id:
                raise _problem(
                    origin, line,
                    f"the alias {text!r} of {actor.actor_id!r} is already a name of {owner.actor_id!r} (line {owner_line[text]}). "
                    "Keep it on one actor only.",
                )
            if text not in forms:
                forms[text] = SurfaceForm(text, actor.actor_id, kind)
                owner_line[text] = line
                written_forms.setdefault(actor.actor_id, []).append(forms[text])
    # Generated forms never override a written one, and never raise.
    for actor in actors:
        for form in written_forms.get(actor.actor_id, []):
            generated = person_name_variants(form.text) if actor.type == "person" and form.kind == NAME else [form.text]
            for variant in generated:
                for spelling in spelling_variants(variant):
                    forms.setdefault(spelling, SurfaceForm(spelling, actor.actor_id, form.kind))
    for phrase in not_actor_phrases:
        for spelling in spelling_variants(phrase):
            forms.setdefault(spelling, SurfaceForm(spelling, None, NAME))

    short_forms: dict[str, list[str]] = {}
    for actor in actors:
        if actor.type != "person":
            continue
        for variant in person_name_variants(actor.name):
            for short in person_short_forms(variant):
                if short not in forms and actor.actor_id not in short_forms.setdefault(short, []):
                    short_forms[short].append(actor.actor_id)
    for surname, actor_id in known_by_surname.items():
        if surname not in forms and actor_id not in short_forms.setdefault(surname, []):
            short_forms[surname].append(actor_id)
    return ActorDictionary(
        tuple(actors), tuple(forms.values()), {short: tuple(ids) for short, ids in short_forms.items()},
        known_by_surname, frozenset(common_surnames),
    )


def actor_dictionary_from_csv(actors_path: Path, not_actors_path: Path | None = None) -> ActorDictionary:
    """Read and check `data/actors.csv`, when given `data/not_actors.csv`, and the common
    surnames (`common_surnames.csv` beside the dictionary, when there is one)."""
    rows = reference_rows_from_csv(actors_path, ACTORS_COLUMNS, ActorsFileError)
    phrases: list[str] = []
    if not_actors_path is not None:
        not_actor_rows = reference_rows_from_csv(not_actors_path, ("phrase",), ActorsFileError)
        phrases = [row["phrase"].strip() for row in not_actor_rows if (row["phrase"] or "").strip()]
    surnames_path = actors_path.parent / COMMON_SURNAMES_FILE
    common: tuple[str, ...] = ()
    if surnames_path.is_file():
        common = tuple(row["surname"].strip() for row in reference_rows_from_csv(surnames_path, ("surname",), ActorsFileError) if (row["surname"] or "").strip())
    return actor_dictionary_from_rows(rows, phrases, origin=str(actors_path), common_surnames=common)
