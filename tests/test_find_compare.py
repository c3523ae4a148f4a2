"""Comparing two stored reports: aligned topics, changed figures, persons, events, themes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

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
