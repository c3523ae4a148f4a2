"""Roles of a person mention, from its sentence: role words before the name ("human
rights defender X", "judges of the Y Court, A and B"), an appositive after it
("X, a journalist"), and the predicate it depends on (object of "detain" ->
detainee, of "sentence" -> prisoner, subject of "beat" -> perpetrator, a charge
of abuse of power -> perpetrator). The words are in ``data/roles.toml``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from rightslens.extract.data import load_table
from rightslens.extract.organizations import organization_kind
from rightslens.model import EventFact, PersonFact

_ROLES = load_table("roles")
ROLE_PHRASES: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): role for role, phrases in _ROLES["nouns"].items() for phrase in phrases
}
PATIENT_VERBS = {
    verb: role for role in ("victim", "detainee", "prisoner") for verb in _ROLES["predicates"][role]
}
PERPETRATOR_VERBS = frozenset(_ROLES["predicates"]["perpetrator"])
INTRANSITIVE_VICTIM = frozenset(_ROLES["predicates"]["intransitive_victim"])
NOMINALS = {noun: role for role, nouns in _ROLES["nominals"].items() for noun in nouns}
ACCUSATION_VERBS = frozenset(_ROLES["accusation"]["words"])
PERPETRATOR_CHARGES = tuple(_ROLES["perpetrator_charges"]["words"])
LEADER_WORDS = frozenset(_ROLES["leaders"]["words"]) - {"president", "secretary"}
LEADER_ROLES = {
    kind: role for role, kinds in _ROLES["leaders"]["by_kind"].items() for kind in kinds
}


def mention_roles(span: Span) -> set[str]:
    """Every role the sentence gives the person named by ``span``."""
    doc, sentence = span.doc, span.sent
    return (
        _premodifier_roles(doc, span.start, sentence.start)
        | appositive_roles(doc, span.end, sentence.end)
        | _predicate_roles(span)
    )


def title_roles(title: Token) -> set[str]:
    """Roles said by a title and the words before it ("land code activists")."""
    return _premodifier_roles(title.doc, title.i + 1, title.sent.start)


def appositive_roles(doc: Doc, end: int, sentence_end: int) -> set[str]:
    """Roles from ", a journalist ..." right after the name; ", and two police officers
    ..." starts a clause of its own, no apposition."""
    if end >= sentence_end or doc[end].text not in {",", "(", "—", "–"}:
        return set()
    if end + 1 < sentence_end and doc[end + 1].pos_ == "CCONJ":
        return set()
    words = []
    for token in doc[end + 1 : min(sentence_end, end + 10)]:
        if token.tag_ == "VBN" and token.lemma_.lower() in PATIENT_VERBS:
            return _roles_in(words) | {PATIENT_VERBS[token.lemma_.lower()]}
        if token.text in {",", ")", ";", ".", "—", "–"} or token.pos_ in {"VERB", "AUX"}:
            break
        words.append(token.lemma_.lower())
    return _roles_in(words)


def _roles_in(words: list[str]) -> set[str]:
    """Roles named by the role phrases found in a list of lower-case lemmas; a leader
    word takes its role from the kind of organization led ("head of the X newspaper")."""
    roles = set()
    if LEADER_WORDS & set(words):
        kind = organization_kind(" ".join(words))
        roles.add(LEADER_ROLES.get(kind, "official"))
    for phrase, role in ROLE_PHRASES.items():
        size = len(phrase)
        if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
            roles.add(role)
    if "opposition" in words:
        roles.add("opposition_politician")
    return roles


def _premodifier_roles(doc: Doc, start: int, sentence_start: int) -> set[str]:
    """Roles from the words of the noun phrase before the name ("land code activist")."""
    i = start - 1
    if i >= sentence_start and doc[i].text == ",":
        i -= 1
    words = []
    while (
        i >= sentence_start
        and len(words) < 8
        and (doc[i].pos_ in {"NOUN", "PROPN", "ADJ", "NUM", "PART"} or doc[i].lower_ in {"of", "-"})
    ):
        words.insert(0, doc[i].lemma_.lower())
        i -= 1
    return _roles_in(words)


