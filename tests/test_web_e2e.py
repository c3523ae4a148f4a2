"""End to end: a real headless Chromium (Debian's, through Playwright) clicking through the
web UI served by uvicorn over a copy of the sample store.

Run them alone with ``pytest -m browser``. Screenshots of the main pages land in
``test-artifacts/screenshots/`` (laptop size; the reader also at phone size).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from rightslens import api
from rightslens.server import create_app
from tests.browser import PHONE, chromium, log_in, open_page, screenshot  # noqa: F401
from tests.conftest import CORPUS, SAMPLES
from tests.web import copy_store, ensure_user, serving

pytestmark = pytest.mark.browser

PAYLOAD = """\
KYRGYZSTAN 2021 HUMAN RIGHTS REPORT

EXECUTIVE SUMMARY

The Kyrgyz Republic has a parliamentary form of government. Authorities detained the \
journalist Bolot Temirov in Bishkek in January. <script>window.__pwned=1</script>

Observers said the vote was orderly. <img src=x onerror="window.__pwned=1"> Police \
detained 20 protesters.

Read the statement [x](javascript:window.__pwned=1) issued by the ombudsman in Osh.
"""
SCRIPT_PIECES = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[x](javascript:window.__pwned=1)",
)
MAIN_NAV = ("/", "/search", "/entities", "/compare", "/trends")
ONE_MB = 1024 * 1024


@dataclass
class Site:
    """The server under test and what the tests need to know about its store."""

    url: str
    store: object
    payload_id: int
    reports: list  # the sample reports (DocumentSummary), oldest first

    def reader_path(self, document_id: int, topic: str = "exec") -> str:
        return f"/reports/{document_id}?topic={topic}"


@pytest.fixture(scope="module")
def site(chromium, sample_store, tmp_path_factory):  # noqa: F811
    """The sample store copied (the tests upload and review), a report carrying a script
    payload ingested, three users (admin, editor, reader), served on a real socket."""
    folder = tmp_path_factory.mktemp("e2e")
    copy = copy_store(sample_store.url, folder / "e2e.db")
    payload = folder / "kyrgyzstan-2021.txt"
    payload.write_text(PAYLOAD, encoding="utf-8")
    with api.open_store(str(copy)) as store:
        ingested = api.ingest(store, [payload])
        assert not ingested.failed, ingested.failed[0].error
        payload_id = ingested.files[0].results[0].summary.id
        for name in ("admin", "editor", "reader"):
            ensure_user(store, name, name)
        reports = sorted(
            (d for d in api.documents(store) if d.id != payload_id and d.publisher == "usdos"),
            key=lambda d: d.year,
        )
        with serving(create_app(store)) as url:
            yield Site(url, store, payload_id, reports)


@pytest.fixture
def browse(chromium, site):  # noqa: F811
    """``browse(user, viewport=...)``: a page logged in as ``user`` (None: not logged in);
    closed after the test, which fails if a page raised a JavaScript error."""
    pages = []

    def opened(user: str | None, **options):
        page = open_page(chromium, site.url, **options)
        if user:
            log_in(page, user)
        pages.append(page)
        return page

    yield opened
    for page in pages:
        errors = page.errors
        page.context.close()
        assert not errors, errors


def a_person_fact(site: Site):
    """A person named in the newest sample report: its fact (as stored) and the report."""
    report = site.reports[-1]
    person = next(f for f in api.facts(site.store, report.id, "person"))
    return person, report


def test_web_e2e_log_in(browse, site):
    page = browse(None)
    page.goto("/")
    assert "/login" in page.url  # a visitor is sent to log in first
    page.get_by_label("User name").fill("reader")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    log_in(page, "reader")
    assert page.url == f"{site.url}/"
    assert page.locator("header .who").inner_text().startswith("reader")
    assert page.get_by_role("heading", name="Library").is_visible()
    screenshot(page, "library")


def test_web_e2e_upload_then_read(browse, site, tmp_path):
    page = browse("editor")
    if (CORPUS / "amnesty" / "tajikistan-2012.txt").exists():
        upload, expected = CORPUS / "amnesty" / "tajikistan-2012.txt", "amnesty/TJ/2012"
    else:  # an excerpt of a sample, said to be another country's report
        upload = tmp_path / "excerpt.txt"
        lines = (SAMPLES / "kazakhstan-2017.txt").read_text(encoding="utf-8").splitlines()
        upload.write_text("\n".join(lines[:60]), encoding="utf-8")
        expected = "usdos/TJ/2017"
    page.goto("/")
    if expected.startswith("usdos/TJ"):
        page.get_by_label("Country code (optional)").fill("TJ")
    page.get_by_label("Report file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("heading", name=re.compile("^Uploaded")).wait_for(timeout=90_000)
    assert expected in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("^read ")).first.click()
    page.wait_for_url(re.compile(r"/reports/\d+"))
    assert page.locator("main").inner_text().strip()
    assert page.locator("mark.fact").count() > 0, "the uploaded report shows no facts"


def test_web_e2e_click_person_to_entity_page(browse, site):
    page = browse("reader")
    person, report = a_person_fact(site)
    page.goto(site.reader_path(report.id, person.section))
    screenshot(page, "reader")
    marked = page.locator("a[href^='/entities/'] mark.fact-person").first
    name = marked.inner_text()
    marked.click()
    page.wait_for_url(re.compile(r"/entities/\d+"))
    assert page.locator("main h1").is_visible()
    assert name.split()[-1] in page.locator("main").inner_text()
    screenshot(page, "entity")


def test_web_e2e_reader_on_a_phone(browse, site):
    page = browse("reader", viewport=PHONE, is_mobile=True, has_touch=True)
    person, report = a_person_fact(site)
    page.goto(site.reader_path(report.id, person.section))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the reader scrolls sideways on a phone ({width}px)"
    screenshot(page, "reader-phone")


def test_web_e2e_search_with_filters(browse, site):
    page = browse("reader")
    page.goto("/search")
    country, year = site.reports[-1].country, site.reports[-1].year
    page.get_by_role("searchbox").fill("torture")
    page.get_by_label("Country").select_option(country)
    page.get_by_label("Year or years").fill(f"{year}-{year}")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"[?&]q=torture"))
    assert f"country={country}" in page.url
    main = page.locator("main")
    assert main.locator("mark").count() > 0, "no highlighted words in the results"
    assert str(year) in main.inner_text()
    screenshot(page, "search")
    shared = browse("reader")  # the URL is the state: it can be shared
    shared.goto(page.url)
    assert shared.locator("main").inner_text() == main.inner_text()


def test_web_e2e_compare_two_years(browse, site):
    page = browse("reader")
    older, newer = site.reports[0], site.reports[-1]
    page.goto("/compare")
    page.get_by_label("Report A").select_option(older.key)
    page.get_by_label("Report B").select_option(newer.key)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"[?&]a=.*&b="))
    text = page.locator("main").inner_text()
    assert str(older.year) in text and str(newer.year) in text
    screenshot(page, "compare")


def test_web_e2e_trends_chart(browse, site):
    page = browse("reader")
    page.goto(f"/trends?country={site.reports[0].country}")
    page.locator("main canvas").first.wait_for()
    page.wait_for_timeout(500)  # the chart animates in
    screenshot(page, "trends")


def download_csv(page, table: str) -> tuple[str, list[dict[str, str]]]:
    """On the export page (filters set), download ``table`` as CSV: its name and rows."""
    page.get_by_label("CSV").check()
    with page.expect_download() as started:
        page.get_by_role("button", name=table, exact=True).click()
    saved = Path(started.value.path()).read_text(encoding="utf-8")
    return started.value.suggested_filename, list(csv.DictReader(io.StringIO(saved)))


def test_web_e2e_download_an_export(browse, site):
    page = browse("reader")
    page.goto("/export")
    screenshot(page, "export")
    page.get_by_label("Country").first.select_option(site.reports[0].country)
    name, rows = download_csv(page, "documents")
    assert name.endswith(".csv")
    assert {row["key"] for row in rows} >= {r.key for r in site.reports}


def test_web_e2e_editor_corrects_a_fact_and_the_export_shows_it(browse, site):
    person, report = a_person_fact(site)
    page = browse("editor")
    page.goto(f"/facts/{person.id}")
    screenshot(page, "fact")
    corrected = f"{person.name} Corrected"
    page.get_by_label("name", exact=True).fill(corrected)
    with page.expect_navigation():
        page.get_by_role("button", name="Save correction").click()
    assert page.get_by_role("status").inner_text().startswith("Saved")
    assert corrected in page.locator("main").inner_text()
    page.goto("/review")
    screenshot(page, "review")
    page.goto("/export")
    page.get_by_label("Country").first.select_option(report.country)
    page.get_by_label("Years").first.fill(str(report.year))
    page.get_by_label("Type (facts, entities)").select_option("person")
    _name, rows = download_csv(page, "facts")
    names = {json.loads(row["attributes"])["name"] for row in rows}
    assert corrected in names, "the export lacks the correction"


def test_web_e2e_reader_cannot_review(browse, site):
    person, _report = a_person_fact(site)
    page = browse("reader")
    page.goto(f"/facts/{person.id}")
    assert page.locator(f"form[action='/facts/{person.id}/review']").count() == 0
    assert page.get_by_role("button", name=re.compile("Confirm|Reject|correction")).count() == 0
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    forged = page.request.post(
        f"/facts/{person.id}/review",
        form={"csrf_token": token, "action": "reject", "note": "forged"},
    )
    assert forged.status == 403
    _doc, fact, _history = site.store.fact(person.id)
    assert fact.review is None or fact.review.status != "rejected"


def test_web_e2e_script_payload_shown_inert(browse, site):
    """A report's markup is its text: shown, never run, on every page that quotes it."""
    page = browse("reader")
    page.goto(site.reader_path(site.payload_id))
    main = page.locator("main").inner_text()
    for piece in SCRIPT_PIECES:
        assert piece in main, f"{piece!r} is not shown as text"
    assert page.locator("main script, main img, main a[href^='javascript:']").count() == 0
    screenshot(page, "reader-script-payload")
    quoting = {
        link.get_attribute("href") for link in page.locator("main a[href^='/facts/']").all()
    } | {link.get_attribute("href") for link in page.locator("main a[href^='/entities/']").all()}
    assert quoting, "the payload report links to no fact or entity page"
    for path in [*sorted(quoting), "/search?q=pwned"]:
        page.goto(path)
        assert page.locator("main script, main img").count() == 0, path
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    assert "window.__pwned" in page.locator("main").inner_text()


