"""The reader page against a real server: the sample store (read only) and, for untrusted
markup in a report, a store of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from rightslens import api
from rightslens.server import create_app
from tests.conftest import SAMPLES
from tests.web import sample_site, serving

PAYLOAD_REPORT = """\
Amnesty International Report 2021

KAZAKHSTAN

Freedom of expression

On 5 March 2021 the journalist Aigul Utepova was detained in Almaty after posting \
<script>alert(1)</script> on her blog. Police said the post contained \
<img src=x onerror=alert(1)> and a link written as <a href="javascript:alert(1)">click here</a>, \
and 12 activists were questioned.

The authorities blocked the site of the Human Rights Bureau in Nur-Sultan in June 2021.
"""
PERSON_LINK = re.compile(
    r'<a class="fact-link" href="/entities/(\d+)" data-fact="(\d+)"[^>]*>'
    r'<mark class="fact fact-person">([^<]+)</mark></a>'
)


base_url, client = sample_site("reader")


@pytest.fixture(scope="module")
def ids(sample_store) -> dict[str, int]:
    return {summary.key: summary.id for summary in api.documents(sample_store)}


def _page(client: httpx.Client, path: str, **params) -> str:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text[:2000]
    assert len(response.content) < 1_000_000
    return response.text


def _text_part(html: str) -> str:
    return html[html.index('<div class="text">') : html.index("</article>")]


class _Nesting(HTMLParser):
    """Fails on a closing tag that does not close the innermost open one, or a link in a link."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            assert not (tag == "a" and "a" in self.open), "a link inside a link"
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def test_web_reader_shows_metadata_topic_tree_and_one_topic(client, ids, sample_store):
    html = _page(client, f"/reports/{ids['usdos/KZ/2023']}")
    first = api.sections(sample_store, "usdos/KZ/2023")[0]
    assert "Kazakhstan" in html and "usdos" in html and "kazakhstan-2023.txt" in html
    assert f'href="/reports/{ids["usdos/KZ/2023"]}/original"' in html
    assert re.search(rf'\?topic={first.id}"[^>]*aria-current="page"', html)
    assert html.count('aria-current="page"') == 1
    assert "?topic=s2.expression" in html and "?topic=s7.conditions" in html
    # One topic at a time: the executive summary's text, not Section 7's.
    assert "Acceptable Conditions of Work</h3>" not in html


def test_web_reader_marks_persons_with_links_to_their_entities(client, ids, sample_store):
    html = _page(client, f"/reports/{ids['usdos/KZ/2023']}", topic="s2.expression")
    marks = PERSON_LINK.findall(_text_part(html))
    assert len(marks) >= 3
    people = {entity.id: entity for entity in api.entities(sample_store, "person")}
    for entity_id, fact_id, words in marks:
        entity = people[int(entity_id)]
        assert any(words in name for name in (entity.name, *entity.variants))  # or a surname
        document_id, fact, _history = sample_store.fact(int(fact_id))
        assert document_id == ids["usdos/KZ/2023"] and fact.quote.text == words
    for kind in ("organization", "place", "date", "figure", "event"):
        assert f'class="fact fact-{kind}"' in _text_part(html), kind
    assert re.search(r'<a class="fact-link" href="/facts/\d+" data-fact="\d+"', html)
    assert re.search(r'<a class="event-marker" href="/facts/\d+"', html)
    _Nesting().feed(html[html.index("<main") : html.index("</main>") + 7])


def test_web_reader_paragraph_numbers_are_the_citations_of_the_api(client, ids):
    key = "usdos/KZ/2019"
    html = _text_part(_page(client, f"/reports/{ids[key]}", topic="s1.torture"))
    facts = client.get(
        f"/api/documents/{key}/facts", params={"section": "s1.torture", "type": "person"}
    )
    assert facts.status_code == 200
    for fact in facts.json()["items"][:10]:
        number = fact["cite"]["paragraph"]
        paragraph = html[html.index(f'<p id="p{number}"') :]
        paragraph = paragraph[: paragraph.index("</p>")]
        assert f"¶&nbsp;{number}</a>" in paragraph
        assert fact["text"] in paragraph


