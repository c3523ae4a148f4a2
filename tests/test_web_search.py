"""The search page over a real server: filters, citations, highlights, paging, downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pytest
from markupsafe import escape

from rightslens import api
from rightslens.server.app import create_app
from rightslens.web.search import marked
from tests.conftest import SAMPLES
from tests.web import sample_site, served_client, serving

PAYLOAD = (
    'Police denied the torture: <script>alert("torture")</script> '
    '<img src=x onerror="alert(1)"> <a href="javascript:alert(1)">torture claims</a>.'
)
CITATION = re.compile(
    r'<a href="/reports/(\d+)\?topic=([\w.-]+)#p(\d+)">\s*USDOS · Kazakhstan · (\d+)'
)


base_url, client = sample_site("search-reader")


def _key_ids(store) -> dict[str, int]:
    return {d.key: d.id for d in api.documents(store)}


def test_web_search_filters_give_cited_highlighted_passages(client, sample_store):
    page = client.get("/search", params={"q": "torture", "years": "2017", "limit": 50})
    assert page.status_code == 200
    citations = CITATION.findall(page.text)
    expected = api.search(sample_store, "torture", api.make_filters(sample_store, years="2017"), 50)
    assert len(citations) == len(expected) > 0
    document_id = _key_ids(sample_store)["usdos/KZ/2017"]
    for (cited_id, topic, paragraph, year), hit in zip(citations, expected, strict=True):
        assert (int(cited_id), int(year)) == (document_id, 2017)
        assert (topic, int(paragraph)) == (hit.section, hit.paragraph)
    assert re.search(r"<mark>torture</mark>", page.text, re.IGNORECASE)
    assert f"{len(expected)}\n        passages" in page.text
    assert "Torture and Other Cruel" in page.text  # the section heading of the citation


def test_web_search_topic_and_event_filters_narrow_the_passages(client, sample_store):
    everything = client.get("/search", params={"q": "torture", "limit": 100}).text
    topic = client.get("/search", params={"q": "torture", "section": "s1.torture", "limit": 100})
    assert topic.status_code == 200
    topics = {found[1] for found in CITATION.findall(topic.text)}
    assert topics and all(t.startswith("s1.torture") for t in topics)
    assert len(CITATION.findall(topic.text)) < len(CITATION.findall(everything))
    event = client.get("/search", params={"q": "torture", "event_type": "torture_or_ill_treatment"})
    assert event.status_code == 200 and CITATION.findall(event.text)


@pytest.mark.parametrize("query", ['"unclosed', "AND OR (", "(((", "NOT", "-", '" "', "*"])
def test_web_search_malformed_query_answers_with_a_message(client, query):
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200
    assert 'role="alert"' in page.text or "Searched for:" in page.text
    assert str(escape(query)) in page.text  # what was typed stays in the form


def test_web_search_malformed_query_shows_the_words_searched(client):
    page = client.get("/search", params={"q": '"arbitrary arrest'})
    assert page.status_code == 200
    assert "Searched for: <code>(arbitrary arrest)</code>" in page.text or (
        "Searched for: <code>arbitrary arrest</code>" in page.text
    )
    assert "<mark>" in page.text


def test_web_search_bad_filter_is_a_message_not_a_crash(client):
    for params in ({"years": "20x"}, {"country": "Narnia"}, {"entity": "Nobody Of That Name"}):
        page = client.get("/search", params={"q": "torture", **params})
        assert page.status_code == 400
        assert 'role="alert"' in page.text and 'name="q"' in page.text


def test_web_search_pages_through_results(client, sample_store):
    total = api.search_count(sample_store, "police")
    assert total > 20
    second = client.get("/search", params={"q": "police", "limit": 10, "page": 2})
    assert second.status_code == 200
    assert "showing 11–20" in second.text
    assert 'href="/search?q=police&amp;limit=10&amp;page=1" rel="prev"' in second.text
    assert 'href="/search?q=police&amp;limit=10&amp;page=3" rel="next"' in second.text
    first = CITATION.findall(client.get("/search", params={"q": "police", "limit": 10}).text)
    assert not set(first) & set(CITATION.findall(second.text))


def test_web_search_export_has_the_rows_of_the_search(client, sample_store):
    params = {"q": "torture", "years": "2012-2017"}
    expected = api.search(
        sample_store, "torture", api.make_filters(sample_store, years="2012-2017"), 1000
    )
    download = client.get("/search/export", params={**params, "format": "csv"})
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [(r["document"], int(r["paragraph"])) for r in rows] == [
        (h.document, h.paragraph) for h in expected
    ]
    assert {int(r["year"]) for r in rows} <= {2012, 2017}
    assert json.loads(rows[0]["highlights"]) == [list(s) for s in expected[0].highlights]
    lines = client.get("/search/export", params={**params, "format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["text"] for line in lines] == [h.text for h in expected]


def test_web_search_page_links_to_the_download(client):
    page = client.get("/search", params={"q": "torture", "years": "2017"})
    assert 'href="/search/export?q=torture&amp;years=2017&amp;format=csv"' in page.text


def test_web_search_needs_a_login(base_url):
    with httpx.Client(base_url=base_url) as anonymous:
        page = anonymous.get("/search", params={"q": "torture"}, follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login?next=/search")
        download = anonymous.get("/search/export", params={"q": "torture"})
        assert download.status_code in (303, 200) and "<mark>" not in download.text
        assert not download.text.startswith("document,")


def test_web_search_public_store_needs_no_login(sample_store):
    with served_client(create_app(sample_store, public=True)) as c:
        page = c.get("/search", params={"q": "torture"})
        assert page.status_code == 200 and CITATION.findall(page.text)


def test_web_search_marked_escapes_text_and_wraps_spans():
    text = 'a <b onclick="x()">torture</b> & more'
    start = text.index("torture")
    html = str(marked(text, [(start, start + 7)]))
    assert html == "a &lt;b onclick=&#34;x()&#34;&gt;<mark>torture</mark>&lt;/b&gt; &amp; more"
    # Overlapping spans are clipped: no word is wrapped twice.
    assert str(marked("abc", [(0, 2), (1, 2)], "fact fact-person")) == (
        '<mark class="fact fact-person">ab</mark>c'
    )


@pytest.fixture(scope="module")
def payload_url(tmp_path_factory):
    """A store of one real report's opening with a script payload paragraph added."""
    folder = tmp_path_factory.mktemp("payload")
    lines = (SAMPLES / "kazakhstan-2017.txt").read_text(encoding="utf-8").splitlines()
    (folder / "kazakhstan-2017.txt").write_text(
        "\n".join(lines[:40]) + f"\n\n{PAYLOAD}\n", encoding="utf-8"
    )
    with api.open_store(str(folder / "payload.db")) as store:
        report = api.ingest(store, [folder / "kazakhstan-2017.txt"], extract=False)
        assert not report.failed
        with serving(create_app(store, public=True)) as base:
            yield base


def test_web_search_highlights_escape_report_text(payload_url):
    with httpx.Client(base_url=payload_url) as client:
        page = client.get("/search", params={"q": "denied torture"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "<img src=x" not in page.text and 'href="javascript:' not in page.text
    assert "&lt;script&gt;alert(&#34;<mark>torture</mark>&#34;)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page.text


def test_web_search_offers_meaning_only_when_the_extra_is_there(client, monkeypatch):
    from rightslens.find import semantic

    monkeypatch.setattr(semantic, "available", lambda: False)
    page = client.get("/search", params={"q": "torture", "semantic": "1"})
    assert page.status_code == 200
    assert 'name="semantic"' not in page.text
    assert CITATION.findall(page.text)  # read as a plain full-text search
    monkeypatch.setattr(semantic, "available", lambda: True)
    assert 'name="semantic"' in client.get("/search").text
