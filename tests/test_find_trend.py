"""Trends per year for one country, their SQL on both databases, and the charts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rightslens import api
from rightslens.cli import app
from rightslens.errors import RightslensError
from rightslens.find.plot import plot_trend
from rightslens.find.trend import trend
from rightslens.ingest.countries import country_code
from rightslens.store.trends import event_counts, mention_counts, paragraph_counts
from tests.conftest import SAMPLES

runner = CliRunner()


def test_trend_country_codes_come_from_pycountry():
    assert country_code("Kazakhstan") == "KZ"
    assert country_code("kz") == "KZ"
    with pytest.raises(RightslensError, match="unknown country"):
        country_code("Atlantis")


def test_trend_events_of_one_type_per_year_and_publisher(sample_store):
    found = trend(sample_store, "Kazakhstan", event_type="conviction_or_sentence")
    years = [row.year for row in found.rows]
    assert years == sorted(set(years)) and {2012, 2017, 2019, 2023} <= set(years)
    assert "usdos" in found.columns
    facts = api.facts(sample_store, "usdos/KZ/2017", "event")
    expected = sum(f.event_type == "conviction_or_sentence" for f in facts)
    assert next(r for r in found.rows if r.year == 2017).values["usdos"] == expected
    if "hrw" in found.columns:  # no HRW report on 2017: empty, not zero
        assert next(r for r in found.rows if r.year == 2017).values["hrw"] is None


def test_trend_all_event_types_is_a_row_per_report(sample_store):
    found = trend(sample_store, "KZ", publisher="usdos")
    assert [row.publisher for row in found.rows] == ["usdos"] * len(found.rows)
    facts = api.facts(sample_store, "usdos/KZ/2023", "event")
    row = next(r for r in found.rows if r.year == 2023)
    assert sum(row.values.values()) == len(facts)


def test_trend_paragraphs_on_a_topic_count_its_subtopics(sample_store):
    found = trend(sample_store, "KZ", section="s1.torture", publisher="usdos")
    document = sample_store.get_document("usdos/KZ/2019")
    expected = sum(
        p.section is not None and (p.section + ".").startswith("s1.torture.")
        for p in document.paragraphs
    )
    assert found.measure == "paragraphs"
    assert next(r for r in found.rows if r.year == 2019).values["usdos"] == expected > 0


def test_trend_mentions_of_an_entity(sample_store):
    person = api.entities(sample_store, "person")[0]
    found = trend(sample_store, "KZ", entity=person.name)
    assert found.measure == "mentions" and found.filters["entity"] == person.name
    total = sum(v or 0 for row in found.rows for v in row.values.values())
    assert total == person.mentions


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"first_year": 2020, "last_year": 2010}, "bad year range"),
        ({"section": "s1.tortur"}, "did you mean s1.torture"),
        ({"event_type": "picnic"}, "unknown event type"),
        ({"publisher": "nobody"}, "no stored report by"),
        ({"first_year": 1950, "last_year": 1960}, "in those years"),
    ],
)
def test_trend_bad_requests_are_clear_errors(sample_store, options, message):
    with pytest.raises(RightslensError, match=message):
        trend(sample_store, "KZ", **options)


def test_trend_counts_on_sqlite_and_postgresql(store, sample_store):
    """The grouped queries give the same counts on both databases."""
    report = api.ingest(store, [SAMPLES / "kazakhstan-2023.txt"], extract=False)
    assert not report.failed
    store.set_facts("usdos/KZ/2023", sample_store.facts("usdos/KZ/2023"))
    store.rebuild_entities()
    mine, theirs = store.resolve("usdos/KZ/2023"), sample_store.resolve("usdos/KZ/2023")
    assert event_counts(store, [mine]) == {
        (mine, kind): n for (_doc, kind), n in event_counts(sample_store, [theirs]).items()
    }
    assert (
        paragraph_counts(store, [mine], "s2")[mine]
        == (paragraph_counts(sample_store, [theirs], "s2")[theirs])
    )
    person = store.entities("person")[0]
    assert mention_counts(store, [mine], person.id) == {mine: person.mentions}
    killings = trend(store, "KZ", event_type="arrest_or_detention", section="s1")
    assert killings.rows[0].values["usdos"] == event_counts(
        sample_store, [theirs], "arrest_or_detention", "s1"
    ).get((theirs, "arrest_or_detention"), 0)


def test_trend_plots_png_svg_and_self_contained_html(sample_store, tmp_path):
    found = trend(sample_store, "KZ")
    png = plot_trend(found, tmp_path / "events.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = plot_trend(found, tmp_path / "events.svg").read_text()
    assert "<svg" in svg
    page = plot_trend(found, tmp_path / "events.html").read_text()
    assert "<svg" in page and "<table>" in page and found.title in page
    # Nothing is fetched when the page opens: no script, stylesheet link or remote source.
    assert "<script" not in page and "<link" not in page and 'src="http' not in page
    with pytest.raises(RightslensError, match="use a file ending in"):
        plot_trend(found, tmp_path / "events.pdf")


def test_trend_cli_table_json_and_plot(sample_store, tmp_path):
    db = sample_store.url.removeprefix("sqlite:///")
    result = runner.invoke(app, ["trend", "--db", db, "KZ", "--section", "s1.torture"])
    assert result.exit_code == 0, result.output
    assert "Paragraphs on s1.torture per year, Kazakhstan" in result.stdout
    chart = tmp_path / "chart.png"
    result = runner.invoke(
        app, ["trend", "--db", db, "KZ", "--event-type", "fine", "--json", "--plot", str(chart)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["measure"] == "events" and chart.exists()
    bad = runner.invoke(app, ["trend", "--db", db, "KZ", "--from", "2020", "--to", "2010"])
    assert bad.exit_code == 1 and "bad year range" in bad.stderr