def _predicate_roles(span: Span) -> set[str]:
    """Roles from the verb or noun the name depends on, through lists and appositions."""
    token = span.root
    while token.dep_ in {"conj", "appos"} and token.head is not token:
        token = token.head
    head = token.head
    lemma = head.lemma_.lower()
    roles = set()
    if token.dep_ in {"dobj", "nsubjpass"} and lemma in PATIENT_VERBS:
        roles.add(PATIENT_VERBS[lemma])
    elif (
        token.dep_ in {"dobj", "nsubjpass"}
        and lemma == "find"
        and any(c.lower_ == "guilty" for c in head.subtree)
    ):
        roles.add("prisoner")
    elif token.dep_ == "nsubj" and lemma in INTRANSITIVE_VICTIM:
        roles.add("victim")
    elif (
        token.dep_ == "nsubj"
        and lemma in PERPETRATOR_VERBS
        or token.dep_ == "pobj"
        and head.lower_ == "by"
        and head.head.lemma_.lower() in PATIENT_VERBS
    ):
        roles.add("perpetrator")
    elif token.dep_ in {"pobj", "poss"}:
        noun = head.head if token.dep_ == "pobj" else head
        if noun.lemma_.lower() in NOMINALS and (
            token.dep_ == "poss" or head.lower_ in {"of", "on"}
        ):
            roles.add(NOMINALS[noun.lemma_.lower()])
    for child in token.children:
        if child.dep_ in {"relcl", "acl"}:
            roles |= _clause_roles(child)
    if (roles & {"prisoner", "detainee"} or lemma in ACCUSATION_VERBS) and _perpetrator_charge(
        span.sent
    ):
        roles -= {"prisoner", "detainee"}
        roles.add("perpetrator")
    return roles


def _clause_roles(verb: Token) -> set[str]:
    """Roles from "X, who was detained" or "X, arrested in May"."""
    lemma = verb.lemma_.lower()
    passive = verb.tag_ == "VBN" or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if passive and lemma in PATIENT_VERBS:
        return {PATIENT_VERBS[lemma]}
    if not passive and lemma in PERPETRATOR_VERBS:
        return {"perpetrator"}
    if not passive and lemma in INTRANSITIVE_VICTIM:
        return {"victim"}
    return set()


def _perpetrator_charge(sentence: Span) -> bool:
    text = sentence.text.lower()
    return any(charge in text for charge in PERPETRATOR_CHARGES)


# What being named as the victim of an event makes a person: harmed in body, a victim;
# arrested, a detainee. (A conviction or a ban makes no victim by itself.)
EVENT_VICTIM_ROLES = {
    "killing": "victim",
    "death_in_custody": "victim",
    "torture_or_ill_treatment": "victim",
    "disappearance": "victim",
    "attack_on_journalist_or_activist": "victim",
    "arrest_or_detention": "detainee",
}


def roles_from_events(persons: list[PersonFact], events: list[EventFact]) -> list[PersonFact]:
    """Person facts with the roles the report's events give them (``EVENT_VICTIM_ROLES``; a
    named perpetrator is a perpetrator), at every mention of the name."""
    gained: dict[str, set[str]] = {}
    for event in events:
        role = EVENT_VICTIM_ROLES.get(event.event_type)
        for victim in event.victims if role else []:
            gained.setdefault(victim, set()).add(role)
        for perpetrator in event.perpetrators:
            gained.setdefault(perpetrator, set()).add("perpetrator")
    return [
        replace(person, roles=sorted(set(person.roles) | gained[person.name]))
        if person.name in gained and not gained[person.name] <= set(person.roles)
        else person
        for person in persons
    ]
