"""The whole per-report pipeline on real reports: gold topics, cleaning checks, provenance."""

from __future__ import annotations

import json
import re

import pytest

from rightslens.pipeline import Overrides, process
from tests.conftest import CORPUS, GOLD, needs_corpus
from tests.test_segment import MAIN_IDS, MAIN_IDS_2024

pytestmark = needs_corpus


def _only_document(path):
    documents = process(str(path), path.read_bytes())
    assert len(documents) == 1, [d.meta for d in documents]
    return documents[0]


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _cleaning_cases():
    if not GOLD.is_dir():
        return []
    checks = json.loads((GOLD / "cleaning.json").read_text())["documents"]
    return sorted(checks.items())


@pytest.mark.parametrize(("document_path", "checks"), _cleaning_cases(), ids=lambda v: str(v)[:40])
def test_pipeline_clean_text_passes_cleaning_checks(document_path, checks):
    text = _collapse(_only_document(GOLD.parent / document_path).text)
    for phrase in checks["must_contain"]:
        assert _collapse(phrase) in text
    for phrase in checks["must_not_contain"]:
        assert phrase not in text


@pytest.mark.parametrize(
    "name",
    [
        "usdos/kazakhstan-2019.txt",
        "usdos/kazakhstan-2023.txt",
        "usdos/kazakhstan-2012.md",
        "hrw/kazakhstan-2012.md",
        "hrw/kazakhstan-2001.html",
        "usdos-web/2022/kazakhstan.html.gz",
    ],
)
def test_pipeline_every_clean_character_maps_back_to_the_source(name):
    document = _only_document(CORPUS / name)
    source = document.source.text
    for index, char in enumerate(document.text):
        if char.isalnum():
            origin = source[document.offsets[index]]
            # An HTML entity (&amp;, &#8217;) maps to its "&"; everything else to itself.
            assert origin == char or origin == "&", (index, char, origin)


def test_pipeline_pdf_offsets_give_pages():
    path = CORPUS / "amnesty" / "kazakhstan-2005.pdf"
    [document] = [d for d in process(str(path), path.read_bytes()) if d.meta.country == "KZ"]
    pages = {document.source_position(i)[1] for i in range(0, len(document.text), 97)}
    assert pages <= {1, 2} and pages


def test_pipeline_text_that_is_not_a_report_is_stored_as_unknown_with_a_warning():
    letter = (
        "Dear neighbours,\n\nThe garden party is on Saturday at four. Please bring a dish "
        "to share and a chair if you have a spare one.\n\nSee you there,\nMaria\n"
    )
    [document] = process("party.txt", letter.encode())
    assert document.meta.publisher == "unknown"
    assert document.sections == []
    assert any("no report sections" in w for w in document.warnings)


def test_pipeline_overrides_win_over_detection():
    path = CORPUS / "usdos" / "kazakhstan-2017.txt"
    [document] = process(str(path), path.read_bytes(), Overrides(country="uz", year=2001))
    assert (document.meta.country, document.meta.year) == ("UZ", 2001)


def _expected(path):
    country_slug, year = path.name.split(".")[0].rsplit("-", 1)
    return path.parent.name, country_slug, int(year)


CORPUS_FILES = (
    sorted(p for p in CORPUS.glob("*/*") if p.parent.name != "usdos-web" and p.name != "README.md")
    if CORPUS.is_dir()
    else []
)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pipeline_ingests_corpus_file_with_publisher_country_year(path):
    import pycountry

    publisher, slug, year = _expected(path)
    documents = process(str(path), path.read_bytes())
    country = pycountry.countries.search_fuzzy(slug.replace("-", " "))[0].alpha_2
    main = [d for d in documents if d.meta.country == country]
    assert len(main) == 1, [(d.meta.country, d.meta.year) for d in documents]
    assert (main[0].meta.publisher, main[0].meta.year) == (publisher, year)
    assert main[0].sections, main[0].warnings


@pytest.mark.slow
@pytest.mark.parametrize("year", range(2016, 2025))
def test_pipeline_ingests_every_state_department_page_of_a_year(year):
    """Every page of the year: no error, one report, publisher and year right, main topics."""
    main_ids = MAIN_IDS_2024 if year >= 2024 else MAIN_IDS
    failures, incomplete = [], []
    for path in sorted((CORPUS / "usdos-web" / str(year)).glob("*.html.gz")):
        try:
            documents = process(str(path), path.read_bytes(), extract=False)
        except Exception as error:  # collect them all, then fail once with the list
            failures.append(f"{path.name}: {error!r}")
            continue
        metas = [(d.meta.publisher, d.meta.year) for d in documents]
        if metas != [("usdos", year)] or documents[0].meta.country is None:
            failures.append(f"{path.name}: {[d.meta for d in documents]}")
            continue
        found = {section.id for section in documents[0].sections}
        if missing := [topic for topic in main_ids if topic not in found]:
            incomplete.append(f"{path.name}: missing {missing}")
    print(f"\n{year}: {len(failures)} failed, {len(incomplete)} without every main topic")
    print("\n".join(incomplete))
    assert not failures, "\n".join(failures)
    assert len(incomplete) <= 3
