"""Corpus-scale ingest with Dask gives what one process gives."""

from __future__ import annotations

import pytest

from rightslens import api
from rightslens.batch import process_path
from tests.conftest import SAMPLES

pytest.importorskip("dask")


def _stored(store):
    return sorted((d.key, d.sections, d.words, d.title) for d in api.documents(store))


def test_batch_two_workers_store_what_one_process_stores(tmp_path):
    with (
        api.open_store(str(tmp_path / "one.db")) as one,
        api.open_store(str(tmp_path / "two.db")) as two,
    ):
        serial = api.ingest(one, [SAMPLES], extract=False)
        parallel = api.ingest(two, [SAMPLES], extract=False, workers=2)
        assert [f.path for f in serial.files] == [f.path for f in parallel.files]
        assert _stored(one) == _stored(two)
        assert len(_stored(two)) == 4


def test_batch_bad_file_is_reported_not_raised(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    processed = process_path(str(broken), None, 10_000, extract=False)
    assert processed.documents == []
    assert processed.error.startswith(str(broken))
