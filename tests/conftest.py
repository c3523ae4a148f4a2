"""Shared fixtures: where the corpus and gold answers are, and a fresh store per test.

The ``store`` fixture runs each test on a real SQLite file and on a real
PostgreSQL server that the test set-up starts (skipped where PostgreSQL's
binaries are absent; CI installs them).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from tests import postgres

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RIGHTSLENS_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
SAMPLES = REPO / "samples"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
_database_numbers = itertools.count()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: end-to-end tests in a real headless Chromium (-m browser)"
    )
    config.addinivalue_line(
        "markers", "server: tests that run a web server (every test_web_* and test_server*)"
    )


def pytest_collection_modifyitems(items):
    """Mark the tests of a running server, so `make check` can leave them to `make test`."""
    for item in items:
        if item.path.name.startswith(("test_web_", "test_server")):
            item.add_marker(pytest.mark.server)


@pytest.fixture(scope="session")
def postgres_url_template():
    if not postgres.available():
        pytest.skip("PostgreSQL server binaries are not installed")
    with postgres.running_server() as template:
        yield template


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A real, empty store: a fresh SQLite file, or a fresh PostgreSQL database."""
    from rightslens.store import open_store

    if request.param == "sqlite":
        target = str(tmp_path / "test.db")
    else:
        import psycopg

        template = request.getfixturevalue("postgres_url_template")
        name = f"test_{os.getpid()}_{next(_database_numbers)}"
        admin = template.format(database="postgres").replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        target = template.format(database=name)
    with open_store(target) as opened:
        yield opened


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """A SQLite store holding the bundled samples, facts extracted: build once, only read.

    Where ../shared is present it also holds the Human Rights Watch chapter on the
    same country and year as one sample, for publisher comparisons.
    """
    from rightslens import api

    folder = tmp_path_factory.mktemp("sample-store")
    paths = [SAMPLES]
    if (CORPUS / "hrw" / "kazakhstan-2012.md").exists():
        paths.append(CORPUS / "hrw" / "kazakhstan-2012.md")
    with api.open_store(str(folder / "samples.db")) as opened:
        report = api.ingest(opened, paths)
        assert not report.failed, [f.error for f in report.failed]
        yield opened
