"""Who a role phrase names: person facts and outlets as token ranges of a paragraph,
and what a pronoun or a definite noun ("he", "them", "the newspaper") refers back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from rightslens.extract import event_heads as heads
from rightslens.extract import event_rules as rules
from rightslens.extract.event_heads import ROLE_DEPS_PASSIVE, ROLE_DEPS_SUBJECT
from rightslens.extract.parse import ParsedParagraph
from rightslens.model import Fact, PersonFact

URL_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,4})$", re.IGNORECASE)
OUTLET_ENTITY_TYPES = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC"})
# Entity types a run of proper nouns must not have to be taken for an outlet's name.
NOT_OUTLET_TYPES = frozenset({"GPE", "LOC", "NORP", "DATE", "PERSON", "TIME", "EVENT", "LAW"})


@dataclass
class Mention:
    """A named person or outlet inside a paragraph, as a token range."""

    start: int
    end: int
    name: str
    roles: tuple[str, ...] = ()
    is_person: bool = True


def mentions_in(
    paragraph: ParsedParagraph, person_facts: list[Fact], officials: frozenset[str] = frozenset()
) -> list[Mention]:
    """Named persons (from person facts) and named outlets (from spaCy's entities).

    ``officials`` are the names the report calls officials anywhere: "police officer X"
    once, an official at every mention ("Police arrested X on charges of rape").
    """
    doc = paragraph.doc
    mentions = []
    for fact in person_facts:
        span = doc.char_span(
            fact.quote.start - paragraph.start,
            fact.quote.end - paragraph.start,
            alignment_mode="expand",
        )
        if span is not None and isinstance(fact, PersonFact):
            name = fact.name or fact.text
            roles = {*fact.roles, *(["official"] if name in officials else [])}
            mentions.append(Mention(span.start, span.end, name, tuple(sorted(roles))))
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for ent in doc.ents:
        if ent.label_ in OUTLET_ENTITY_TYPES and not taken.intersection(range(ent.start, ent.end)):
            mentions.append(Mention(ent.start, ent.end, strip_det(ent), is_person=False))
    taken.update(i for m in mentions for i in range(m.start, m.end))
    run: list[Token] = []
    for token in [*doc, None]:
        if (
            token is not None
            and token.i not in taken
            and (
                URL_LIKE.match(token.text)
                or (
                    token.pos_ == "PROPN"
                    and (
                        token.ent_type_ not in NOT_OUTLET_TYPES
                        or _after_outlet_noun(run or [token])
                    )
                )
            )
        ):
            run.append(token)
            continue
        if run:
            mentions.append(
                Mention(
                    run[0].i,
                    run[-1].i + 1,
                    strip_det(doc[run[0].i : run[-1].i + 1]),
                    is_person=False,
                )
            )
            run = []
    mentions.sort(key=lambda m: m.start)
    return mentions


def _after_outlet_noun(run: list[Token]) -> bool:
    """Rule ``outlet_after_kind``: a name right after an outlet noun ("the news outlet X",
    "the website X") names the outlet, whatever entity type spaCy gave it (often PERSON)."""
    at = run[0].i - 1
    while at >= 0 and run[0].doc[at].text in rules.QUOTE_MARKS:
        at -= 1
    return at >= 0 and run[0].doc[at].lemma_.lower() in rules.OUTLET_NOUNS


def strip_det(span: Span) -> str:
    tokens = [t for t in span if not (t.i == span.start and t.pos_ == "DET")]
    return "".join(t.text_with_ws for t in tokens).strip(" *_") if tokens else span.text


def named_in(head: Token, mentions: list[Mention], with_outlets: bool) -> list[Mention]:
    """Named mentions inside a phrase; a phrase that names people names only them. A phrase
    about people does not name whoever a clause about them names ("people accused of links
    to X" names no one)."""
    left, right = head.left_edge.i, head.right_edge.i + 1
    about_people = heads.describes_people(head) or heads.is_person_like(head)
    clauses = {
        t.i
        for c in (head.subtree if about_people else ())
        if c.dep_ in ("relcl", "acl") and c != head
        for t in c.subtree
    }
    inside = [m for m in mentions if m.start >= left and m.end <= right and m.start not in clauses]
    people = [m for m in inside if m.is_person]
    if people or not with_outlets:
        return people
    return inside


def listed_after(head: Token, mentions: list[Mention], with_outlets: bool) -> list[Mention]:
    """Names listed after "including" (or "such as") that follows a group in its sentence
    ("their sites were blocked, including X and Y": the verb of the group may stand between)."""
    sentence = head.sent
    marker = next((t for t in sentence if t.i > head.i and t.lower_ in ("including", "such")), None)
    if marker is None or any(
        t.pos_ == "VERB" and t.dep_ not in ("amod", "acl") and t.i != head.head.i
        for t in head.doc[head.i + 1 : marker.i]
    ):
        return []
    return [
        m
        for m in mentions
        if marker.i < m.start and m.end <= sentence.end and (m.is_person or with_outlets)
    ]


def is_definite_role_noun(token: Token) -> bool:
    """A definite role noun ("the journalist") that refers to a person named before."""
    return (
        token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and token.lemma_ in rules.PERSON_NOUNS
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    )


def antecedent(token: Token, mentions: list[Mention]) -> Mention | None:
    """Who "he" or "the journalist" is: the subject of a clause the word hangs from ("X was
    taken to hospital, where he died"), else the person named last before it."""
    before = [m for m in mentions if m.is_person and m.end <= token.i]
    above = {a.i for a in token.ancestors}
    for mention in reversed(before):
        if mention.start < token.sent.start:
            break
        head = token.doc[mention.start : mention.end].root
        if head.dep_ in (*ROLE_DEPS_SUBJECT, *ROLE_DEPS_PASSIVE) and head.head.i in above:
            return mention
    return before[-1] if before else None


def plural_antecedent(token: Token, mentions: list[Mention]) -> list[Mention] | Token | None:
    """Who "they", "them" or "both" are: the group that says what happened to it ("workers
    alleged that police tortured them"), else the persons named as the object of the verb
    the pronoun's verb is joined to ("arrested A and B and beat them"), else a group of
    people told earlier in the sentence (not the subject of the pronoun's own verb or of the
    verbs it is joined to: "guards subjected them to abuse"), else the persons named
    together in the sentence before."""
    sentence = token.sent
    speakers = [
        group
        for clause in token.ancestors
        if clause.dep_ == "ccomp"
        for subject in clause.head.children
        if subject.dep_ in ROLE_DEPS_SUBJECT
        for group in subject.subtree
        if group.tag_ == "NNS" and group.i < token.i and heads.is_person_like(group)
    ]
    if speakers:
        return speakers[0]
    verbs = [token.head]
    while verbs[-1].dep_ == "conj" and verbs[-1].head is not verbs[-1]:
        verbs.append(verbs[-1].head)  # "police arrested A and B and subjected them to torture"
    own_subjects = {
        t.i
        for verb in verbs
        for c in verb.children
        if c.dep_ in ROLE_DEPS_SUBJECT
        for t in (c, *c.conjuncts)
    }
    objects = {
        t.i for verb in verbs[1:] for c in verb.children if c.dep_ == "dobj" for t in c.subtree
    }
    named_objects = [m for m in mentions if m.is_person and m.start in objects]
    if len(named_objects) >= 2:
        return named_objects
    for candidate in reversed(token.doc[sentence.start : token.i]):
        if (
            candidate.tag_ == "NNS"
            and candidate.i not in own_subjects
            and (heads.describes_people(candidate) or heads.is_person_like(candidate))
        ):
            return candidate
    if sentence.start == 0:
        return None
    previous = token.doc[sentence.start - 1].sent
    named = [
        m for m in mentions if m.is_person and previous.start <= m.start and m.end <= previous.end
    ]
    return named if len(named) >= 2 else None


def is_definite_outlet_noun(token: Token) -> bool:
    """ "the newspaper", "the website": an outlet named before."""
    return token.lemma_ in rules.OUTLET_NOUNS and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    )


def previous_outlet(token: Token, mentions: list[Mention]) -> Mention | None:
    before = [m for m in mentions if not m.is_person and m.end <= token.i]
    return before[-1] if before else None


def name_right_after(head: Token, mentions: list[Mention]) -> list[Mention]:
    """A name the parser split from its role noun: "the offices of publication *X*"; next to
    an outlet noun, an outlet's name needs no quotes ("the news outlet X in Bishkek")."""
    if head.lemma_ not in rules.MEDIA_OBJECT_NOUNS and head.lemma_ not in rules.PERSON_NOUNS:
        return []
    at = head.i + 1
    while at < len(head.doc) and head.doc[at].text in rules.QUOTE_MARKS:
        at += 1
    return [
        m
        for m in mentions
        if head.i < m.start <= at
        and (at > head.i + 1 or (not m.is_person and head.lemma_ in rules.OUTLET_NOUNS))
    ]
