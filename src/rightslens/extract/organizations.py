"""Organizations: spaCy's ORG entities, cleaned, with acronyms tied to their full names
and a kind read from their head words (``data/organizations.toml``).

"Committee for National Security (KNB)" is one organization whose acronym
stands for it in later mentions ("the KNB" -> "Committee for National
Security"). Entities that the person or place extractors claim (a Kazakh name
spaCy calls ORG, a city) are left to them.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from rightslens.extract.data import english_words, load_table
from rightslens.extract.parse import ParsedParagraph, ParsedReport
from rightslens.extract.places import gazetteer, name_key
from rightslens.model import OrganizationFact

_TABLE = load_table("organizations")
KIND_ORDER: list[str] = _TABLE["order"]
KIND_WORDS: dict[str, frozenset[str]] = {
    kind: frozenset(words) for kind, words in _TABLE["kinds"].items()
}
PREPOSITIONS = frozenset({"of", "for", "on", "in", "to", "against", "and"})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z]$|^[A-Z]{2,}$")
_DOMAIN = re.compile(r"\.(kz|ru|com|org|net|info|uz|kg|tj|by|ua|am|az|ge|tm)$", re.IGNORECASE)
_WORD = re.compile(r"[\w'’.-]+")
JUNK_LEADS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
NOT_NAMES = frozenset(_TABLE["not_names"])
DOCUMENT_HEADS = frozenset(_TABLE["document_heads"])
DESCRIPTOR_LEADS = frozenset(_TABLE["descriptor_leads"])
COMMON_WORD_NAMES = frozenset(_TABLE["common_word_names"])


@cache
def _phrases() -> list[tuple[tuple[str, ...], str]]:
    """Multi-word kind phrases, longest first."""
    found = [
        (tuple(word.split()), kind)
        for kind, words in KIND_WORDS.items()
        for word in words
        if " " in word
    ]
    return sorted(found, key=lambda item: -len(item[0]))


def organization_kind(name: str) -> str:
    """The kind of an organization from its words: a known phrase, then the head noun
    (the last word before "of"/"for"), then any word, then a web domain; else "other"."""
    words = [
        w.strip(".'").removesuffix("'s") for w in _WORD.findall(name.lower().replace("’", "'"))
    ]
    for phrase, kind in _phrases():
        size = len(phrase)
        if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
            return kind
    if any(word in KIND_WORDS["international body"] for word in words):
        return "international body"
    head_end = next((i for i, word in enumerate(words) if word in PREPOSITIONS), len(words))
    for word in (*reversed(words[:head_end]), *reversed(words[head_end:])):
        for kind in KIND_ORDER:
            if word in KIND_WORDS[kind]:
                return kind
    if _DOMAIN.search(name.strip("*").replace("’", "'")):
        return "media outlet"
    return "other"


def _trim(span: Span) -> Span:
    """Drop a run-in label before a colon, leading articles and descriptions ("the NGO"),
    trailing possessives, punctuation and markup."""
    doc = span.doc
    start, end = span.start, span.end
    colon = next((t.i for t in reversed(span) if t.text == ":"), None)
    if colon is not None:
        start = colon + 1  # "Independent Monitoring: Human": the label is no part of it
    while start < end and (
        doc[start].lower_ in JUNK_LEADS
        or not doc[start].text[:1].isalnum()
        or (doc[start].lower_ in DESCRIPTOR_LEADS and end - start > 1)
    ):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or not doc[end - 1].text[-1:].isalnum()
        or doc[end - 1].lower_ in PREPOSITIONS
    ):
        end -= 1
    return doc[start:end]


def _acronym_after(doc: Doc, end: int) -> Span | None:
    """An acronym in parentheses right after a name: "... Security (KNB)"."""
    if end + 2 < len(doc) + 1 and end < len(doc) and doc[end].text == "(":
        close = end + 2
        if close < len(doc) and doc[close].text == ")" and _ACRONYM.match(doc[end + 1].text):
            return doc[end + 1 : close]
    return None


def _is_organization(
    span: Span, person_tokens: set[int], person_names: set[str], country: str | None
) -> bool:
    """Not a person, not a place, not a single common word ("Media", "Parliament": a word,
    not a name), not a group of people or a document ("LGBTI", "Trafficking in Persons
    Report"), not a heading in capitals."""
    if any(token.i in person_tokens for token in span) or name_key(span.text) in person_names:
        return False
    text = span.text
    if not text[:1].isupper() or any(ch.isdigit() for ch in text) and len(span) > 3:
        return False
    if text.lower() in NOT_NAMES or span.root.lower_ in DOCUMENT_HEADS:
        return False
    words = english_words()
    plain_word = span[0].lower_ in words or span[0].lemma_.lower() in words
    if len(span) == 1 and plain_word and not _ACRONYM.match(text):
        return span[0].lower_ in COMMON_WORD_NAMES
    if len(span) > 3 and text.isupper():
        return False
    place = gazetteer().resolve(text, country)
    return place is None or organization_kind(text) != "other"


def find_organizations(report: ParsedReport) -> list[OrganizationFact]:
    """Every mention of a named organization, acronyms resolved to the name they stand for."""
    from rightslens.extract.people import find_persons, person_token_positions

    persons = person_token_positions(report)
    person_names = {
        name_key(text) for fact in find_persons(report) for text in (fact.name, fact.quote.text)
    }
    person_names |= {name.split()[-1] for name in person_names}
    acronyms: dict[str, str] = {}
    facts = []
    for paragraph, sentence in report.sentences():
        taken = persons.get(paragraph.start, set())
        for entity in sentence.ents:
            if entity.label_ != "ORG" or entity.end <= paragraph.body_start:
                continue  # a run-in label ("Freedom of Association:") names a topic
            span = _trim(entity)
            if not span or not _is_organization(span, taken, person_names, report.country):
                continue
            facts.extend(_mentions(paragraph, span, acronyms))
        facts.extend(_acronym_mentions(paragraph, sentence, acronyms))
    unique = {(fact.quote.start, fact.quote.end): fact for fact in reversed(facts)}
    return sorted(unique.values(), key=lambda fact: fact.quote.start)


def _acronym_mentions(
    paragraph: ParsedParagraph, sentence: Span, acronyms: dict[str, str]
) -> list[OrganizationFact]:
    """Defined acronyms that spaCy did not tag in this sentence ("EIPR filed ...")."""
    return [
        _fact(paragraph, sentence[i : i + 1], acronyms[token.text], "acronym_mention")
        for i, token in enumerate(sentence)
        if token.text in acronyms
        and not token.ent_type_
        and not (token.i > 0 and token.doc[token.i - 1].text == "(")
    ]


def _mentions(
    paragraph: ParsedParagraph, span: Span, acronyms: dict[str, str]
) -> list[OrganizationFact]:
    """The fact for one entity, plus one for an acronym defined right after it."""
    doc = paragraph.doc
    text = span.text
    inner = _split_acronym(span)
    facts = []
    if inner is not None:
        span, acronym = inner
        text = span.text
    else:
        acronym = _acronym_after(doc, span.end)
    name = acronyms.get(text, text)
    method = "spacy_org+acronym" if name != text else "spacy_org"
    facts.append(_fact(paragraph, span, name, method))
    if acronym is not None:
        acronyms[acronym.text] = name
        facts.append(_fact(paragraph, acronym, name, "acronym_definition"))
    return facts


def _split_acronym(span: Span) -> tuple[Span, Span] | None:
    """spaCy sometimes takes "(KNB" into the entity: split it off again."""
    doc = span.doc
    for i in range(span.start, span.end - 1):
        if doc[i].text == "(" and _ACRONYM.match(doc[i + 1].text) and i > span.start:
            return doc[span.start : i], doc[i + 1 : i + 2]
    return None


def _fact(paragraph: ParsedParagraph, span: Span, name: str, method: str) -> OrganizationFact:
    kind = organization_kind(name)
    return OrganizationFact(
        quote=paragraph.quote(span.start_char, span.end_char),
        sentence=paragraph.sentence_of(span),
        section=paragraph.section,
        confidence=0.8 if kind != "other" else 0.6,
        method=method,
        name=" ".join(name.split()),
        kind=kind,
    )
