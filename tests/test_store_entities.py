"""Entities in the store: national institutions and places resolved within their country,
people and international bodies across countries; the schema 1 -> 2 migration; mentions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import event, text
from typer.testing import CliRunner

from rightslens.cli import app
from rightslens.errors import NotFoundError, RightslensError
from rightslens.model import (
    Document,
    EventFact,
    Fact,
    OrganizationFact,
    PersonFact,
    PlaceFact,
    Quote,
)
from rightslens.pipeline import process
from rightslens.store import open_store
from rightslens.store.schema import SCHEMA_VERSION
from tests.conftest import CORPUS, SAMPLES, needs_corpus

KYRGYZSTAN = CORPUS / "usdos-web" / "2019" / "kyrgyzstan.html.gz"
KAZAKHSTAN = SAMPLES / "kazakhstan-2019.txt"

pytestmark = needs_corpus

# What the two reports name, with what the extractors would say of it: (words, class, fields).
NAMED: tuple[tuple[str, type[Fact], dict[str, str]], ...] = (
    ("Supreme Court", OrganizationFact, {"kind": "court"}),
    ("Ministry of Internal Affairs", OrganizationFact, {"kind": "government body"}),
    ("OSCE", OrganizationFact, {"kind": "international body"}),
    ("Human Rights Watch", OrganizationFact, {"kind": "NGO"}),
    ("Bishkek", PlaceFact, {"country": "KG"}),
    ("Almaty", PlaceFact, {"country": "KZ"}),
    ("Russia", PlaceFact, {"country": "RU"}),
    ("Azimjon Askarov", PersonFact, {}),
)


def _sentence(document_text: str, start: int, end: int) -> Quote:
    """The sentence around a span: from after the previous full stop or blank line to the
    next one (enough for the store, which only keeps offsets)."""
    before = max(document_text.rfind(". ", 0, start) + 2, document_text.rfind("\n", 0, start) + 1)
    after = min(
        (i for i in (document_text.find(". ", end), document_text.find("\n", end)) if i >= 0),
        default=len(document_text),
    )
    return Quote(before, after, document_text[before:after])


def report_with_facts(path: Path) -> Document:
    """A real report, cleaned and segmented, with a fact at every place it names one of
    ``NAMED`` (extraction itself is tested elsewhere)."""
    [document] = process(str(path), path.read_bytes(), extract=False)
    found: list[Fact] = []
    for words, cls, fields in NAMED:
        for match in re.finditer(re.escape(words), document.text):
            quote = Quote(match.start(), match.end(), words)
            sentence = _sentence(document.text, match.start(), match.end())
            found.append(cls(quote, sentence, None, 0.8, "test", name=words, **fields))
    document.facts = sorted(found, key=lambda fact: fact.quote.start)
    return document


@pytest.fixture(scope="module")
def two_reports() -> list[Document]:
    return [report_with_facts(KAZAKHSTAN), report_with_facts(KYRGYZSTAN)]


@pytest.fixture
def filled(store, two_reports):
    for document in two_reports:
        store.add([document])
    store.rebuild_entities()
    return store


def _by_key(store) -> dict[tuple[str, str, str | None], int]:
    return {(e.type, e.name, e.country): e.mentions for e in store.entities()}


def test_store_national_institutions_and_places_are_resolved_within_their_country(
    filled, two_reports
):
    found = _by_key(filled)
    texts = {d.meta.country: d.text for d in two_reports}
    for country in ("KZ", "KG"):
        for name in ("Supreme Court", "Ministry of Internal Affairs"):
            assert found[("organization", name, country)] == texts[country].count(name)
    assert not any(name == "Supreme Court" and country is None for _, name, country in found)
    # International bodies, NGOs with proper names and people: one entity across countries.
    for kind, name in (
        ("organization", "OSCE"),
        ("organization", "Human Rights Watch"),
        ("person", "Azimjon Askarov"),
    ):
        assert [key for key in found if key[1] == name] == [(kind, name, None)]
        assert found[(kind, name, None)] == sum(text.count(name) for text in texts.values())
    # Places belong to their own country, whichever report names them.
    assert [key for key in found if key[1] == "Russia"] == [("place", "Russia", "RU")]
    assert ("place", "Bishkek", "KG") in found and ("place", "Almaty", "KZ") in found


def test_store_entity_named_asks_for_the_country_two_institutions_share(filled):
    with pytest.raises(NotFoundError, match=r"several entities.*KG.*KZ|several.*KZ.*KG"):
        filled.entity_named("Supreme Court")
    assert filled.entity_named("supreme court", "KG").country == "KG"
    assert filled.entity_named("OSCE", "KG").country is None  # belongs to no one country
    assert [e.country for e in filled.find_entities("Supreme Court", "KZ")] == ["KZ"]


def test_store_mentions_carry_their_sentence_events_in_a_fixed_number_of_queries(
    store, two_reports
):
    kazakhstan, kyrgyzstan = two_reports
    first = next(f for f in kyrgyzstan.facts if f.quote.text == "Supreme Court")
    verb = re.search(r"\b(upheld|ruled|sentenced|rejected|overturned)\b", first.sentence.text)
    start = first.sentence.start + (verb.start() if verb else 0)
    end = first.sentence.start + (verb.end() if verb else len(first.sentence.text))
    ruling = EventFact(
        Quote(start, end, kyrgyzstan.text[start:end]),
        first.sentence,
        None,
        0.7,
        "test",
        event_type="conviction_or_sentence",
    )
    kyrgyzstan.facts = [*kyrgyzstan.facts, ruling]
    store.add([kazakhstan])
    store.add([kyrgyzstan])
    store.rebuild_entities()
    court = store.entity_named("Supreme Court", "KG")
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        found = store.mentions(court.id)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert len(found) == court.mentions > 3
    assert len(statements) <= 4
    with_events = [m for m in found if m.events]
    assert [m.fact.sentence for m in with_events] == [first.sentence]
    assert with_events[0].events[0].quote == ruling.quote
    assert all(m.document == "usdos/KG/2019" for m in found)


def _old_store(target: str) -> None:
    """Make a current store look as schema 1 left it: no ``entities.country``."""
    with open_store(target) as opened, opened.engine.begin() as conn:
        conn.execute(text("ALTER TABLE entities DROP COLUMN country"))
        conn.execute(text("UPDATE store_info SET value = '1' WHERE key = 'schema'"))


def test_store_of_schema_1_is_migrated_when_opened(filled):
    target = filled.url
    before = _by_key(filled)
    filled.close()
    _old_store(target)
    with open_store(target) as migrated, migrated.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM store_info WHERE key = 'schema'")).scalar() == (
            str(SCHEMA_VERSION)
        )
        assert _by_key(migrated) == before
    with open_store(target) as again:  # opening it once more changes nothing
        assert _by_key(again) == before


def test_store_newer_than_this_rightslens_is_refused(tmp_path):
    target = str(tmp_path / "newer.db")
    with open_store(target) as opened, opened.engine.begin() as conn:
        conn.execute(text("UPDATE store_info SET value = '99' WHERE key = 'schema'"))
    with pytest.raises(RightslensError, match="schema version 99"):
        open_store(target)


def test_store_entities_show_their_country_in_the_cli(tmp_path, two_reports):
    target = str(tmp_path / "cli.db")
    with open_store(target) as opened:
        for document in two_reports:
            opened.add([document])
        opened.rebuild_entities()
    runner = CliRunner()
    listed = runner.invoke(
        app,
        ["entities", "--db", target, "--type", "organization", "--country", "Kyrgyzstan", "--json"],
    )
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert {row["country"] for row in rows} == {"KG"}
    assert "Supreme Court" in {row["name"] for row in rows}
    table = runner.invoke(app, ["entities", "--db", target, "--country", "KZ"])
    assert table.exit_code == 0 and "country" in table.stdout and "KZ" in table.stdout
    ambiguous = runner.invoke(app, ["entity", "--db", target, "Supreme Court"])
    assert ambiguous.exit_code == 1 and "several entities" in ambiguous.stderr
    one = runner.invoke(app, ["entity", "--db", target, "Supreme Court", "--country", "KG"])
    assert one.exit_code == 0, one.output
    assert one.stdout.startswith("Supreme Court [organization, KG]")
