"""The Python API, as a notebook user reaches it: ``import rightslens``."""

from __future__ import annotations

import pytest

import rightslens


def test_api_is_reachable_from_the_package(sample_store):
    keys = {d.key for d in rightslens.documents(sample_store)}
    assert "usdos/KZ/2023" in keys
    events = rightslens.facts(sample_store, "usdos/KZ/2023", fact_type="event")
    assert events and all(e.type == "event" for e in events)
    filters = rightslens.make_filters(sample_store, country="KZ", years="2017-2023")
    hits = rightslens.search(sample_store, "torture", filters, limit=3)
    assert hits and all(2017 <= hit.year <= 2023 for hit in hits)


@pytest.mark.parametrize("kind", ["polars", "pandas"])
def test_api_exports_data_frames(sample_store, kind):
    frame = rightslens.export_frame(sample_store, "events", kind=kind)
    assert len(frame) > 50
    assert {"date", "event_type", "victims", "quote"} <= set(frame.columns)


def test_api_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        rightslens.no_such_function  # noqa: B018


def test_api_documents_of_one_country(sample_store):
    from rightslens import api

    everything = api.documents(sample_store)
    kazakhstan = api.documents(sample_store, country="KZ")
    assert kazakhstan == [d for d in everything if d.country == "KZ"]
    assert api.documents(sample_store, country="ZZ") == []
