"""Full-text search over stored paragraphs: relevance, citations, filters, safety."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rightslens import api
from rightslens.cli import app
from rightslens.errors import NotFoundError, RightslensError
from rightslens.find.query import parse, to_fts5, to_tsquery
from rightslens.find.search import make_filters, parse_years, search
from rightslens.store.search import SearchFilters, ensure_index, full_text, is_sqlite
from tests.conftest import SAMPLES, needs_corpus

runner = CliRunner()


@pytest.mark.parametrize(
    ("query", "document", "section", "words"),
    [
        # The 2023 report tells of a man who died in police custody in Shymkent.
        ("death in custody", "usdos/KZ/2023", "s1.killings", ("died", "custody")),
        ("blocked websites", "usdos/KZ/2017", "s2.expression.internet", ("blocked", "websites")),
        ("LGBTQI", "usdos/KZ/2023", "s6.lgbtqi", ("LGBTQI",)),
    ],
)
def test_search_finds_known_passages_in_top_results(sample_store, query, document, section, words):
    hits = search(sample_store, query, limit=3)
    assert any(
        h.document == document and h.section == section and all(w in h.text for w in words)
        for h in hits
    ), [(h.document, h.section) for h in hits]


@needs_corpus
def test_search_finds_zhanaozen_in_the_hrw_chapter(sample_store):
    hits = search(sample_store, "Zhanaozen", limit=5)
    assert hits and all("Zhanaozen" in h.text for h in hits)
    assert "hrw/KZ/2012" in {h.document for h in hits}
    assert "hrw/KZ/2012" in {h.document for h in search(sample_store, "zhanaozen", limit=5)}


def test_search_citation_points_into_the_clean_text(sample_store):
    for hit in search(sample_store, "torture", limit=5):
        document = sample_store.get_document(hit.document)
        assert document.text[hit.start : hit.end] == hit.text
        assert document.paragraphs[hit.paragraph - 1].start == hit.start
        assert hit.heading in {s.heading for s in document.sections if s.id == hit.section}
        assert (hit.publisher, hit.country, hit.year) == ("usdos", "KZ", hit.year) or (
            hit.publisher == "hrw"
        )


def test_search_highlights_matched_word_forms(sample_store):
    hit = search(sample_store, "blocked websites", limit=1)[0]
    marked = {hit.text[a:b].lower() for a, b in hit.highlights}
    assert {"blocked", "websites"} <= marked | {"website", "blocking"}
    assert all(hit.text[a:b].lower().startswith(("block", "websit")) for a, b in hit.highlights)


def test_search_phrase_prefix_and_not(sample_store):
    phrase = search(sample_store, '"police custody"', limit=10)
    assert phrase and all("police custody" in h.text.lower() for h in phrase)
    prefix = search(sample_store, "Shymk*", limit=10)
    assert prefix and all("shymk" in h.text.lower() for h in prefix)
    excluded = search(sample_store, "custody -police", limit=20)
    assert excluded and all("police" not in h.text.lower() for h in excluded)


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "((((",
        "police)",
        "AND",
        "OR OR",
        "NOT",
        "-",
        "*",
        "custody NEAR(x y)",
        "body:torture",
        "'; DROP TABLE documents; --",
        '" OR 1=1 --',
        "\x00\u202e",
        "^police + ~torture",
    ],
)
def test_search_malformed_query_never_crashes(sample_store, query):
    hits = search(sample_store, query, limit=3)
    assert isinstance(hits, list)
    assert api.documents(sample_store)  # nothing was dropped


def test_search_filters_by_country_year_publisher_and_section(sample_store):
    filters = make_filters(sample_store, country="Kazakhstan", years="2017-2019", publisher="USDOS")
    hits = search(sample_store, "torture", filters, limit=20)
    assert (
        hits and {h.year for h in hits} <= {2017, 2019} and {h.publisher for h in hits} == {"usdos"}
    )
    in_section = search(sample_store, "police", make_filters(sample_store, section="s2"), limit=20)
    assert in_section and all(h.section.startswith("s2") for h in in_section)
    assert not search(sample_store, "torture", make_filters(sample_store, country="FR"))


def test_search_filters_by_entity_and_event_type(sample_store):
    by_event = search(
        sample_store, "police", make_filters(sample_store, event_type="death_in_custody"), limit=20
    )
    assert by_event
    for hit in by_event:
        events = api.facts(sample_store, hit.document, "event")
        assert any(
            e.event_type == "death_in_custody" and hit.start <= e.quote.start < hit.end
            for e in events
        )
    entity = api.entities(sample_store, "place")[0]
    by_entity = search(sample_store, entity.name, make_filters(sample_store, entity=entity.name))
    assert by_entity
    with pytest.raises(NotFoundError):
        make_filters(sample_store, entity="Nobody Anywhere Xyzzy")


def test_search_years_are_checked():
    assert parse_years("2019") == (2019, 2019)
    assert parse_years("2017-2023") == (2017, 2023)
    for bad in ["2023-2017", "last year", "19"]:
        with pytest.raises(RightslensError):
            parse_years(bad)


def test_search_on_sqlite_and_postgresql_only_latest_versions(store, tmp_path):
    sample = SAMPLES / "kazakhstan-2023.txt"
    api.ingest(store, [sample], extract=False)
    assert search(store, '"LGBTQI+ rights"', limit=3)
    assert search(store, "LGBTQI -rights", limit=3)
    assert not search(store, "Qwertyzanzibar")
    newer = tmp_path / "kazakhstan-2023.txt"
    newer.write_text(sample.read_text() + "\n\nQwertyzanzibar was reported once.\n")
    api.ingest(store, [newer], extract=False)
    hits = search(store, "Qwertyzanzibar")
    assert [h.version for h in hits] == [2]
    assert len(search(store, "LGBTQI", limit=200)) == len(
        search(store, "LGBTQI", limit=200, filters=make_filters(store, years="2023"))
    )
    older = search(store, "LGBTQI", limit=200, filters=make_filters(store, all_versions=True))
    assert {h.version for h in older} == {1, 2}
    assert ensure_index(store) == 0  # nothing new: indexing is a no-op


def test_search_cli_json_and_errors(sample_store):
    db = str(sample_store.url).removeprefix("sqlite:///")
    result = runner.invoke(app, ["search", "LGBTQI", "--db", db, "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert len(records) == 2 and records[0]["highlights"]
    shown = runner.invoke(app, ["search", "LGBTQI", "--db", db, "--country", "KZ", "--limit", "1"])
    assert shown.exit_code == 0 and "paragraph" in shown.output
    for bad in (
        ["--years", "2023-2017"],
        ["--country", "Atlantis"],
        ["--year", "2019", "--years", "2017-2019"],
    ):
        failed = runner.invoke(app, ["search", "x", "--db", db, *bad])
        assert failed.exit_code == 1 and "error:" in failed.output


def test_search_ranks_exactly_within_the_window_and_newest_first_beyond(store):
    api.ingest(store, [SAMPLES / "kazakhstan-2017.txt", SAMPLES / "kazakhstan-2023.txt"])
    ensure_index(store)
    render = to_fts5 if is_sqlite(store) else to_tsquery
    query = render(parse("police"))
    newest = max(d.id for d in api.documents(store))
    everything = full_text(store, query, SearchFilters(), limit=10_000, window=10_000)
    assert {d for d, _, _ in everything} == {d.id for d in api.documents(store)}
    # Fewer matches than the window: the ranking is exact.
    assert (
        full_text(store, query, SearchFilters(), limit=5, window=len(everything))
        == (everything[:5])
    )
    # More matches than the window: only the matches in the newest document are ranked.
    window = sum(d == newest for d, _, _ in everything)
    narrow = full_text(store, query, SearchFilters(), limit=window + 5, window=window)
    assert len(narrow) == window and {d for d, _, _ in narrow} == {newest}
    # Filters apply before the window: an older report in scope is still searched.
    older = full_text(store, query, SearchFilters(years=(2017, 2017)), limit=5, window=window)
    assert older and newest not in {d for d, _, _ in older}
    in_section = full_text(store, query, SearchFilters(section="s1"), limit=50, window=3)
    assert len(in_section) == 3
