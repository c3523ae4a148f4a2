"""The REST API over HTTP: a real uvicorn server on 127.0.0.1, queried with httpx."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rightslens.find.export import columns
from rightslens.model import FACT_CLASSES, DocumentSummary, EntitySummary, Section
from rightslens.server import create_app
from rightslens.server.export import ROWS_PER_CHUNK
from rightslens.server.schemas import FACT_MODELS, DocumentOut, EntityOut, SectionOut
from tests.conftest import CORPUS
from tests.web import served_client, serving


@pytest.fixture(scope="module")
def client(sample_store) -> Iterator[httpx.Client]:
    with served_client(create_app(sample_store, public=True)) as http:
        yield http


def _ok(client: httpx.Client, path: str, **params) -> dict | list:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _whole_text(client: httpx.Client, key: str) -> str:
    return _ok(client, f"/api/documents/{key}/text")["text"]


def test_server_api_index_points_to_its_parts_and_docs(client):
    index = _ok(client, "/api")
    assert index["documents"] == "/api/documents" and index["docs"] == "/api/docs"
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    spec = _ok(client, "/api/openapi.json")
    for path in (
        "/api/documents",
        "/api/documents/{publisher}/{country}/{year}/sections",
        "/api/documents/{publisher}/{country}/{year}/text",
        "/api/documents/{publisher}/{country}/{year}/facts",
        "/api/entities",
        "/api/entities/{entity_id}",
    ):
        assert path in spec["paths"], path
    assert {"PersonFact", "EventFact", "DocumentOut", "ErrorOut"} <= spec["components"][
        "schemas"
    ].keys()


def test_server_documents_lists_samples_and_filters_by_year(client):
    rows = _ok(client, "/api/documents")
    keys = {row["key"] for row in rows}
    assert {"usdos/KZ/2012", "usdos/KZ/2017", "usdos/KZ/2019", "usdos/KZ/2023"} <= keys
    for row in rows:
        assert row["url"] == f"/api/documents/{row['key']}"
        assert row["sections"] > 0 and row["words"] > 1000
    some = _ok(client, "/api/documents", years="2017-2019", publisher="usdos", country="kz")
    assert sorted(row["year"] for row in some) == [2017, 2019]
    assert [row["year"] for row in _ok(client, "/api/documents", years="2023")] == [2023]


def test_server_document_by_key_and_by_id_agree(client):
    by_key = _ok(client, "/api/documents/usdos/KZ/2019")
    by_id = _ok(client, f"/api/documents/{by_key['id']}")
    assert by_key == by_id
    assert by_key["topics"] == _ok(client, "/api/documents/usdos/KZ/2019/sections")
    assert by_key["topics"][0]["id"] == "exec"


def test_server_section_text_is_a_slice_of_the_whole_text(client):
    whole = _whole_text(client, "usdos/KZ/2019")
    sections = _ok(client, "/api/documents/usdos/KZ/2019/sections")
    for section in sections:
        assert whole[section["start"] : section["end"]].startswith(section["heading"])
    part = _ok(client, "/api/documents/usdos/KZ/2019/text", section="s1.disappearance")
    assert part["text"].startswith("b. Disappearance")
    assert part["heading"].startswith("b. Disappearance")
    assert whole[part["start"] : part["end"]] == part["text"]


def test_server_facts_quote_the_text_and_cite_their_paragraph(client):
    whole = _whole_text(client, "usdos/KZ/2023")
    page = _ok(client, "/api/documents/usdos/KZ/2023/facts", type="person", limit=50)
    assert page["total"] >= len(page["items"]) > 5
    for fact in page["items"]:
        assert fact["type"] == "person" and fact["name"]
        assert whole[fact["start"] : fact["end"]] == fact["text"]
        sentence = fact["sentence"]
        assert whole[sentence["start"] : sentence["end"]] == sentence["text"]
        cite = fact["cite"]
        assert cite["document"] == "usdos/KZ/2023" and cite["paragraph"] >= 1
        assert fact["section"] is None or cite["section"].startswith(fact["section"])


def test_server_facts_page_and_filter_by_topic(client):
    path = "/api/documents/usdos/KZ/2023/facts"
    everything = _ok(client, path, limit=10_000)
    second = _ok(client, path, limit=5, offset=5)
    assert second["total"] == everything["total"] and second["offset"] == 5
    assert second["items"] == everything["items"][5:10]
    in_topic = _ok(client, path, section="s1", limit=10_000)
    assert 0 < in_topic["total"] < everything["total"]
    assert all(f["section"].split(".")[0] == "s1" for f in in_topic["items"])
    assert {f["type"] for f in everything["items"]} <= FACT_CLASSES.keys()


def test_server_entity_timeline_counts_and_quotes_its_mentions(client):
    people = _ok(client, "/api/entities", type="person", limit=5)
    assert people["total"] >= len(people["items"]) > 0
    assert all(e["type"] == "person" for e in people["items"])
    places = _ok(client, "/api/entities", type="place", limit=10_000)["items"]
    widest = max(places, key=lambda e: e["reports"])
    detail = _ok(client, widest["url"], limit=10_000)
    assert sum(year["mentions"] for year in detail["timeline"]) == detail["mentions"]
    assert [year["year"] for year in detail["timeline"]] == list(detail["years"])
    mentions = detail["mention_page"]["items"]
    assert len(mentions) == detail["mentions"]
    texts: dict[str, str] = {}
    for mention in mentions:
        text = texts.setdefault(mention["document"], _whole_text(client, mention["document"]))
        fact = mention["fact"]
        assert text[fact["start"] : fact["end"]] == fact["text"]
        assert fact["cite"]["year"] == mention["year"]
    named = _ok(client, "/api/entities", name=widest["name"].upper())["items"]
    assert widest["id"] in {e["id"] for e in named}


@pytest.mark.skipif(not (CORPUS / "hrw" / "kazakhstan-2012.md").exists(), reason="no HRW chapter")
def test_server_documents_filter_by_publisher(client):
    rows = _ok(client, "/api/documents", publisher="hrw")
    assert [(r["publisher"], r["country"], r["year"]) for r in rows] == [("hrw", "KZ", 2012)]


def test_server_search_returns_passages_with_citations(client):
    found = _ok(client, "/api/search", q="torture", country="Kazakhstan", years="2017-2023")
    assert found["query"] == "torture" and found["hits"]
    texts: dict[str, str] = {}
    for hit in found["hits"]:
        assert 2017 <= hit["year"] <= 2023 and hit["paragraph"] >= 1
        text = texts.setdefault(hit["document"], _whole_text(client, hit["document"]))
        assert text[hit["start"] : hit["end"]] == hit["text"]
        assert any("tortur" in hit["text"][s:e].lower() for s, e in hit["highlights"])
    broken = client.get("/api/search", params={"q": '"torture'})
    assert broken.status_code == 200, "an unclosed quote is read as its bare words"


def test_server_compare_two_reports_topic_by_topic(client):
    compared = _ok(
        client, "/api/compare", a="usdos/KZ/2019", b="usdos/KZ/2023", section="s1", themes=0
    )
    assert (compared["a"]["year"], compared["b"]["year"]) == (2019, 2023)
    assert compared["topics"] and all(t["id"].startswith("s1") for t in compared["topics"])
    for pair in (p for t in compared["topics"] for p in t["figures"]):
        assert pair["changed"] == (pair["value_a"] != pair["value_b"])


def test_server_trend_counts_events_per_year(client):
    counted = _ok(client, "/api/trend", country="KZ", years="2017-2023")
    assert counted["measure"] == "events" and counted["country"] == "KZ"
    assert {row["year"] for row in counted["rows"]} == {2017, 2019, 2023}
    assert all(set(row["values"]) == set(counted["columns"]) for row in counted["rows"])


def test_server_brief_quotes_passages_year_by_year(client):
    made = _ok(client, "/api/brief", country="KZ", topic="s1.disappearance", years="2019-2023")
    assert [chapter["year"] for chapter in made["chapters"]] == [2019, 2023]
    passage = made["chapters"][0]["passages"][0]
    cite = passage["citation"]
    assert _whole_text(client, cite["document"])[cite["start"] : cite["end"]] == passage["text"]


def test_server_export_streams_csv_and_jsonl_with_one_header(client):
    as_csv = client.get("/api/export/facts", params={"format": "csv"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert list(rows[0]) == columns("facts")
    assert len(rows) > ROWS_PER_CHUNK, "long enough to stream in several pieces"
    as_jsonl = client.get("/api/export/facts", params={"format": "jsonl"})
    records = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert len(records) == len(rows)
    assert [r["text"] for r in records] == [r["text"] for r in rows]
    laws = client.get("/api/export/facts", params={"format": "jsonl", "type": "law"})
    assert {json.loads(line)["type"] for line in laws.text.splitlines()} == {"law"}
    events = client.get("/api/export/events", params={"years": "2019"}).text
    assert {row["year"] for row in csv.DictReader(io.StringIO(events))} == {"2019"}


BAD_REQUESTS = [
    ("/api/documents/usdos/KZ/1999", {}, 404, None),
    ("/api/documents/nobody/KZ/2023/facts", {}, 404, None),
    ("/api/documents/usdos/KZ/abc", {}, 422, "year"),
    ("/api/documents/usdos/KZ/abc/sections", {}, 422, "year"),
    ("/api/documents/999999/text", {}, 404, None),
    ("/api/documents/abc/text", {}, 422, "document_id"),
    ("/api/documents", {"years": "2020-2010"}, 400, "years"),
    ("/api/documents", {"years": "abc"}, 400, "years"),
    ("/api/documents", {"years": "20199"}, 400, "years"),
    ("/api/documents/usdos/KZ/2023/facts", {"limit": "-1"}, 422, "limit"),
    ("/api/documents/usdos/KZ/2023/facts", {"offset": "-3"}, 422, "offset"),
    ("/api/documents/usdos/KZ/2023/facts", {"limit": "many"}, 422, "limit"),
    ("/api/documents/usdos/KZ/2023/facts", {"type": "unicorn"}, 422, "type"),
    ("/api/documents/usdos/KZ/2023/facts", {"section": "s99.nothing"}, 404, "section"),
    ("/api/documents/usdos/KZ/2023/text", {"section": "s99.nothing"}, 404, "section"),
    ("/api/entities", {"type": "animal"}, 422, "type"),
    ("/api/entities/999999999", {}, 404, "entity_id"),
    ("/api/entities/somebody", {}, 422, "entity_id"),
    ("/api/entities/1", {"limit": "0"}, 422, "limit"),
    ("/api/no-such-route", {}, 404, None),
    ("/api/search", {}, 422, "q"),
    ("/api/search", {"q": "AND OR ("}, 400, "q"),
    ("/api/search", {"q": ""}, 400, "q"),
    ("/api/search", {"q": "torture", "years": "2020-2010"}, 400, "years"),
    ("/api/search", {"q": "torture", "years": "abc"}, 400, "years"),
    ("/api/search", {"q": "torture", "limit": "-1"}, 422, "limit"),
    ("/api/search", {"q": "torture", "country": "Atlantis"}, 400, "country"),
    ("/api/search", {"q": "torture", "entity": "Nobody Of That Name"}, 404, None),
    ("/api/compare", {"a": "usdos/KZ/2019"}, 422, "b"),
    ("/api/compare", {"a": "usdos/KZ/1999", "b": "usdos/KZ/2023"}, 404, "a"),
    ("/api/compare", {"a": "usdos/KZ/2019", "b": "usdos/KZ/abc"}, 404, "b"),
    ("/api/compare", {"a": "usdos/KZ/2019", "b": "usdos/KZ/2023", "section": "s99"}, 404, None),
    ("/api/compare", {"a": "usdos/KZ/2019", "b": "usdos/KZ/2023", "themes": "-1"}, 422, "themes"),
    ("/api/trend", {}, 422, "country"),
    ("/api/trend", {"country": "Atlantis"}, 400, "country"),
    ("/api/trend", {"country": "KZ", "years": "2020-2010"}, 400, "years"),
    ("/api/trend", {"country": "KZ", "event_type": "unicorn"}, 400, None),
    ("/api/trend", {"country": "KZ", "section": "s99.nothing"}, 400, None),
    ("/api/brief", {"country": "KZ", "topic": "s1.disappearance", "years": "abc"}, 400, "years"),
    ("/api/brief", {"country": "KZ", "topic": "s9.nothing", "years": "2019"}, 400, None),
    ("/api/export/unicorns", {}, 422, "table"),
    ("/api/export/facts", {"format": "xml"}, 422, "format"),
    ("/api/export/facts", {"country": "Atlantis"}, 400, "country"),
    ("/api/export/events", {"years": "2020-2010"}, 400, "years"),
]


@pytest.mark.parametrize(("path", "params", "status", "parameter"), BAD_REQUESTS)
def test_server_bad_request_is_json_4xx_naming_the_parameter(
    client, path, params, status, parameter
):
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] and body["parameter"] == parameter
    if parameter:
        assert parameter in body["error"]


def test_server_public_store_refuses_uploads_with_json_403(client):
    response = client.post("/api/documents", files={"file": ("report.txt", b"Some text.")})
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]


def test_server_app_opens_its_own_store_from_a_url(sample_store):
    with serving(create_app(sample_store.url, public=True)) as url:
        rows = httpx.get(f"{url}/api/documents", timeout=60).json()
    assert "usdos/KZ/2023" in {row["key"] for row in rows}


def test_server_schemas_mirror_the_model_dataclasses():
    """Every field of the data model reaches the API schema, so none is silently dropped."""
    pairs = [(DocumentSummary, DocumentOut), (EntitySummary, EntityOut), (Section, SectionOut)]
    for dataclass, schema in pairs:
        assert {f.name for f in dataclasses.fields(dataclass)} <= schema.model_fields.keys()
    for name, fact_class in FACT_CLASSES.items():
        fields = {f.name for f in dataclasses.fields(fact_class)} - {"quote"}
        assert fields <= FACT_MODELS[name].model_fields.keys()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_command_prints_its_address_and_stops_on_ctrl_c(sample_store, workers):
    port = _free_port()
    rightslens = str(Path(sys.executable).with_name("rightslens"))
    # --public: a store served with accounts would get its first admin, and this one is shared.
    command = [rightslens, "serve", "--db", sample_store.url, "--port", str(port), "--public"]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert f"http://127.0.0.1:{port}/ (read-only" in server.stdout.readline()
        # Worker processes import the whole library before they listen: slow on a busy machine.
        deadline = time.monotonic() + 30 * workers * 2
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/documents", timeout=60)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(20)
    assert server.returncode == 0, server.stderr.read()


def test_serve_command_fails_in_one_line_when_the_port_is_taken(sample_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # A process of its own: the browser tests' Playwright keeps an event loop running in
        # this one when they share a test worker, and uvicorn cannot start a second.
        rightslens = str(Path(sys.executable).with_name("rightslens"))
        result = subprocess.run(
            [rightslens, "serve", "--db", sample_store.url, "--port", str(port), "--public"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 1
    assert f"error: could not listen on 127.0.0.1:{port}" in result.stderr
