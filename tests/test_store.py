"""The SQL store: round trips, idempotence, versions, all-or-nothing writes."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from rightslens.errors import NotFoundError
from rightslens.model import Document, MappedText, Paragraph, ReportMeta, Section, Source
from rightslens.store.sql import decode_offsets, encode_offsets

BODY = (
    "Section 1. Respect for the Integrity of the Person\n"
    "a. Disappearance\n"
    "There were no reports of disappearances by or on behalf of government authorities.\n"
)


def make_document(body: str = BODY, country: str = "KZ", year: int = 2023) -> Document:
    source = Source("kz.txt", body.encode(), "text", body, "utf-8")
    clean = MappedText.from_source(body).sub(r"\n", "\n\n").strip()
    heading_end = clean.text.index("\n")
    return Document(
        meta=ReportMeta("usdos", country, year, f"Report {country} {year}"),
        source=source,
        text=clean.text,
        offsets=clean.offsets,
        sections=[
            Section("s1", "Section 1. Respect for the Integrity of the Person", 1, 0, len(clean))
        ],
        paragraphs=[Paragraph(heading_end + 2, len(clean), "s1", None)],
    )


def test_store_round_trip_keeps_text_offsets_and_sections(store):
    document = make_document()
    [result] = store.add([document])
    assert result.outcome == "added"
    stored = store.get_document("usdos/KZ/2023")
    assert stored.text == document.text
    assert list(stored.offsets) == list(document.offsets)
    assert stored.sections == document.sections
    assert stored.paragraphs == document.paragraphs
    assert store.source_data(stored.source_hash) == BODY.encode()
    assert stored.summary.sections == 1
    assert stored.summary.words == document.words


def test_store_same_bytes_twice_changes_nothing(store):
    store.add([make_document()])
    [again] = store.add([make_document()])
    assert again.outcome == "unchanged"
    assert len(store.list_documents(all_versions=True)) == 1


def test_store_new_bytes_for_same_report_become_a_new_version(store):
    store.add([make_document()])
    [result] = store.add([make_document(BODY + "The law prohibits such practices.\n")])
    assert result.outcome == "new version"
    assert result.summary.version == 2
    assert len(store.list_documents(all_versions=True)) == 2
    [latest] = store.list_documents()
    assert latest.version == 2
    assert store.resolve("usdos/kz/2023") == latest.id


def test_store_file_is_all_or_nothing(store):
    store.add([make_document(year=2022)])
    broken = make_document(country="UZ")
    broken.sections[0] = Section("s1", None, 1, 0, 5)  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        store.add([make_document(country="TJ"), broken])
    assert [d.country for d in store.list_documents()] == ["KZ"]


@pytest.mark.parametrize("ref", ["usdos/KZ/1999", "999", "kazakhstan", "usdos/KZ/latest"])
def test_store_unknown_reference_is_a_clear_error(store, ref):
    store.add([make_document()])
    with pytest.raises(NotFoundError, match="document"):
        store.resolve(ref)


def test_store_offsets_encoding_round_trips():
    offsets = MappedText.from_source("abc  def\n\nghi").sub(r"\s+", " ").offsets
    assert list(decode_offsets(encode_offsets(offsets))) == list(offsets)
