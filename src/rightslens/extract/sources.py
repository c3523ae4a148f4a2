"""Who a report cites for a claim: "according to X", "X reported that", "X told ...".

Two dependency rules over the shared parse: the object of "according to" (or
"per"), and the subject of a reporting verb that governs a claim (a clause, a
direct object or a hearer). The source's kind comes from what its name says:
the ombudsman, an international body, an NGO, media or the government.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from rightslens.extract.event_rules import lexicon
from rightslens.extract.parse import ParsedParagraph, ParsedReport
from rightslens.model import SourceFact

REPORTING_VERBS = lexicon(
    "report state allege claim say note tell assert announce testify complain confirm "
    "document write inform estimate observe indicate assess warn conclude acknowledge "
    "publish"
)
# What a reporting verb must govern for its subject to be a cited source.
CLAIM_DEPS = frozenset({"ccomp", "dobj", "dative", "prep", "advcl", "xcomp"})
NOT_SOURCES = lexicon(
    "he she it they we i you who which that this these those there one some others law "
    "constitution code legislation day year month report reports article"
)
# "The journalist's lawyer", "his relatives": a private person whatever the possessor is.
PRIVATE_PERSON = re.compile(
    r"(?:'s|\u2019s|\bhis|\bher|\btheir)\s+(?:lawyer|attorney|family|relatives?|wife|husband|"
    r"mother|father|son|daughter|brother|sister|friends?|colleagues?)$",
    re.I,
)
# Ordered: the first kind whose pattern the source's name matches wins.
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ombudsman", re.compile(r"\bombuds\w*|\b(?:human rights )?commissioner\b", re.I)),
    (
        "international_body",
        re.compile(
            r"\b(?:UN|U\.N\.|United Nations|OSCE|ODIHR|Council of Europe|European Union|EU|"
            r"European Parliament|European Court|Special Rapporteur|UNHCR|UNICEF|UNDP|ILO|IOM|"
            r"OHCHR|World Bank|World Health Organization|WHO|PACE|Interpol|INTERPOL|"
            r"Committee against Torture|Human Rights Committee|Working Group|"
            r"Organization for Security and Co-?operation in Europe|"
            r"International Labou?r Organi[sz]ation|"
            r"International Organi[sz]ation for Migration)\b"
        ),
    ),
    (
        "ngo",
        re.compile(
            r"\b(?:NGOs?|nongovernmental|non-governmental|Human Rights Watch|Amnesty|Freedom House|"
            r"Reporters Without Borders|Committee to Protect Journalists|Front Line|"
            r"human rights (?:groups?|organizations?|defenders?|activists?|monitors?|bureau)|"
            r"civil society|activists?|Bureau for Human Rights|Foundation|Watch|Memorial|"
            r"association|coalition|institute|center for|centre for|advocates?|NetBlocks)\b",
            re.I,
        ),
    ),
    (
        "media",
        re.compile(
            r"\b(?:media|newspapers?|news|radio|television|TV|journalists?|reporters?|outlets?|"
            r"press|portal|agency|RFE/RL|Azattyq|Reuters|Associated Press|BBC|Eurasianet|"
            r"editor|bloggers?|Times|Post|Journal|Gazette|Tribune|Herald|Guardian)\b|\.(?:kz|ru|com|org|net|uz|kg|tj)\b",
            re.I,
        ),
    ),
    (
        "government",
        re.compile(
            r"\b(?:government|ministry|minister|authorities|prosecutors?|police|court|officials?|"
            r"president|presidential|office|administration|spokes(?:person|man|woman)|akim\w*|"
            r"parliament|state|committee|agency|service|department|embassy|mayor)\b",
            re.I,
        ),
    ),
)


def find_sources(report: ParsedReport) -> list[SourceFact]:
    """Every cited source of the report, with the sentence of the claim it supports."""
    facts: list[SourceFact] = []
    for paragraph in report.paragraphs:
        for token in paragraph.doc:
            head, method = _cited(token)
            if head is not None:
                fact = _fact(paragraph, head, method)
                if fact is not None:
                    facts.append(fact)
    return facts


def _cited(token: Token) -> tuple[Token | None, str]:
    """The head of a cited source's phrase, if ``token`` introduces one."""
    if token.lower_ == "according" and token.i + 1 < len(token.doc):
        to = token.doc[token.i + 1]
        if to.lower_ == "to":
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            obj = obj or next((c for c in token.children if c.dep_ == "pobj"), None)
            return obj, "source.according_to"
    if token.lower_ == "per" and token.dep_ == "prep":
        return next((c for c in token.children if c.dep_ == "pobj"), None), "source.per"
    if token.pos_ == "VERB" and token.lemma_ in REPORTING_VERBS:
        if not any(c.dep_ in CLAIM_DEPS for c in token.children):
            return None, ""
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None:
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        return subject, f"source.{token.lemma_}"
    return None, ""


def _fact(paragraph: ParsedParagraph, head: Token, method: str) -> SourceFact | None:
    if head.lower_ in NOT_SOURCES or head.pos_ not in ("NOUN", "PROPN"):
        return None
    tokens = _source_phrase(head)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    quote = paragraph.quote(start, end)
    name = re.sub(r"^the\s+", "", quote.text, flags=re.I).strip("*_ ")
    if name.count("(") > name.count(")"):
        name = name[: name.rindex("(")].strip()
    return SourceFact(
        quote=quote,
        sentence=paragraph.sentence_of(head.doc[head.i : head.i + 1]),
        section=paragraph.section,
        confidence=0.85 if method == "source.according_to" else 0.7,
        method=method,
        name=name,
        kind=source_kind(name),
    )


def _source_phrase(head: Token) -> list[Token]:
    """The noun phrase of the source, without relative clauses or what follows a comma."""
    doc = head.doc
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("prep", "compound", "appos", "pobj") and not any(
            t.is_punct and t.text not in ("-", "/", ".") for t in doc[end : child.i]
        ):
            end = child.right_edge.i + 1
        else:
            break
    tokens = [t for t in doc[start:end]]
    while tokens and (tokens[-1].is_punct or tokens[-1].pos_ in ("ADP", "CCONJ")):
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    return tokens


def source_kind(name: str) -> str:
    """The kind of a source from its name: ombudsman, international_body, ngo, media, ..."""
    if PRIVATE_PERSON.search(name):
        return "other"
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(name):
            return kind
    return "other"
