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

import httpx
import uvicorn
from sqlalchemy.engine import make_url

from rightslens import accounts
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


def post_form(client: httpx.Client, page_path: str, action: str, data: dict, **kwargs):
    """Post a form the way a browser would: with the CSRF token of the page it is on."""
    token = csrf_of(client.get(page_path).text)
    return client.post(action, data={**data, "csrf_token": token}, **kwargs)
