"""Reviewing facts on the web UI and over the API: corrections, rejections, who and when, and
what follows from them (exports, counts, re-extraction, import)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

import httpx
import pytest
from starlette.datastructures import FormData
from typer.testing import CliRunner

from rightslens import accounts, api
from rightslens.cli import app as cli
from rightslens.find.export import IMPORT_ORDER, TABLES, export_rows, write_table
from rightslens.find.load import import_file
from rightslens.find.trend import trend
from rightslens.model import EventFact, PersonFact, Quote
from rightslens.pipeline import process
from rightslens.server import create_app
from rightslens.store.trends import event_counts
from rightslens.web.review import field_inputs, quote_in_sentence, submitted_changes
from tests.conftest import SAMPLES
from tests.web import client_fixture, csrf_of, ensure_user, post_form, serving

REPORT = "usdos/KZ/2023"


@pytest.fixture(scope="module")
def review_store(tmp_path_factory):
    """A store of its own (reviews write): one sample report, facts extracted."""
    folder = tmp_path_factory.mktemp("review-store")
    with api.open_store(str(folder / "review.db")) as store:
        report = api.ingest(store, [SAMPLES / "kazakhstan-2023.txt"])
        assert not report.failed
        ensure_user(store, "edna", "editor")
        ensure_user(store, "rita", "reader")
        yield store


@pytest.fixture(scope="module")
def base_url(review_store) -> Iterator[str]:
    with serving(create_app(review_store)) as url:
        yield url


editor = client_fixture("edna", follow_redirects=True)
reader = client_fixture("rita", follow_redirects=True)


def _facts(store, fact_type: str) -> list:
    return api.facts(store, REPORT, fact_type)


def _correct_form(fact, **overrides) -> dict:
    """What a browser sends from the correction form: every input as shown, some changed."""
    data: dict = {"action": "correct", "note": overrides.pop("note", "")}
    for field in field_inputs(fact):
        if field.kind == "checkboxes":
            data[field.control] = ["", *field.selected]
        else:
            data[field.control] = field.value
    for name, value in overrides.items():
        data[f"field-{name}"] = value
    return data


def _export(store, table: str) -> list[dict]:
    buffer = io.StringIO()
    write_table(export_rows(store, table), table, "csv", buffer)
    return list(csv.DictReader(io.StringIO(buffer.getvalue())))


def test_web_review_editor_corrects_roles_and_event_type_and_sees_them(review_store, editor):
    person = next(f for f in _facts(review_store, "person") if "journalist" not in f.roles)
    page = editor.get(f"/facts/{person.id}")
    assert page.status_code == 200 and 'name="field-roles"' in page.text
    assert f'href="/reports/{review_store.resolve(REPORT)}?topic=' in page.text
    response = post_form(
        editor,
        f"/facts/{person.id}",
        f"/facts/{person.id}/review",
        _correct_form(person, roles=["", "journalist", "detainee"], note="she writes for Uralsk"),
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"].startswith(f"/facts/{person.id}")
    page = editor.get(f"/facts/{person.id}")
    assert "Corrected by edna" in page.text and "she writes for Uralsk" in page.text
    assert "<strong>roles</strong>: journalist, detainee" in page.text
    _, reviewed, history = review_store.fact(person.id)
    assert reviewed.roles == ["journalist", "detainee"] and reviewed.name == person.name
    assert [(r.status, r.reviewer, r.changes) for r in history] == [
        ("corrected", "edna", {"roles": ["journalist", "detainee"]})
    ]

    # A verdict names its fact by span, which all events of one sentence share (the web UI
    # issue's first point): correct an event that is alone in its sentence.
    events = _facts(review_store, "event")
    event = next(
        f
        for f in events
        if f.event_type != "travel_ban" and [g.quote for g in events].count(f.quote) == 1
    )
    response = post_form(
        editor,
        f"/facts/{event.id}",
        f"/facts/{event.id}/review",
        _correct_form(event, event_type="travel_ban"),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert review_store.fact(event.id)[1].event_type == "travel_ban"

    facts_rows = {(r["type"], r["start"]): r for r in _export(review_store, "facts")}
    row = facts_rows[("person", str(person.quote.start))]
    assert json.loads(row["attributes"])["roles"] == ["journalist", "detainee"]
    assert (row["review_status"], row["reviewed_by"]) == ("corrected", "edna")
    assert row["reviewed_at"][:4].isdigit()
    cli_run = CliRunner().invoke(cli, ["export", "events", "--db", review_store.url])
    assert cli_run.exit_code == 0, cli_run.output
    events = {r["start"]: r for r in csv.DictReader(io.StringIO(cli_run.stdout))}
    assert events[str(event.quote.start)]["event_type"] == "travel_ban"
    assert events[str(event.quote.start)]["reviewed_by"] == "edna"


def test_web_review_confirming_a_correction_keeps_it(review_store, editor):
    figure = _facts(review_store, "figure")[0]
    post_form(
        editor,
        f"/facts/{figure.id}",
        f"/facts/{figure.id}/review",
        _correct_form(figure, value="4242"),
        follow_redirects=False,
    )
    response = post_form(
        editor, f"/facts/{figure.id}", f"/facts/{figure.id}/review", {"action": "confirm"}
    )
    assert response.status_code == 200 and "now confirmed" in response.text
    _, reviewed, history = review_store.fact(figure.id)
    assert reviewed.value == 4242.0 and [r.status for r in history] == ["corrected", "confirmed"]


def test_web_review_a_bad_correction_is_explained_on_the_page(review_store, editor):
    figure = _facts(review_store, "figure")[1]
    response = post_form(
        editor, f"/facts/{figure.id}", f"/facts/{figure.id}/review", _correct_form(figure)
    )
    assert response.status_code == 400 and "at least one changed field" in response.text
    response = post_form(
        editor,
        f"/facts/{figure.id}",
        f"/facts/{figure.id}/review",
        _correct_form(figure, value="many"),
    )
    assert response.status_code == 400 and "is not a number" in response.text
    assert review_store.fact(figure.id)[2] == []


def test_web_review_reader_sees_no_form_and_cannot_post(review_store, reader):
    fact = _facts(review_store, "place")[0]
    page = reader.get(f"/facts/{fact.id}")
    assert page.status_code == 200 and "Save correction" not in page.text
    response = reader.post(
        f"/facts/{fact.id}/review",
        data={"action": "reject", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 403
    assert reader.get("/review").status_code == 403
    assert review_store.fact(fact.id)[2] == []


def test_web_review_reject_hides_the_fact_from_facts_exports_and_trends(review_store, editor):
    event = _facts(review_store, "event")[-1]
    before = trend(review_store, "KZ", event_type=event.event_type).rows[0].values
    response = post_form(
        editor,
        f"/facts/{event.id}",
        f"/facts/{event.id}/review",
        {"action": "reject", "note": "not an incident"},
    )
    assert response.status_code == 200 and "Rejected by edna" in response.text
    assert event.quote.start not in {f.quote.start for f in _facts(review_store, "event")}
    assert str(event.quote.start) not in {r["start"] for r in _export(review_store, "events")}
    facts_rows = {(r["type"], r["start"]) for r in _export(review_store, "facts")}
    assert ("event", str(event.quote.start)) not in facts_rows
    after = trend(review_store, "KZ", event_type=event.event_type).rows[0].values
    assert [n - 1 for n in before.values()] == list(after.values())
    queue = editor.get("/review", params={"type": "event", "status": "rejected"})
    assert f'href="/facts/{event.id}"' in queue.text


def test_web_review_queue_filters_and_orders_by_confidence(review_store, editor):
    page = editor.get("/review", params={"type": "date", "status": "unreviewed"})
    assert page.status_code == 200
    dates = sorted(_facts(review_store, "date"), key=lambda f: (f.confidence, f.quote.start))
    shown = [int(i) for i in re.findall(r'href="/facts/(\d+)"', page.text)]
    assert shown == [f.id for f in dates[:50]]
    second = editor.get("/review", params={"page": 2})
    assert second.status_code == 200 and "page 2 of" in second.text
    assert editor.get("/review", params={"status": "maybe"}).status_code == 400


def test_web_review_api_reads_and_reviews_a_fact_with_tokens(review_store, base_url):
    place = _facts(review_store, "place")[1]
    reader_token = accounts.new_token(review_store, "rita")
    editor_token = accounts.new_token(review_store, "edna")
    with httpx.Client(base_url=base_url, timeout=60) as client:
        got = client.get(
            f"/api/facts/{place.id}", headers={"Authorization": f"Bearer {reader_token}"}
        )
        assert got.status_code == 200 and got.json()["fact"]["name"] == place.name
        assert got.json()["fact"]["cite"]["document"] == REPORT
        body = {"status": "corrected", "changes": {"admin1": "Somewhere"}, "note": "api"}
        refused = client.post(
            f"/api/facts/{place.id}/review",
            json=body,
            headers={"Authorization": f"Bearer {reader_token}"},
        )
        assert refused.status_code == 403
        done = client.post(
            f"/api/facts/{place.id}/review",
            json=body,
            headers={"Authorization": f"Bearer {editor_token}"},
        )
        assert done.status_code == 200, done.text
        assert done.json()["fact"]["admin1"] == "Somewhere"
        assert done.json()["history"][-1]["reviewer"] == "edna"
        wrong = client.post(
            f"/api/facts/{place.id}/review",
            json={"status": "corrected", "changes": {"lat": "north"}},
            headers={"Authorization": f"Bearer {editor_token}"},
        )
        assert wrong.status_code == 400 and "lat" in wrong.json()["error"]


def test_web_review_fact_page_shows_report_text_as_text():
    sentence = 'He wrote <script>alert(1)</script> and <img src=x onerror="alert(2)">.'
    start = sentence.index("<script>")
    fact = PersonFact(
        quote=Quote(start, start + 25, sentence[start : start + 25]),
        sentence=Quote(0, len(sentence), sentence),
        section=None,
        confidence=0.5,
        method="test",
        name="<b>x</b>",
    )
    shown = str(quote_in_sentence(fact))
    assert "<script>" not in shown and "<img" not in shown
    assert '<mark class="fact fact-person">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in shown


def test_web_review_form_values_convert_back_to_field_types():
    event = EventFact(
        quote=Quote(0, 5, "x"),
        sentence=Quote(0, 5, "x"),
        section=None,
        confidence=0.5,
        method="test",
        event_type="killing",
        victims=["A"],
        date="2023",
    )
    form = FormData(
        [("field-event_type", "killing"), ("field-victims", " A, B ,, "), ("field-date", "")]
        + [("field-perpetrators", ""), ("field-place", ""), ("field-figures", "")]
    )
    assert submitted_changes(event, form) == {"victims": ["A", "B"], "date": None}


def test_web_review_corrections_survive_re_extraction(review_store):
    person = _facts(review_store, "person")[2]
    review_store.review_fact(person.id, "corrected", "edna", {"roles": ["lawyer"]}, "")
    rejected = _facts(review_store, "date")[0]
    review_store.review_fact(rejected.id, "rejected", "edna")
    api.extract(review_store, [REPORT])
    people = {f.quote.start: f for f in _facts(review_store, "person")}
    again = people[person.quote.start]
    assert again.roles == ["lawyer"] and again.review.reviewer == "edna"
    assert rejected.quote.start not in {f.quote.start for f in _facts(review_store, "date")}


def test_web_review_export_import_round_trip_keeps_reviews(review_store, tmp_path):
    first = {table: tmp_path / f"{table}.jsonl" for table in TABLES}
    for table, path in first.items():
        write_table(export_rows(review_store, table), table, "jsonl", path)
    reviewed_rows = [
        json.loads(line)
        for line in first["facts"].read_text(encoding="utf-8").splitlines()
        if json.loads(line)["review_status"]
    ]
    assert reviewed_rows
    with api.open_store(str(tmp_path / "copy.db")) as copy:
        for table in IMPORT_ORDER:
            import_file(copy, first[table])
        for table, path in first.items():
            again = tmp_path / f"again-{table}.jsonl"
            write_table(export_rows(copy, table), table, "jsonl", again)
            if table != "documents":
                assert again.read_bytes() == path.read_bytes(), table
        restored = [f for f in api.facts(copy, REPORT) if f.review]
        assert {(f.type, f.quote.start, f.review.reviewer) for f in restored} == {
            (r["type"], r["start"], r["reviewed_by"]) for r in reviewed_rows
        }
        import_file(copy, first["facts"])  # importing the same file again adds no reviews
        same = next(f for f in api.facts(copy, REPORT) if f.quote == restored[0].quote)
        assert len(copy.fact(same.id)[2]) == 1


def test_web_review_counts_and_reimport_follow_reviews_on_each_database(store, tmp_path):
    path = SAMPLES / "kazakhstan-2023.txt"
    [document] = process(str(path), path.read_bytes(), extract=False)
    events = []
    for match in list(re.finditer(r"\btortured?\b", document.text))[:2]:
        quote = Quote(match.start(), match.end(), match.group())
        events.append(EventFact(quote, quote, None, 0.5, "test", event_type="killing"))
    document.facts = events
    store.add([document])
    first, second = api.facts(store, REPORT, "event")
    store.review_fact(first.id, "rejected", "edna", note="a figure, not an incident")
    store.review_fact(second.id, "corrected", "edna", {"event_type": "death_in_custody"})
    document_id = store.resolve(REPORT)
    assert event_counts(store, [document_id]) == {(document_id, "death_in_custody"): 1}
    exported = tmp_path / "events.jsonl"
    write_table(export_rows(store, "events"), "events", "jsonl", exported)
    [row] = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert (row["event_type"], row["review_status"]) == ("death_in_custody", "corrected")
    import_file(store, exported)  # the store's own export: nothing new to restore
    [kept] = api.facts(store, REPORT, "event")
    assert kept.event_type == "death_in_custody"
    assert len(store.fact(kept.id)[2]) == 1
