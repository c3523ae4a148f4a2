"""Places: gazetteer resolution (countries, ISO 3166-2 regions, cities with coordinates)
on snippets of our own making, and on a sample report."""

from __future__ import annotations

import pytest

from rightslens.extract.parse import ParsedReport, parse_report
from rightslens.extract.places import find_places
from rightslens.model import Paragraph
from tests.conftest import CORPUS, needs_corpus


def parse_snippet(text: str, country: str, year: int = 2020) -> ParsedReport:
    return parse_report(text, [Paragraph(0, len(text), None, None)], year, country)


def by_name(report: ParsedReport) -> dict:
    facts = find_places(report)
    for fact in facts:
        assert report.text[fact.quote.start : fact.quote.end] == fact.quote.text
        assert report.text[fact.sentence.start : fact.sentence.end] == fact.sentence.text
    return {fact.name: fact for fact in facts}


def test_extract_places_cities_regions_and_countries() -> None:
    places = by_name(
        parse_snippet(
            "On April 30, police dispersed a protest in Maracaibo, Zulia State. Several protesters "
            "fled to Colombia. Police in Caracas detained two journalists.",
            "VE",
        )
    )
    assert places["Maracaibo"].country == "VE" and places["Maracaibo"].lat is not None
    assert places["Zulia State"].admin1 == "Zulia" and places["Zulia State"].country == "VE"
    assert places["Colombia"].country == "CO" and places["Colombia"].lat is None
    assert places["Caracas"].country == "VE"


def test_extract_places_transliterated_region_and_city_suffix() -> None:
    places = by_name(
        parse_snippet(
            "In Almaty city, police detained five activists. A court in Aktobe Region fined them. "
            "The case moved to Nur-Sultan and later to Astana.",
            "KZ",
        )
    )
    assert places["Almaty"].quote.text == "Almaty city" and places["Almaty"].country == "KZ"
    assert places["Aktobe Region"].admin1 == "Aqtöbe oblysy"
    assert places["Nur-Sultan"].country == "KZ" and places["Astana"].country == "KZ"
    assert abs(places["Nur-Sultan"].lat - places["Astana"].lat) < 0.5


def test_extract_places_prefers_the_report_country_for_ambiguous_names() -> None:
    uk = by_name(parse_snippet("Police in Birmingham arrested two protesters.", "GB"))
    us = by_name(parse_snippet("Police in Birmingham arrested two protesters.", "US"))
    assert uk["Birmingham"].country == "GB" and us["Birmingham"].country == "US"


def test_extract_places_leaves_person_names_alone() -> None:
    places = by_name(
        parse_snippet(
            "Police beat opposition politician Carlos Eduardo Medina in Maracaibo. Medina was "
            "detained for two days.",
            "VE",
        )
    )
    assert "Medina" not in places and "Maracaibo" in places


@needs_corpus
def test_extract_places_hrw_chapter() -> None:
    from rightslens.pipeline import process

    path = CORPUS / "hrw" / "kazakhstan-2012.md"
    try:
        document = process(str(path), path.read_bytes())[0]
    except ImportError as missing:
        pytest.skip(f"no cleaner for {path.name} yet: {missing}")
    report = parse_report(document.text, document.paragraphs, 2012, "KZ")
    places = by_name(report)
    assert places["Zhanaozen"].country == "KZ" and places["Zhanaozen"].lat is not None
    assert places["Kazakhstan"].country == "KZ"