def test_web_reader_hides_fact_types_by_get_parameters(client, ids):
    html = _page(
        client, f"/reports/{ids['usdos/KZ/2023']}", topic="s2.expression", filtered=1, show="place"
    )
    text = _text_part(html)
    assert 'class="fact fact-place"' in text
    assert "fact-person" not in text and "fact-event" not in text
    assert 'value="place" checked' in html and 'value="person" checked' not in html
    # The state travels with the topic links.
    assert "topic=s2.expression.internet&amp;show=place&amp;filtered=1" in html


def test_web_reader_links_the_same_topic_in_the_previous_and_next_year(client, ids):
    html = _page(client, f"/reports/{ids['usdos/KZ/2017']}", topic="s2.expression")
    assert f'href="/reports/{ids["usdos/KZ/2012"]}?topic=s2.expression" rel="prev"' in html
    assert f'href="/reports/{ids["usdos/KZ/2019"]}?topic=s2.expression" rel="next"' in html
    latest = _page(client, f"/reports/{ids['usdos/KZ/2023']}", topic="s2.expression")
    assert 'rel="next"' not in latest and 'rel="prev"' in latest


def test_web_reader_links_the_other_publishers_report_of_the_year(client, ids, sample_store):
    if "hrw/KZ/2012" not in ids:
        pytest.skip("the Human Rights Watch chapter needs ../shared")
    html = _page(client, f"/reports/{ids['usdos/KZ/2012']}")
    assert f'href="/reports/{ids["hrw/KZ/2012"]}' in html and "hrw 2012" in html


def test_web_reader_downloads_the_original_bytes(client, ids):
    response = client.get(f"/reports/{ids['usdos/KZ/2017']}/original")
    assert response.status_code == 200
    assert response.content == (SAMPLES / "kazakhstan-2017.txt").read_bytes()
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "kazakhstan-2017.txt" in response.headers["content-disposition"]


def test_web_reader_unknown_report_or_topic_is_404(client, ids):
    missing = client.get("/reports/999999")
    assert missing.status_code == 404 and "Not found" in missing.text
    topic = client.get(f"/reports/{ids['usdos/KZ/2023']}", params={"topic": "s9.nothing"})
    assert topic.status_code == 404 and "s9.nothing" in topic.text


def test_web_reader_needs_login(client, ids):
    response = httpx.get(client.base_url.join(f"/reports/{ids['usdos/KZ/2023']}"), timeout=60)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_web_reader_largest_topics_stay_under_1mb(client, ids, sample_store):
    for key, document_id in ids.items():
        biggest = max(api.sections(sample_store, key), key=lambda s: s.end - s.start)
        _page(client, f"/reports/{document_id}", topic=biggest.id)


@pytest.fixture(scope="module")
def payload_url(tmp_path_factory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("payload")
    report = folder / "payload-2021.txt"
    report.write_text(PAYLOAD_REPORT, encoding="utf-8")
    with api.open_store(str(folder / "payload.db")) as store:
        overrides = api.Overrides(publisher="amnesty", country="KZ", year=2021)
        assert not api.ingest(store, [report], overrides).failed
        with serving(create_app(store, public=True)) as url:
            yield url


def test_web_reader_shows_script_payloads_as_text(payload_url):
    with httpx.Client(base_url=payload_url, timeout=60) as http:
        [document] = http.get("/api/documents").json()
        html = _page(http, f"/reports/{document['id']}", topic="s2.expression")
    text = _text_part(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "javascript:alert(1)" in text
    assert "<script" not in html.replace('<script src="/static/', "")
    assert "<img" not in html and "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in html
    assert 'class="fact fact-person">Aigul Utepova</mark>' in text
    _Nesting().feed(html[html.index("<main") : html.index("</main>") + 7])
