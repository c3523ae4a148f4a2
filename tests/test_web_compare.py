"""The compare page: two sample years side by side by topic, every difference cited."""

from __future__ import annotations

import json
import re

import httpx

from rightslens import api
from rightslens.find.compare import QuoteCitation
from rightslens.web.compare import quoted, reader_link
from tests.web import sample_site

OLD, NEW = "usdos/KZ/2019", "usdos/KZ/2023"
TOPIC = "s1.torture"


base_url, client = sample_site("compare-reader")


def test_web_compare_topic_shows_differences_with_reader_citations(client, sample_store):
    page = client.get("/compare", params={"a": OLD, "b": NEW, "section": TOPIC})
    assert page.status_code == 200
    html = page.text
    assert f'id="topic-{TOPIC}"' in html and "Only in A" in html and "Only in B" in html
    expected = api.compare_reports(sample_store, OLD, NEW, TOPIC, max_themes=0)
    a, b = expected.a, expected.b
    cited = 0
    for topic in expected.topics:
        for summary, items in (
            (a, [*topic.persons_only_a, *topic.events_only_a]),
            (b, [*topic.persons_only_b, *topic.events_only_b]),
        ):
            for item in items:
                assert reader_link(summary, item.citation, topic.id) in html
                cited += 1
        for pair in topic.figures:
            if pair.changed:
                assert reader_link(a, pair.a, topic.id) in html
                assert reader_link(b, pair.b, topic.id) in html
    assert cited > 0
    assert re.search(rf'href="/reports/{b.id}\?topic=[\w.-]+#p\d+"', html)
    assert "Themes" in html  # one topic: themes shown


def test_web_compare_defaults_to_the_two_latest_years_as_an_overview(client):
    page = client.get("/compare")
    assert page.status_code == 200
    assert f'<option value="{OLD}" selected>' in page.text
    assert f'<option value="{NEW}" selected>' in page.text
    assert "topics in both" in page.text
    assert re.search(r'href="/compare\?a=[^"]+&amp;section=s1\.[\w.-]+"', page.text)
    assert len(page.content) < 1_000_000


def test_web_compare_unknown_reports_are_a_404_page(client):
    page = client.get("/compare", params={"a": "nobody/XX/1999", "b": "999999"})
    assert page.status_code == 404
    assert "Not found" in page.text and "nobody/XX/1999" in page.text


def test_web_compare_download_is_the_comparison_as_json(client):
    response = client.get("/compare/download", params={"a": OLD, "b": NEW, "section": TOPIC})
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert ".json" in response.headers["content-disposition"]
    record = json.loads(response.text)
    assert record["a"]["year"] == 2019 and record["b"]["year"] == 2023
    assert [t["id"] for t in record["topics"]][0] == TOPIC


def test_web_compare_needs_a_login(base_url):
    with httpx.Client(base_url=base_url, timeout=30) as anonymous:
        response = anonymous.get("/compare", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_web_compare_quote_escapes_report_text():
    sentence = 'He wrote <script>alert(1)</script> and <img src=x onerror="x()"> there.'
    citation = QuoteCitation(
        "usdos/KZ/2023", "usdos", "KZ", 2023, TOPIC, "c.", 3, 10, 35,
        "<script>alert(1)</script>", sentence,
    )  # fmt: skip
    html = str(quoted(citation))
    assert "<script>" not in html and "<img" not in html
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in html
