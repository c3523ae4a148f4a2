"""Comparing two stored reports: aligned topics, changed figures, persons, events, themes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rightslens import api
from rightslens.cli import app
from rightslens.errors import NotFoundError
from rightslens.find.compare import QuoteCitation, align_topics, compare_reports
from tests.conftest import CORPUS, needs_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def torture_2019_2023(sample_store):
    return compare_reports(sample_store, "usdos/KZ/2019", "usdos/KZ/2023", section="s1.torture")


def _citations(comparison) -> list[QuoteCitation]:
    found: list[QuoteCitation] = []
    for topic in comparison.topics:
        found += [p.citation for p in topic.persons_only_a + topic.persons_only_b]
        found += [e.citation for e in topic.events_only_a + topic.events_only_b]
        found += [t.citation for t in topic.themes_only_a + topic.themes_only_b]
        found += [c for pair in topic.figures for c in (pair.a, pair.b)]
    return found


def test_align_topics_folds_a_subtopic_into_the_lettered_topic_the_other_report_has():
    usdos = {"s1", "s1.torture", "s1.torture.prisons", "s2.association", "s1.killings"}
    hrw = {"exec", "s1.torture", "intl"}
    mapping = align_topics(usdos, hrw)
    assert mapping["s1.torture.prisons"] == "s1.torture"
    # No lettered ancestor in the other report: the topic stays its own (one report only).
    assert mapping["s2.association"] == "s2.association"
    assert mapping["s1.killings"] == "s1.killings"


def test_compare_pairs_torture_complaints_across_years(torture_2019_2023):
    torture = next(t for t in torture_2019_2023.topics if t.id == "s1.torture")
    pair = next(f for f in torture.figures if f.counts == "complaints")
    assert (pair.value_a, pair.value_b) == (148.0, 110.0) and pair.changed
    assert "148 complaints" in pair.a.sentence and "110 complaints" in pair.b.sentence
    assert pair.a.document == "usdos/KZ/2019" and pair.b.year == 2023
    assert pair.a.heading.startswith("c. Torture")


def test_compare_finds_persons_and_events_of_one_report_only(torture_2019_2023):
    torture = next(t for t in torture_2019_2023.topics if t.id == "s1.torture")
    assert "Timur Radchenko" in [p.name for p in torture.persons_only_b]
    assert "Timur Radchenko" not in [p.name for p in torture.persons_only_a]
    radchenko = [e for e in torture.events_only_b if "Timur Radchenko" in e.victims]
    assert radchenko and radchenko[0].event_type == "torture_or_ill_treatment"


def test_compare_citations_point_into_the_clean_text(sample_store, torture_2019_2023):
    texts = {key: sample_store.get_document(key) for key in ("usdos/KZ/2019", "usdos/KZ/2023")}
    citations = _citations(torture_2019_2023)
    assert len(citations) > 20
    for citation in citations:
        document = texts[citation.document]
        assert document.text[citation.start : citation.end] == citation.quote
        paragraph = document.paragraphs[citation.paragraph - 1]
        assert paragraph.start <= citation.start < paragraph.end
        assert citation.quote in citation.sentence


def test_compare_themes_name_what_one_year_discusses(sample_store):
    comparison = compare_reports(
        sample_store, "usdos/KZ/2017", "usdos/KZ/2023", section="s1.trial.political-prisoners"
    )
    (topic,) = comparison.topics
    only_2017 = {t.phrase for t in topic.themes_only_a}
    assert {"land code", "money laundering"} & only_2017
    assert "Zhanbolat Mamay" in topic.persons_both


def test_compare_lists_topics_of_one_report(sample_store):
    comparison = compare_reports(sample_store, "usdos/KZ/2017", "usdos/KZ/2023", max_themes=0)
    presence = {t.id: t.presence for t in comparison.topics}
    assert presence["s1.transnational-repression"] == "b"
    assert presence["s1.torture"] == "both"


@needs_corpus
def test_compare_across_publishers_aligns_hrw_with_usdos(sample_store):
    if not (CORPUS / "hrw" / "kazakhstan-2012.md").exists():
        pytest.skip("the HRW 2012 chapter is absent")
    comparison = compare_reports(sample_store, "usdos/KZ/2012", "hrw/KZ/2012", max_themes=0)
    topics = {t.id: t for t in comparison.topics}
    assert "s1.torture.prisons" in topics["s1.torture"].folded_a
    assert topics["intl"].presence == "b"
    assert topics["s1.killings"].presence == "a"
    assert any("Zhovtis" in name for name in topics["s1.arrest"].persons_both)


def test_compare_unknown_topic_is_a_clear_error(sample_store):
    with pytest.raises(NotFoundError, match="s9.nothing"):
        compare_reports(sample_store, "usdos/KZ/2017", "usdos/KZ/2023", section="s9.nothing")


def test_compare_cli_prints_json_and_text(sample_store):
    db = sample_store.url.removeprefix("sqlite:///")
    args = ["compare", "--db", db, "usdos/KZ/2019", "usdos/KZ/2023", "--section", "s1.torture"]
    result = runner.invoke(app, [*args, "--themes", "0", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    figures = [f for t in payload["topics"] for f in t["figures"] if f["counts"] == "complaints"]
    assert figures[0]["changed"] is True and figures[0]["a"]["paragraph"] > 0
    result = runner.invoke(app, [*args, "--themes", "0"])
    assert result.exit_code == 0, result.output
    assert "complaints: 148 in usdos/KZ/2019 → 110 in usdos/KZ/2023" in result.stdout
    missing = runner.invoke(app, ["compare", "--db", db, "usdos/KZ/2019", "usdos/KZ/1990"])
    assert missing.exit_code == 1 and "no stored document" in missing.stderr


def _figure_at(store, citation: QuoteCitation):
    document = store.get_document(citation.document)
    return next(
        f
        for f in store.facts(document.summary.id)
        if f.type == "figure" and (f.quote.start, f.quote.end) == (citation.start, citation.end)
    )


def test_compare_figure_pairs_count_the_same_thing_in_the_same_topic(sample_store):
    comparison = compare_reports(sample_store, "usdos/KZ/2017", "usdos/KZ/2019", max_themes=0)
    pairs = [pair for topic in comparison.topics for pair in topic.figures]
    assert len(pairs) > 10
    for pair in pairs:
        first, second = _figure_at(sample_store, pair.a), _figure_at(sample_store, pair.b)
        assert first.counts.casefold() == second.counts.casefold() == pair.counts.casefold()
        assert first.unit == second.unit == pair.unit
        inner, outer = sorted((first.section, second.section), key=len, reverse=True)
        assert inner == outer or inner.startswith(outer + "."), (first.section, second.section)
    values = {(p.counts, p.value_a): p.value_b for p in pairs}
    # One enterprise's 68 inspectors are not the country's 17,751.
    assert ("volunteer labor inspectors", 68.0) not in values
    # "more than 5,000 street children" pairs with "1,805 street children", not with
    # "19 children from problematic families" of the same sentence.
    assert values[("children", 5000.0)] == 1805.0
    assert values[("production councils", 12406.0)] == 12855.0


def test_compare_a_report_with_itself_warns(sample_store):
    comparison = compare_reports(
        sample_store, "usdos/KZ/2019", "usdos/KZ/2019", section="s1.torture", max_themes=0
    )
    assert len(comparison.warnings) == 1 and "itself" in comparison.warnings[0]
    assert all(t.presence == "both" and not t.events_only_a for t in comparison.topics)
    assert not [f for t in comparison.topics for f in t.figures if f.changed]


@pytest.fixture(scope="module")
def two_countries(tmp_path_factory):
    """A store of Human Rights Watch chapters on two countries (no facts: fast)."""
    from rightslens import api

    path = tmp_path_factory.mktemp("compare") / "countries.db"
    chapters = [CORPUS / "hrw" / "kazakhstan-2012.md", CORPUS / "hrw" / "kyrgyzstan-2002.html"]
    with api.open_store(str(path)) as store:
        api.ingest(store, chapters, extract=False)
        yield store


@needs_corpus
def test_compare_two_countries_warns_in_cli_and_api(two_countries):
    from fastapi.testclient import TestClient

    from rightslens.server import create_app

    comparison = compare_reports(two_countries, "hrw/KZ/2012", "hrw/KG/2002", max_themes=0)
    assert len(comparison.warnings) == 1 and "different countries" in comparison.warnings[0]
    assert comparison.topics
    db = two_countries.url.removeprefix("sqlite:///")
    args = ["compare", "--db", db, "hrw/KZ/2012", "hrw/KG/2002", "--themes", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "different countries" in result.stderr
    result = runner.invoke(app, [*args, "--json"])
    assert "different countries" in json.loads(result.stdout)["warnings"][0]
    with TestClient(create_app(two_countries, public=True)) as http:
        response = http.get("/api/compare", params={"a": "hrw/KZ/2012", "b": "hrw/KG/2002"})
    assert response.status_code == 200, response.text
    assert "different countries" in response.json()["warnings"][0]
    assert compare_reports(two_countries, "hrw/KZ/2012", "hrw/KZ/2012").warnings


def test_find_compare_remembers_a_comparison_until_a_fact_is_reviewed(sample_store, tmp_path):
    from rightslens.find.compare import remembered_comparison
    from tests.web import copy_store

    with api.open_store(str(copy_store(sample_store.url, tmp_path / "copy.db"))) as store:
        first, second = [d.id for d in api.documents(store) if d.publisher == "usdos"][:2]
        once = remembered_comparison(store, first, second, max_themes=0)
        assert remembered_comparison(store, first, second, max_themes=0) is once
        person = api.facts(store, second, "person")[0]
        store.review_fact(person.id, "rejected", "editor")
        again = remembered_comparison(store, first, second, max_themes=0)
    assert again is not once
