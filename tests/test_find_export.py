"""Export and import: stable columns, filters, a lossless round trip on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rightslens.cli import app
from rightslens.errors import RightslensError
from rightslens.find.export import (
    IMPORT_ORDER,
    TABLES,
    Filters,
    columns,
    export_rows,
    parse_years,
    to_frame,
    write_table,
)
from rightslens.find.load import import_file, peek_table, read_table
from tests.conftest import needs_corpus
from tests.test_store_entities import KAZAKHSTAN, KYRGYZSTAN, report_with_facts

EVENT_COLUMNS = (
    "document,version,publisher,country,year,date,event_type,perpetrators,victims,place,admin1,"
    "place_country,lat,lon,figures,status,modifiers,section,heading,paragraph,quote,start,end,"
    "sentence_start,sentence_end,confidence,method,review_status,reviewed_by,reviewed_at"
)
FACT_COLUMNS = (
    "document,version,publisher,country,year,type,text,start,end,sentence,sentence_start,"
    "sentence_end,section,heading,paragraph,confidence,method,entity,attributes,review_status,"
    "reviewed_by,reviewed_at"
)


def _export_all(store, folder, fmt):
    paths = {}
    for table in TABLES:
        paths[table] = folder / f"{table}.{fmt}"
        write_table(export_rows(store, table), table, fmt, paths[table])
    return paths


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_round_trip_every_table_is_lossless(sample_store, store, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("polars")
    first = _export_all(sample_store, tmp_path, fmt)
    for table in IMPORT_ORDER:
        result = import_file(store, first[table])
        assert result.table == table
    again_folder = tmp_path / "again"
    again_folder.mkdir()
    again = _export_all(store, again_folder, fmt)
    for table in TABLES:
        if table == "documents":  # the store's own ids are the one documented difference
            _, before = read_table(first[table])
            _, after = read_table(again[table])
            assert [{**r, "id": 0} for r in before] == [{**r, "id": 0} for r in after]
            assert len(before) == len(sample_store.list_documents())
        else:
            assert first[table].read_bytes() == again[table].read_bytes(), table
    assert [d.key for d in store.list_documents()] == [d.key for d in sample_store.list_documents()]


def test_export_columns_are_stable_and_documented(sample_store, tmp_path):
    assert ",".join(columns("events")) == EVENT_COLUMNS
    assert ",".join(columns("facts")) == FACT_COLUMNS
    for table in TABLES:
        path = tmp_path / f"{table}.csv"
        write_table(export_rows(sample_store, table), table, "csv", path)
        assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(columns(table))
        assert peek_table(path) == table
        assert all(column.doc for column in TABLES[table])


def test_export_events_rows_cite_and_quote_the_report(sample_store):
    texts = {d.key: sample_store.get_document(d.id).text for d in sample_store.list_documents()}
    rows = list(export_rows(sample_store, "events"))
    assert len(rows) > 50
    for row in rows:
        assert texts[row["document"]][row["start"] : row["end"]] == row["quote"]
        assert row["event_type"] and row["paragraph"] and row["section"]
    placed = [row for row in rows if row["admin1"]]
    assert placed and all(row["place_country"] for row in placed)


def test_export_filters_narrow_by_country_year_publisher_and_type(sample_store):
    def keys(table, **filters):
        return {r["document"] for r in export_rows(sample_store, table, Filters(**filters))}

    assert keys("sections", years=(2017, 2019)) == {"usdos/KZ/2017", "usdos/KZ/2019"}
    assert keys("sections", countries=("Kazakhstan",), publishers=("usdos",)) == {
        f"usdos/KZ/{year}" for year in (2012, 2017, 2019, 2023)
    }
    assert keys("sections", countries=("NG",)) == set()
    people = list(export_rows(sample_store, "facts", Filters(fact_types=("person",))))
    assert people and {r["type"] for r in people} == {"person"}
    with pytest.raises(RightslensError, match="unknown country"):
        export_rows(sample_store, "facts", Filters(countries=("Narnia",)))
    with pytest.raises(RightslensError, match="ends before it starts"):
        parse_years("2023-2017")


def test_import_rejects_a_quote_that_is_not_the_report_text(sample_store, tmp_path):
    from rightslens.store import open_store

    paths = {t: tmp_path / f"{t}.jsonl" for t in ("documents", "facts")}
    for table, path in paths.items():
        write_table(export_rows(sample_store, table), table, "jsonl", path)
    lines = paths["facts"].read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[0])
    row["text"] = row["text"] + " (edited)"
    lines[0] = json.dumps(row)
    paths["facts"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(str(tmp_path / "copy.db")) as copy:
        with pytest.raises(RightslensError, match="needs|import its documents"):
            import_file(copy, paths["facts"])
        import_file(copy, paths["documents"])
        with pytest.raises(RightslensError, match="is not the report's text"):
            import_file(copy, paths["facts"])
        assert copy.facts(row["document"]) == []  # one transaction: nothing half-loaded


def test_import_refuses_documents_exported_without_content(sample_store, tmp_path):
    from rightslens.store import open_store

    path = tmp_path / "documents.csv"
    write_table(
        export_rows(sample_store, "documents", content=False), "documents", "csv", path, False
    )
    assert "text" not in path.read_text(encoding="utf-8").splitlines()[0].split(",")
    with (
        open_store(str(tmp_path / "copy.db")) as copy,
        pytest.raises(RightslensError, match="without content"),
    ):
        import_file(copy, path)


def test_to_frame_gives_typed_polars_and_pandas_frames(sample_store):
    pl = pytest.importorskip("polars")
    rows = list(export_rows(sample_store, "events"))
    frame = to_frame(rows, "polars", "events")
    assert frame.columns == columns("events") and frame.height == len(rows)
    assert frame.schema["victims"] == pl.List(pl.String)
    assert frame.schema["start"] == pl.Int64
    empty = to_frame([], "polars", "entities")
    assert empty.columns == columns("entities") and empty.height == 0
    pandas = pytest.importorskip("pandas")
    facts = to_frame(
        export_rows(sample_store, "facts", Filters(years=(2023, 2023))), "pandas", "facts"
    )
    assert isinstance(facts, pandas.DataFrame) and list(facts.columns) == columns("facts")
    assert json.loads(facts["attributes"].iloc[0]) is not None


def test_cli_export_and_import_copy_a_store(sample_store, tmp_path):
    runner = CliRunner()
    source = sample_store.url.removeprefix("sqlite:///")
    result = runner.invoke(app, ["export", "events", "--db", source, "--years", "2023"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == EVENT_COLUMNS
    files = []
    for table in reversed(IMPORT_ORDER):  # named in any order: import sorts them
        path = tmp_path / f"{table}.csv"
        result = runner.invoke(app, ["export", table, "--db", source, "-o", str(path)])
        assert result.exit_code == 0, result.output
        files.append(str(path))
    copy = str(tmp_path / "copy.db")
    result = runner.invoke(app, ["import", "--db", copy, "--json", *files])
    assert result.exit_code == 0, result.output
    assert [r["table"] for r in json.loads(result.stdout)] == list(IMPORT_ORDER)
    result = runner.invoke(app, ["export", "events", "--db", source, "--years", "20x3"])
    assert result.exit_code == 1 and "not a year" in result.output


def test_export_of_latest_versions_imports_into_an_empty_store(tmp_path):
    """A report stored twice exports as its version 2; an empty store keeps that number,
    so the sections of version 2 find their report."""
    from rightslens import api
    from tests.conftest import SAMPLES

    original = (SAMPLES / "kazakhstan-2017.txt").read_text(encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    with api.open_store(str(tmp_path / "a.db")) as first:
        for number, extra in enumerate(("", "\nThe law was amended in December.\n")):
            path = folder / f"v{number}.txt"
            path.write_text(original + extra, encoding="utf-8")
            api.ingest(first, [path], extract=False)
        assert [d.version for d in api.documents(first)] == [2]
        expected = api.sections(first, "usdos/KZ/2017")
        for table in ("documents", "sections"):
            write_table(export_rows(first, table), table, "jsonl", tmp_path / f"{table}.jsonl")
    with api.open_store(str(tmp_path / "b.db")) as second:
        for table in ("documents", "sections"):
            import_file(second, tmp_path / f"{table}.jsonl")
        [copied] = api.documents(second)
        assert copied.version == 2
        assert api.sections(second, "usdos/KZ/2017") == expected


@needs_corpus
def test_export_round_trip_keeps_two_countries_supreme_courts_apart(store, tmp_path):
    """Facts link to their entity by type, name and country: the Supreme Court of
    Kazakhstan and that of Kyrgyzstan stay two entities, each with its own mentions."""
    from rightslens.store import open_store

    with open_store(str(tmp_path / "two.db")) as source:
        for path in (KAZAKHSTAN, KYRGYZSTAN):
            source.add([report_with_facts(path)])
        source.rebuild_entities()
        first = _export_all(source, tmp_path, "jsonl")
        courts = {e.country: e.mentions for e in source.find_entities("Supreme Court")}
    assert set(courts) == {"KZ", "KG"}
    for table in IMPORT_ORDER:
        import_file(store, first[table], table)  # named: an empty events file has no columns
    again_folder = tmp_path / "again"
    again_folder.mkdir()
    again = _export_all(store, again_folder, "jsonl")
    for table in ("sections", "facts", "events", "entities"):
        assert first[table].read_bytes() == again[table].read_bytes(), table
    assert {e.country: e.mentions for e in store.find_entities("Supreme Court")} == courts
    assert {e.id for e in store.find_entities("Supreme Court")} == {
        row["id"] for row in read_table(first["entities"])[1] if row["name"] == "Supreme Court"
    }
