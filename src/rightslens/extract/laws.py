"""Laws, code articles and decrees named in a report ("Article 174 of the Criminal Code").

Regular expressions find the shapes that carry their own boundaries (article of a
code, a titled code, a numbered decree); a "law on ..." runs over the parse's tokens
until the first word that cannot belong to a title. Names are normalized so that
the same law reads the same everywhere: "Criminal Code, Article 174".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from rightslens.extract.parse import ParsedParagraph, ParsedReport
from rightslens.model import LawFact

_CODE_WORDS = (
    r"(?:Criminal|Civil|Administrative|Labou?r|Penal|Tax|Land|Family|Election|Electoral|"
    r"Customs|Housing|Water|Forest|Budget|Entrepreneurial|Health|Migration)"
)
_CODE = (
    rf"(?:{_CODE_WORDS}\s+)(?:Procedur(?:e|al)\s+|Executive\s+|Offen[cs]es\s+|"
    rf"Implementation\s+)?Code"
)
CODE = re.compile(rf"\b(?:the\s+)?(?P<name>{_CODE})\b", re.IGNORECASE)
CODE_OF = re.compile(
    rf"\b(?:the\s+)?[Cc]ode\s+of\s+(?P<kind>{_CODE_WORDS})\s+(?P<what>procedure|offen[cs]es)\b",
    re.IGNORECASE,
)
ARTICLE = re.compile(
    r"\b[Aa]rticles?\s+(?P<numbers>\d+[\w.-]*(?:\s*(?:,|and|or|-)\s*\d+[\w.-]*)*)"
    r"(?:\s*\(\d+\))*(?:,?\s+(?:part|paragraph|section)\s+\d+)?"
    rf"\s+of\s+(?:the\s+)?(?P<code>(?i:{_CODE}|constitution))\b",
)
DECREE = re.compile(
    r"\b(?P<name>(?:(?:Presidential|Government|Governmental|Executive|Ministerial|Royal|"
    r"Emergency)\s+)?(?:Decree|Resolution|Ordinance|Edict))\s+(?:No\.|Number|#)\s*"
    r"(?P<number>\d[\w/.-]*\w|\d)",
)
TITLED_LAW = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w-]+\s+){1,4}(?:Law|Act))\b(?!\s+(?:on|of)\b)"
)
# Words that start a capitalized phrase but are not part of a law's title.
_NOT_TITLE = frozenset({"The", "A", "An", "In", "On", "Under", "This", "That", "Its", "Their"})
_TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "CCONJ", "DET", "ADP"})
_TITLE_ADPOSITIONS = frozenset({"of", "on", "and", "in", "for", "to", "about"})


def find_laws(report: ParsedReport) -> list[LawFact]:
    """Every law, code (article) and decree named in the report, in text order."""
    laws: list[LawFact] = []
    for paragraph in report.paragraphs:
        found: list[tuple[int, int, str, str]] = []
        text = paragraph.doc.text
        for match in ARTICLE.finditer(text):
            numbers = re.sub(r"\s+", " ", match["numbers"])
            found.append(
                (*match.span(), f"{_title(match['code'])}, Article {numbers}", "law.article")
            )
        for match in DECREE.finditer(text):
            found.append(
                (*match.span(), f"{_title(match['name'])} No. {match['number']}", "law.decree")
            )
        found += [(*span, name, "law.law_on") for *span, name in _laws_on(paragraph.doc)]
        for match in CODE.finditer(text):
            found.append((match.start("name"), match.end(), _title(match["name"]), "law.code"))
        for match in CODE_OF.finditer(text):
            name = _title(f"{match['kind']} {match['what']} Code")
            found.append((*match.span(), name, "law.code_of"))
        for match in TITLED_LAW.finditer(text):
            words = match["name"].split()
            if words[0] in _NOT_TITLE:
                continue
            found.append((match.start("name"), match.end(), " ".join(words), "law.titled"))
        laws += _facts(paragraph, found)
    return laws


def _laws_on(doc: Doc) -> list[tuple[int, int, str]]:
    """ "The law on religious activity and religious associations": title up to the first verb."""
    found = []
    for token in doc:
        if token.lower_ != "law" or token.i + 2 > len(doc):
            continue
        after = doc[token.i + 1]
        if after.lower_ not in ("on", "about", "regarding"):
            continue
        end = _title_end(doc, after.i + 1)
        if end > after.i + 1:
            start = token.i - 1 if token.i and doc[token.i - 1].lower_ == "the" else token.i
            title = " ".join(
                t.text if t.lower_ in _TITLE_ADPOSITIONS | {"the", "a"} else t.text.capitalize()
                for t in doc[after.i + 1 : end]
            )
            found.append(
                (
                    doc[start].idx,
                    doc[end - 1].idx + len(doc[end - 1].text),
                    f"Law {after.lower_} {title}",
                )
            )
    return found


def _title_end(doc: Doc, start: int) -> int:
    """Index after the last token of a title that starts at ``start``."""
    end = start
    for token in doc[start : start + 12]:
        if token.is_punct and token.text not in ("-", "\u2019", "'"):
            break
        if not _in_title(token):
            break
        end = token.i + 1
    while end > start and (doc[end - 1].pos_ in ("CCONJ", "DET", "ADP") or doc[end - 1].is_punct):
        end -= 1
    return end


def _in_title(token: Token) -> bool:
    if token.pos_ not in _TITLE_POS and token.text not in ("-",):
        return False
    return token.pos_ != "ADP" or token.lower_ in _TITLE_ADPOSITIONS


def _title(name: str) -> str:
    words = re.sub(r"\s+", " ", name.strip()).split(" ")
    return " ".join(w.capitalize() if w.islower() else w for w in words)


def _facts(paragraph: ParsedParagraph, found: list[tuple[int, int, str, str]]) -> list[LawFact]:
    """Facts for the longest non-overlapping mentions (an article holds its code)."""
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    facts: list[LawFact] = []
    last_end = -1
    for start, end, name, method in found:
        if start < last_end:
            continue
        last_end = end
        span = paragraph.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        facts.append(
            LawFact(
                quote=paragraph.quote(start, end),
                sentence=paragraph.sentence_of(span),
                section=paragraph.section,
                confidence=0.9 if method != "law.titled" else 0.7,
                method=method,
                name=name,
            )
        )
    return facts
