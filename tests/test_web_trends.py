"""The trends page: a Chart.js chart over a JSON block, the same numbers as a table."""

from __future__ import annotations

import csv
import io
import json
import re

from rightslens import api
from tests.web import sample_site

DATA_BLOCK = re.compile(r'<script type="application/json" id="trend-data">(.*?)</script>', re.S)


base_url, client = sample_site("trends-reader")


def _data(html: str) -> dict:
    found = DATA_BLOCK.search(html)
    assert found, "the page has no trend data block"
    return json.loads(found.group(1))


def test_web_trends_kz_has_chart_data_block_and_table(client, sample_store):
    page = client.get("/trends", params={"country": "KZ", "event_type": "killing"})
    assert page.status_code == 200
    html = page.text
    assert '<canvas id="trend-chart"' in html
    assert '<script src="/static/vendor/chart.umd.min.js"' in html
    assert '<table id="trend-table">' in html
    expected = api.trend(sample_store, "KZ", "killing")
    data = _data(html)
    assert data["labels"] == [row.year for row in expected.rows]
    lines = {line["label"]: line["data"] for line in data["datasets"]}
    for publisher in expected.columns:
        assert lines[publisher] == [row.values[publisher] for row in expected.rows]
    for row in expected.rows:  # the same counts in the table, a row per year
        cells = "".join(f"<td>{'' if v is None else v}</td>" for v in row.values.values())
        assert f'<th scope="row">{row.year}</th>{cells}' in html


def test_web_trends_default_country_is_the_one_with_most_reports(client):
    page = client.get("/trends")
    assert page.status_code == 200
    assert '<option value="KZ" selected>' in page.text
    assert _data(page.text)["datasets"]
    assert client.get("/static/trends.js").status_code == 200
    assert client.get("/static/vendor/chart.umd.min.js").status_code == 200


def test_web_trends_data_block_escapes_a_script_end_in_parameters(client):
    payload = "</script><script>alert(1)</script>"
    page = client.get("/trends", params={"country": "KZ", "entity": payload})
    assert page.status_code == 404  # no such entity: the form stays, with the error
    assert "<script>alert(1)" not in page.text
    assert "\\u003c/script\\u003e" in page.text
    assert _data(page.text)["filters"]["entity"] == payload
    assert 'value="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text


def test_web_trends_download_is_the_table_as_csv(client, sample_store):
    response = client.get("/trends/download", params={"country": "KZ", "event_type": "killing"})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="rightslens-trend-KZ-killing.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.text)))
    expected = api.trend(sample_store, "KZ", "killing")
    assert rows[0] == ["year", *expected.columns]
    assert rows[1:] == [
        [str(row.year), *("" if v is None else str(v) for v in row.values.values())]
        for row in expected.rows
    ]


def test_web_trends_unknown_country_keeps_the_form(client):
    page = client.get("/trends", params={"country": "Atlantis"})
    assert page.status_code == 400
    assert 'role="alert"' in page.text and 'action="/trends"' in page.text
