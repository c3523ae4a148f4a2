"""The command line, end to end on the bundled samples and a real SQLite file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rightslens.cli import app
from tests.conftest import SAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("cli") / "samples.db")
    result = runner.invoke(app, ["ingest", "--db", db, str(SAMPLES)])
    assert result.exit_code == 0, result.output
    return db


def _json(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_documents_lists_each_sample_with_its_metadata(sample_db):
    rows = _json(["documents", "--db", sample_db, "--json"])
    assert sorted((r["publisher"], r["country"], r["year"]) for r in rows) == [
        ("usdos", "KZ", 2012),
        ("usdos", "KZ", 2017),
        ("usdos", "KZ", 2019),
        ("usdos", "KZ", 2023),
    ]
    for row in rows:
        assert {"id", "title", "sections", "words", "warnings"} <= row.keys()
        assert row["sections"] >= 40
        assert row["words"] > 10000


def test_cli_sections_offsets_point_into_text(sample_db):
    rows = _json(["sections", "--db", sample_db, "usdos/KZ/2023", "--json"])
    text = runner.invoke(app, ["text", "--db", sample_db, "usdos/KZ/2023"]).stdout
    assert rows[0]["id"] == "exec"
    for row in rows:
        assert {"id", "heading", "level", "start", "end"} <= row.keys()
        assert text[row["start"] : row["end"]].startswith(row["heading"])


def test_cli_text_of_one_section(sample_db):
    result = runner.invoke(
        app, ["text", "--db", sample_db, "usdos/KZ/2019", "--section", "s1.disappearance"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("b. Disappearance")
    assert "Torture" not in result.stdout.splitlines()[-1]


def test_cli_reingest_same_files_changes_nothing(sample_db):
    before = _json(["documents", "--db", sample_db, "--json"])
    result = runner.invoke(app, ["ingest", "--db", sample_db, str(SAMPLES)])
    assert result.exit_code == 0
    assert "0 reports added" in result.stderr
    assert _json(["documents", "--db", sample_db, "--json", "--all-versions"]) == before


def test_cli_bad_file_is_named_and_skipped_others_stored(tmp_path):
    db = str(tmp_path / "mixed.db")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj <<")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = SAMPLES / "kazakhstan-2017.txt"
    result = runner.invoke(app, ["ingest", "--db", db, str(bad), str(empty), str(good)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert str(bad) in errors[0] and "PDF" in errors[0]
    assert str(empty) in errors[1] and "empty file" in errors[1]
    rows = _json(["documents", "--db", db, "--json"])
    assert [(r["country"], r["year"]) for r in rows] == [("KZ", 2017)]


def test_cli_store_defaults_to_environment_variable(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("RIGHTSLENS_DB", str(db))
    result = runner.invoke(app, ["ingest", str(SAMPLES / "kazakhstan-2017.txt")])
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_cli_unknown_document_is_a_one_line_error(sample_db):
    result = runner.invoke(app, ["sections", "--db", sample_db, "usdos/KZ/1999"])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no stored document" in result.stderr


@pytest.mark.parametrize("command", ["ingest", "documents", "sections", "text"])
def test_cli_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.stdout


def test_cli_facts_json_slices_equal_their_text(sample_store):
    db = sample_store.url
    text = runner.invoke(app, ["text", "--db", db, "usdos/KZ/2023"]).stdout
    records = _json(["facts", "--db", db, "usdos/KZ/2023", "--json"])
    assert {r["type"] for r in records} >= {"person", "place", "date", "figure", "event"}
    for record in records:
        assert {
            "type",
            "text",
            "section",
            "start",
            "end",
            "sentence",
            "confidence",
            "method",
        } <= record.keys()
        assert text[record["start"] : record["end"]] == record["text"]
        sentence = record["sentence"]
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_cli_facts_filter_by_type_and_section(sample_store):
    records = _json(
        [
            "facts",
            "--db",
            sample_store.url,
            "usdos/KZ/2019",
            "--type",
            "event",
            "--section",
            "s1",
            "--json",
        ]
    )
    assert records
    assert all(r["type"] == "event" and r["section"].startswith("s1") for r in records)


def test_cli_facts_unknown_type_is_a_clear_error(sample_store):
    result = runner.invoke(
        app, ["facts", "--db", sample_store.url, "usdos/KZ/2019", "--type", "weather"]
    )
    assert result.exit_code == 1
    assert "unknown fact type 'weather'" in result.stderr


def test_cli_entity_timeline_spans_several_years(sample_store):
    people = _json(["entities", "--db", sample_store.url, "--type", "person", "--json"])
    recurring = [p for p in people if len(p["years"]) >= 2]
    assert recurring
    timeline = _json(["entity", "--db", sample_store.url, recurring[0]["name"], "--json"])
    assert len({m["year"] for m in timeline["mentions"]}) >= 2
    for mention in timeline["mentions"]:
        assert recurring[0]["name"].split()[-1][:4] in mention["fact"]["sentence"]["text"]


def test_cli_evaluate_prints_scores_per_type(sample_store):
    from tests.conftest import GOLD, needs_corpus

    if not GOLD.is_dir():
        pytest.skip(needs_corpus.kwargs["reason"])
    result = _json(
        ["evaluate", "--db", sample_store.url, "--gold", str(GOLD), "--json", "--misses"]
    )
    names = {row["name"] for row in result["scores"]}
    assert {"person", "event", "figure", "date"} <= names
    assert result["exact_span_share"] == 1.0
    # Every miss names its report and side, so a rule's author can find the sentence.
    assert result["misses"]
    assert {miss["side"] for miss in result["misses"]} <= {"missed", "spurious", "differs"}
    assert all(miss["report"] for miss in result["misses"])


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--country", "Narnia", "unknown country 'Narnia'"),
        ("--publisher", "foo", "unknown publisher 'foo'"),
        ("--year", "1800", "year 1800 is not a year"),
    ],
)
def test_cli_ingest_refuses_overrides_that_cannot_be_right(tmp_path, option, value, message):
    db = tmp_path / "o.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), option, value, str(SAMPLES)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert not db.exists()


def test_cli_reading_a_store_that_does_not_exist_does_not_create_it(tmp_path):
    db = tmp_path / "typo.db"
    result = runner.invoke(app, ["documents", "--db", str(db)])
    assert result.exit_code == 1
    assert "no store at" in result.stderr
    assert not db.exists()


def test_cli_ingest_of_a_folder_without_reports_says_so(tmp_path):
    (tmp_path / "notes.odt").write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "e.db"), str(tmp_path)])
    assert result.exit_code == 1
    assert "no report files in" in result.stderr


def test_cli_every_command_help_teaches_with_an_example():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"`rightslens {name} --help` has no example"
        assert command.help, name


def test_cli_output_to_a_missing_folder_is_one_line_naming_the_file(tmp_path):
    target = tmp_path / "missing-folder" / "events.csv"
    for command in (
        ["export", "events", "--db", str(tmp_path / "x.db"), "-o", str(target)],
        ["brief", "--country", "KZ", "--topic", "s1", "--years", "2019", "--db",
         str(tmp_path / "x.db"), "-o", str(target.with_suffix(".md"))],
    ):  # fmt: skip
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "the folder" in result.output and "does not exist" in result.output


def test_cli_ingest_with_workers_but_no_dask_gives_the_install_hint(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "dask":
            raise ImportError("No module named 'dask'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    report = tmp_path / "r.txt"
    report.write_text("Country Reports on Human Rights Practices\n\nPolice detained him.\n")
    result = CliRunner().invoke(
        app,
        ["ingest", "--db", str(tmp_path / "x.db"), "--workers", "2", "--no-extract", str(report)],
    )
    assert result.exit_code == 1 and "rightslens[batch]" in result.output
