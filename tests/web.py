"""Helpers for tests of the web UI and the REST API: a real server, logged-in clients."""

from __future__ import annotations

import contextlib
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.engine import make_url

from rightslens import accounts
from rightslens.server import create_app
from rightslens.store import SQLStore

PASSWORD = "correct horse battery"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """Run an app with uvicorn in a thread on a free port of 127.0.0.1; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def copy_store(url: str, path: Path) -> Path:
    """A copy of a SQLite store to write to (SQLite's backup: safe while the original is
    open), so a test that writes leaves the shared ``sample_store`` as it was."""
    source = sqlite3.connect(make_url(url).database)
    with source, sqlite3.connect(path) as target:
        source.backup(target)
    source.close()
    return path


def ensure_user(store: SQLStore, name: str, role: str) -> None:
    """A user named ``name`` with ``role`` and the test password (made once per store)."""
    from rightslens.store import accounts as stored

    if name not in {user.name for user in stored.list_users(store)}:
        accounts.create_user(store, name, PASSWORD, role)


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = CSRF_INPUT.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: httpx.Client, name: str, password: str = PASSWORD) -> None:
    """Log a client in through the login form, as a browser does."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_of(page.text), "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


@contextlib.contextmanager
def logged_in(
    base_url: str, name: str | None, timeout: float = 120, **options: Any
) -> Iterator[httpx.Client]:
    """A client of the server at ``base_url``, logged in as ``name`` (anonymous when None).
    The timeout is generous: briefs and comparisons take seconds on a busy 2-core machine."""
    with httpx.Client(base_url=base_url, timeout=timeout, **options) as client:
        if name is not None:
            log_in(client, name)
        yield client


@contextlib.contextmanager
def served_client(app, name: str | None = None, **options: Any) -> Iterator[httpx.Client]:
    """A client of ``app`` run by ``serving``, logged in as ``name`` when one is given."""
    with serving(app) as url, logged_in(url, name, **options) as client:
        yield client


def client_fixture(name: str | None, url: str = "base_url", **options: Any) -> Any:
    """A fixture of a client (one per test) of the server whose URL the fixture ``url``
    gives, logged in as ``name`` (anonymous when None): ``editor = client_fixture("edna")``."""

    @pytest.fixture
    def client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
        with logged_in(request.getfixturevalue(url), name, **options) as opened:
            yield opened

    return client


def sample_site(reader: str) -> tuple[Any, Any]:
    """A test module's fixtures ``base_url`` (a server of the shared sample store) and
    ``client`` (logged in to it as the reader ``reader``), one each per module; use as
    ``base_url, client = sample_site("search-reader")``."""

    @pytest.fixture(scope="module")
    def base_url(sample_store: SQLStore) -> Iterator[str]:
        ensure_user(sample_store, reader, "reader")
        with serving(create_app(sample_store)) as url:
            yield url

    @pytest.fixture(scope="module")
    def client(base_url: str) -> Iterator[httpx.Client]:
        with logged_in(base_url, reader) as opened:
            yield opened

    return base_url, client


def post_form(client: httpx.Client, page_path: str, action: str, data: dict, **kwargs):
    """Post a form the way a browser would: with the CSRF token of the page it is on."""
    token = csrf_of(client.get(page_path).text)
    return client.post(action, data={**data, "csrf_token": token}, **kwargs)
