"""Cited sources: who a report cites for a claim, and what kind of source it is."""

from __future__ import annotations

import pytest

from rightslens.extract.parse import ParsedReport, load_nlp, parse_report
from rightslens.extract.sources import find_sources, source_kind
from rightslens.model import Paragraph
from tests.conftest import CORPUS, needs_corpus


def parse_snippet(text: str) -> ParsedReport:
    return parse_report(text, [Paragraph(0, len(text))], 2021, None, nlp=load_nlp())


def sources_of(text: str) -> list[tuple[str, str]]:
    return [(s.name, s.kind) for s in find_sources(parse_snippet(text))]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "According to the NGO Legal Clinic Adilet, police detained 30 protesters in Bishkek.",
            "NGO Legal Clinic Adilet",
            "ngo",
        ),
        (
            "The human rights ombudsman reported that prison conditions improved.",
            "human rights ombudsman",
            "ombudsman",
        ),
        (
            "The OSCE Office for Democratic Institutions and Human Rights (ODIHR) noted that the "
            "elections lacked genuine competition.",
            "OSCE Office for Democratic Institutions and Human Rights",
            "international_body",
        ),
        (
            "Radio Ozodi reported that authorities blocked its website in May.",
            "Radio Ozodi",
            "media",
        ),
        (
            "The Ministry of Internal Affairs stated that 12 officers faced disciplinary action.",
            "Ministry of Internal Affairs",
            "government",
        ),
        (
            "Human Rights Watch alleged that guards beat prisoners in the colony.",
            "Human Rights Watch",
            "ngo",
        ),
        (
            "The journalist's lawyer told RFE/RL that his client was beaten in custody.",
            "journalist's lawyer",
            "other",
        ),
    ],
)
def test_find_sources_names_the_cited_source(text, name, kind):
    found = sources_of(text)
    assert (name, kind) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "The law states that detainees must see a lawyer within 24 hours.",
        "He said nothing about the case.",
        "Police detained 30 protesters in Bishkek.",
    ],
)
def test_find_sources_no_source_where_nobody_is_cited(text):
    assert sources_of(text) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("UN Special Rapporteur on torture", "international_body"),
        ("Committee to Protect Journalists", "ngo"),
        ("Kazakhstan International Bureau for Human Rights", "ngo"),
        ("Prosecutor General's Office", "government"),
        ("Ombudsman for Human Rights", "ombudsman"),
        ("local media", "media"),
        ("observers", "other"),
    ],
)
def test_source_kind_from_the_name(name, kind):
    assert source_kind(name) == kind


def test_find_sources_quote_is_the_name_and_sentence_is_the_claim():
    text = "Prisons were overcrowded. According to Amnesty International, guards beat inmates."
    report = parse_snippet(text)
    (source,) = find_sources(report)
    assert source.quote.text == "Amnesty International"
    assert source.sentence.text == "According to Amnesty International, guards beat inmates."
    assert text[source.sentence.start : source.sentence.end] == source.sentence.text


@needs_corpus
def test_find_sources_on_a_real_report_section():
    lines = (CORPUS / "usdos" / "kazakhstan-2017.txt").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Prison and Detention"))
    text = "\n\n".join(line for line in lines[start + 1 : start + 12] if line.strip())
    paragraphs, offset = [], 0
    for part in text.split("\n\n"):
        paragraphs.append(Paragraph(offset, offset + len(part)))
        offset += len(part) + 2
    report = parse_report(text, paragraphs, 2017, "KZ", nlp=load_nlp())
    sources = find_sources(report)
    assert sources
    for source in sources:
        assert text[source.quote.start : source.quote.end] == source.quote.text
        assert text[source.sentence.start : source.sentence.end] == source.sentence.text
    assert ("PRI", "source.according_to") in {(s.name, s.method) for s in sources}
    assert ("minister of internal affairs", "government") in {(s.name, s.kind) for s in sources}
