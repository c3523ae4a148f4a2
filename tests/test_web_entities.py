"""The entity pages over a real server: the list and its filters, one entity through the years."""

from __future__ import annotations

import re

import httpx
import pytest
from markupsafe import escape

from rightslens import api
from rightslens.server.app import create_app
from tests.web import sample_site, served_client

ROW = re.compile(r'<td><a href="/entities/(\d+)">[^<]*</a>.*?</td>\s*<td>(\w+)</td>', re.S)


base_url, client = sample_site("entity-reader")


def test_web_entities_list_filters_by_type(client, sample_store):
    for entity_type in ("person", "organization", "place"):
        page = client.get("/entities", params={"type": entity_type})
        assert page.status_code == 200
        rows = ROW.findall(page.text)
        assert rows and {found_type for _, found_type in rows} == {entity_type}
        total = len(api.select_entities(sample_store, entity_type))
        assert f"{total:,} entit" in page.text
    assert client.get("/entities", params={"type": "animal"}).status_code == 400


def test_web_entities_list_filters_by_name_and_pages(client, sample_store):
    person = next(e for e in api.entities(sample_store, "person") if e.variants)
    page = client.get("/entities", params={"q": person.variants[0].upper()})
    assert page.status_code == 200
    assert f'href="/entities/{person.id}"' in page.text
    assert str(escape(person.variants[0])) in page.text  # the spellings it goes by
    everything = len(api.entities(sample_store))
    if everything > 50:
        second = client.get("/entities", params={"page": 2})
        assert "showing 51–" in second.text and 'rel="prev"' in second.text


def test_web_entities_person_page_shows_each_year_and_sentence(client, sample_store):
    person = next(e for e in api.entities(sample_store, "person") if len(e.years) >= 2)
    found, mentions = api.entity(sample_store, person.id)
    page = client.get(f"/entities/{person.id}")
    assert page.status_code == 200
    assert f"<h1>{escape(found.name)}</h1>" in page.text
    for year in found.years:
        assert f'<h3 id="year-{year}">{year}</h3>' in page.text
        assert f'href="#year-{year}"' in page.text  # the timeline's bar of that year
    for mention in mentions[:100]:
        quote = mention.fact.quote
        marked = f'<mark class="fact fact-person">{escape(quote.text)}</mark>'
        assert marked in page.text
        sentence = mention.fact.sentence.text
        assert str(escape(sentence[quote.end - mention.fact.sentence.start :])) in page.text
    ids = {d.key: d.id for d in api.documents(sample_store)}
    first = mentions[0]
    assert f'href="/reports/{ids[first.document]}?topic={first.section}#p' in page.text


def test_web_entities_page_lists_the_events_of_a_sentence(client, sample_store):
    with_events = [
        (entity, mention)
        for entity in api.entities(sample_store, "person")[:30]
        for mention in api.entity(sample_store, entity.id)[1]
        if mention.events
    ]
    if not with_events:
        pytest.skip("no person of the samples has an event in a sentence")
    entity, mention = with_events[0]
    page = client.get(f"/entities/{entity.id}")
    event = mention.events[0]
    assert event.event_type.replace("_", " ") in page.text
    for victim in event.victims:
        assert str(escape(victim)) in page.text


def test_web_entities_unknown_entity_is_a_404_page(client):
    page = client.get("/entities/999999999")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "no entity 999999999" in page.text


def test_web_entities_need_a_login_unless_public(base_url, sample_store):
    with httpx.Client(base_url=base_url) as anonymous:
        page = anonymous.get("/entities", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
    with served_client(create_app(sample_store, public=True)) as c:
        assert c.get("/entities", params={"type": "place"}).status_code == 200
