"""Organizations: kinds from head words, acronyms tied to their full names, persons and
places left out; snippets of our own making and a sample report."""

from __future__ import annotations

import pytest

from rightslens.extract.organizations import find_organizations, organization_kind
from rightslens.extract.parse import ParsedReport, parse_report
from rightslens.model import Paragraph
from tests.conftest import CORPUS, needs_corpus


def parse_snippet(text: str, country: str, year: int = 2020) -> ParsedReport:
    return parse_report(text, [Paragraph(0, len(text), None, None)], year, country)


def facts_of(report: ParsedReport) -> list:
    facts = find_organizations(report)
    for fact in facts:
        assert report.text[fact.quote.start : fact.quote.end] == fact.quote.text
        assert report.text[fact.sentence.start : fact.sentence.end] == fact.sentence.text
    return facts


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ministry of Internal Affairs", "government body"),
        ("Committee for National Security", "security force"),
        ("Bolivarian National Guard", "security force"),
        ("Supreme Court", "court"),
        ("Nur Otan Party", "political party"),
        ("International Bureau for Human Rights and Rule of Law", "NGO"),
        ("Human Rights Watch", "NGO"),
        ("Amnesty International", "NGO"),
        ("Organization for Security and Cooperation in Europe", "international body"),
        ("UN Human Rights Committee", "international body"),
        ("Radio Free Europe/Radio Liberty", "media outlet"),
        ("Tengrinews.kz", "media outlet"),
        ("Federation of Trade Unions", "union"),
        ("Jehovah's Witnesses", "religious group"),
        ("Oil Construction Company", "company"),
        ("Presidential Commission on Human Rights", "government body"),
    ],
)
def test_extract_organizations_kind_from_head_words(name: str, kind: str) -> None:
    assert organization_kind(name) == kind


def test_extract_organizations_acronym_stands_for_full_name_egypt() -> None:
    report = parse_snippet(
        "The Egyptian Initiative for Personal Rights (EIPR) said the blogger was tortured. "
        "EIPR filed a complaint with the Public Prosecution.",
        "EG",
    )
    facts = facts_of(report)
    eipr = [fact for fact in facts if fact.quote.text == "EIPR"]
    assert len(eipr) == 2
    assert {fact.name for fact in eipr} == {"Egyptian Initiative for Personal Rights"}
    assert all(fact.kind == "NGO" for fact in eipr)
    assert any(f.name == "Public Prosecution" and f.kind == "court" for f in facts)


def test_extract_organizations_security_service_uzbekistan() -> None:
    report = parse_snippet(
        "Officers of the State Security Service (SGB) reportedly beat the journalist. The SGB "
        "denied the allegations, and the Ministry of Justice refused to register the NGO.",
        "UZ",
    )
    kinds = {fact.quote.text: (fact.name, fact.kind) for fact in facts_of(report)}
    assert kinds["SGB"] == ("State Security Service", "security force")
    assert kinds["Ministry of Justice"] == ("Ministry of Justice", "government body")


def test_extract_organizations_leaves_persons_out() -> None:
    report = parse_snippet(
        "Eldar Mamedov posted a video. The women filed a case against Mamedov with the "
        "Almaty district court, and the Ministry of Information reviewed it.",
        "KZ",
    )
    names = {fact.name for fact in facts_of(report)}
    assert not {"Eldar Mamedov", "Mamedov"} & names


@needs_corpus
def test_extract_organizations_knb_in_the_2017_report() -> None:
    from rightslens.pipeline import process

    path = CORPUS / "usdos" / "kazakhstan-2017.txt"
    document = process(str(path), path.read_bytes())[0]
    first = next(
        i for i, p in enumerate(document.paragraphs) if "(KNB)" in document.text[p.start : p.end]
    )
    paragraphs = document.paragraphs[first : first + 20]
    report = parse_report(document.text, paragraphs, 2017, "KZ")
    knb = [fact for fact in facts_of(report) if fact.quote.text == "KNB"]
    assert knb and {fact.name for fact in knb} == {"Committee for National Security"}
    assert {fact.kind for fact in knb} == {"security force"}


@pytest.mark.parametrize(
    ("text", "country", "junk", "kept"),
    [
        ("Media reported that the Parliament adopted amendments restricting assemblies, and "
         "the Ministry of Interior welcomed them.", "BY", {"Media", "Parliament"},
         {"Ministry of Interior"}),
        ("The Senate approved the bill, and the Constitutional Court upheld it.", "NG",
         {"Senate"}, {"Constitutional Court"}),
        ("The Egyptian Organization for Human Rights said LGBTI persons and IDP families "
         "faced arrest.", "EG", {"LGBTI", "IDP"}, {"Egyptian Organization for Human Rights"}),
        ("According to the Department of State's International Religious Freedom Report, "
         "the Venezuelan Episcopal Conference protested.", "VE",
         {"Department of State's International Religious Freedom Report"},
         {"Venezuelan Episcopal Conference"}),
        ("According to NGO Human Rights Watch, police detained 40 protesters in Tashkent.",
         "UZ", {"NGO Human Rights Watch"}, {"Human Rights Watch"}),
        ("In March the Ministry of Labor criticized the Trade Union Act.", "UZ",
         {"Trade Union Act"}, {"Ministry of Labor"}),
    ],
)  # fmt: skip
def test_extract_organizations_generic_words_and_documents_are_no_organizations(
    text: str, country: str, junk: set[str], kept: set[str]
) -> None:
    names = {fact.name for fact in facts_of(parse_snippet(text, country))}
    assert not junk & names, names
    assert kept <= names, names


def test_extract_organizations_run_in_label_is_no_organization() -> None:
    text = "Freedom of Association: The Belarusian Association of Journalists was liquidated."
    report = parse_report(
        text, [Paragraph(0, len(text), None, "Freedom of Association")], 2023, "BY"
    )
    names = {fact.name for fact in facts_of(report)}
    assert "Freedom of Association" not in names
    assert "Belarusian Association of Journalists" in names
