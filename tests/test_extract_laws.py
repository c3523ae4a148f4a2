"""Laws, code articles and decrees named in a report, with normalized names."""

from __future__ import annotations

import pytest

from rightslens.extract.laws import find_laws
from rightslens.extract.parse import ParsedReport, load_nlp, parse_report
from rightslens.model import Paragraph
from tests.conftest import CORPUS, needs_corpus


def parse_snippet(text: str) -> ParsedReport:
    return parse_report(text, [Paragraph(0, len(text))], 2021, None, nlp=load_nlp())


def laws_of(text: str) -> list[str]:
    return [law.name for law in find_laws(parse_snippet(text))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "He was charged under Article 174 of the Criminal Code for inciting discord.",
            ["Criminal Code, Article 174"],
        ),
        ("Prosecutors cited article 405 of the criminal code.", ["Criminal Code, Article 405"]),
        (
            "Article 29 of the Constitution guarantees freedom of expression.",
            ["Constitution, Article 29"],
        ),
        (
            "The law on religious activity and religious associations requires registration.",
            ["Law on Religious Activity and Religious Associations"],
        ),
        ("Amendments to the Law on Mass Media took effect in January.", ["Law on Mass Media"]),
        ("Presidential Decree No. 123 created a new commission.", ["Presidential Decree No. 123"]),
        (
            "The Criminal Code and the Administrative Offenses Code set fines for rallies.",
            ["Criminal Code", "Administrative Offenses Code"],
        ),
        (
            "The code of criminal procedure spells out a detainee's rights.",
            ["Criminal Procedure Code"],
        ),
        ("Critics said the Foreign Agents Law restricted NGOs.", ["Foreign Agents Law"]),
    ],
)
def test_find_laws_normalized_name(text, names):
    assert laws_of(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "The law prohibits torture.",
        "Police and law enforcement officials detained him.",
        "The Rule of Law Foundation reported the case.",
    ],
)
def test_find_laws_no_law_named(text):
    assert laws_of(text) == []


def test_find_laws_an_article_holds_its_code_once():
    text = "He was convicted under Article 174 of the Criminal Code."
    (law,) = find_laws(parse_snippet(text))
    assert law.quote.text == "Article 174 of the Criminal Code"
    assert text[law.sentence.start : law.sentence.end] == text


@needs_corpus
def test_find_laws_on_a_real_report():
    text = (CORPUS / "usdos" / "kazakhstan-2017.txt").read_text()
    lines = [line for line in text.splitlines() if line.strip()][:120]
    joined = "\n\n".join(lines)
    paragraphs, offset = [], 0
    for line in lines:
        paragraphs.append(Paragraph(offset, offset + len(line)))
        offset += len(line) + 2
    report = parse_report(joined, paragraphs, 2017, "KZ", nlp=load_nlp())
    laws = find_laws(report)
    assert laws
    for law in laws:
        assert joined[law.quote.start : law.quote.end] == law.quote.text
        assert joined[law.sentence.start : law.sentence.end] == law.sentence.text
    assert "Criminal Code" in {law.name for law in laws}