def pages_to_visit(site: Site) -> list[str]:
    person, report = a_person_fact(site)
    older, newer = site.reports[0], site.reports[-1]
    entity = next(e for e in api.entities(site.store, "person"))
    return [
        "/",
        site.reader_path(report.id, person.section),
        f"/entities/{entity.id}",
        "/entities",
        f"/search?q=torture&country={newer.country}",
        f"/compare?a={older.key}&b={newer.key}",
        f"/trends?country={newer.country}",
        "/export",
        f"/facts/{person.id}",
        "/review",
    ]


def test_web_e2e_every_page_keyboard_reachable(browse, site):
    page = browse("editor")
    for path in pages_to_visit(site):
        page.goto(path)
        reached = set()
        for _ in range(25):
            page.keyboard.press("Tab")
            reached.add(page.evaluate("document.activeElement.getAttribute('href')"))
            if reached >= set(MAIN_NAV):
                break
        assert reached >= set(MAIN_NAV), f"{path}: Tab does not reach {set(MAIN_NAV) - reached}"
    page.goto("/search")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    else:
        pytest.fail("Tab does not reach the search box")


def test_web_e2e_no_page_over_1_mb(browse, site):
    """Each page with everything it loads (styles, scripts, the chart library) under 1 MB."""
    page = browse("editor")
    responses = []
    page.on("response", lambda response: responses.append(response))
    sizes: dict[str, int] = {}
    for path in pages_to_visit(site):
        responses.clear()
        page.goto(path, wait_until="networkidle")
        sizes[path] = sum(len(response.body()) for response in responses)
    print(sizes)
    assert all(size < ONE_MB for size in sizes.values()), sizes
