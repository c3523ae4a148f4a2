"""Accounts, roles and API tokens: logging in, hashed passwords, cookies, CSRF, who may do
what on the web UI and the REST API, a public read-only store, and `rightslens users`."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from rightslens import accounts, api
from rightslens.cli import app as cli
from rightslens.model import PersonFact, Quote
from rightslens.pipeline import process
from rightslens.server import create_app
from rightslens.store import accounts as stored
from tests.conftest import SAMPLES
from tests.web import (
    PASSWORD,
    client_fixture,
    csrf_of,
    ensure_user,
    log_in,
    post_form,
    served_client,
    serving,
)


@pytest.fixture(scope="module")
def auth_store(tmp_path_factory):
    """A store of its own: one sample report (no extraction) with one fact, and a user of
    each role."""
    path = SAMPLES / "kazakhstan-2023.txt"
    [document] = process(str(path), path.read_bytes(), extract=False)
    start = document.text.index("Kazakhstan")
    quote = Quote(start, start + len("Kazakhstan"), "Kazakhstan")
    document.facts = [PersonFact(quote, quote, None, 0.5, "test", name="Kazakhstan")]
    folder = tmp_path_factory.mktemp("auth-store")
    with api.open_store(str(folder / "auth.db")) as store:
        store.add([document])
        for name, role in (("ada", "admin"), ("ed", "editor"), ("rea", "reader")):
            ensure_user(store, name, role)
        yield store


@pytest.fixture(scope="module")
def base_url(auth_store) -> Iterator[str]:
    with serving(create_app(auth_store)) as url:
        yield url


client = client_fixture(None)


def _fact_id(store) -> int:
    return api.facts(store, "usdos/KZ/2023")[0].id


def test_web_auth_login_with_right_and_wrong_password(client):
    page = client.get("/login")
    assert page.status_code == 200 and 'type="password"' in page.text
    wrong = client.post(
        "/login",
        data={"name": "rea", "password": "not it at all", "csrf_token": csrf_of(page.text)},
    )
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    nobody = client.post(
        "/login",
        data={"name": "nobody", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
    )
    assert nobody.status_code == 401 and "wrong user name or password" in nobody.text
    assert client.get("/account").status_code == 303  # still anonymous: sent to log in
    right = client.post(
        "/login",
        data={
            "name": "rea",
            "password": PASSWORD,
            "csrf_token": csrf_of(client.get("/login").text),
            "next": "/\\evil.example",
        },
    )
    assert right.status_code == 303 and right.headers["location"] == "/"
    account = client.get("/account")
    assert account.status_code == 200 and "Signed in as <strong>rea</strong>" in account.text


def test_web_auth_passwords_and_tokens_are_stored_as_hashes(auth_store):
    _, password_hash = stored.user_with_hash(auth_store, "rea")
    assert password_hash.startswith("$argon2") and PASSWORD not in password_hash
    token = accounts.new_token(auth_store, "rea", "hash check")
    database = Path(auth_store.engine.url.database).read_bytes()
    for path in Path(auth_store.engine.url.database).parent.glob("auth.db-wal"):
        database += path.read_bytes()
    assert PASSWORD.encode() not in database and token.encode() not in database
    with pytest.raises(accounts.AuthError):
        accounts.authenticate(auth_store, "rea", PASSWORD.upper())
    assert accounts.authenticate(auth_store, "rea", PASSWORD).name == "rea"


@pytest.mark.parametrize("secure", [False, True])
def test_web_auth_session_cookie_is_httponly_samesite_and_secure_when_asked(auth_store, secure):
    with served_client(create_app(auth_store, secure_cookies=secure)) as http:
        page = http.get("/login")
        response = http.post(
            "/login",
            data={"name": "rea", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("rightslens_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert ("secure" in cookie.split("; ")) is secure


def test_web_auth_post_without_or_with_a_wrong_csrf_token_is_403(client):
    log_in(client, "rea")
    assert client.post("/account/tokens", data={"label": "x"}).status_code == 403
    wrong = client.post("/account/tokens", data={"label": "x", "csrf_token": "forged"})
    assert wrong.status_code == 403 and "CSRF" in wrong.text
    header = client.post("/account/tokens", data={"label": "x"}, headers={"X-CSRF-Token": "no"})
    assert header.status_code == 403
    right = post_form(client, "/account", "/account/tokens", {"label": "x"})
    assert right.status_code == 200 and "rl_" in right.text
    assert client.post("/login", data={"name": "rea", "password": PASSWORD}).status_code == 403


def test_web_auth_reader_cannot_reach_users_nor_review(auth_store, client):
    log_in(client, "rea")
    assert client.get("/users").status_code == 403
    assert client.get("/review").status_code == 403
    fact_id = _fact_id(auth_store)
    page = client.get(f"/facts/{fact_id}")
    assert page.status_code == 200 and "Save correction" not in page.text
    refused = post_form(client, "/account", f"/facts/{fact_id}/review", {"action": "confirm"})
    assert refused.status_code == 403
    added = post_form(client, "/account", "/users", {"name": "mallory", "password": PASSWORD})
    assert added.status_code == 403
    assert "mallory" not in {u.name for u in stored.list_users(auth_store)}


def test_web_auth_admin_adds_a_user_and_changes_a_role(auth_store, client, base_url):
    log_in(client, "ada")
    page = client.get("/users")
    assert page.status_code == 200 and "rea" in page.text
    added = post_form(
        client, "/users", "/users", {"name": "nadia", "password": PASSWORD, "role": "reader"}
    )
    assert added.status_code == 303 and added.headers["location"] == "/users"
    raised = post_form(client, "/users", "/users/nadia/role", {"role": "editor"})
    assert raised.status_code == 303
    assert {u.name: u.role for u in stored.list_users(auth_store)}["nadia"] == "editor"
    short = post_form(client, "/users", "/users", {"name": "x", "password": "short"})
    assert short.status_code == 400 and "at least 8 characters" in short.text
    own = post_form(client, "/users", "/users/ada/role", {"role": "reader"})
    assert own.status_code == 400
    with httpx.Client(base_url=base_url) as nadia:
        log_in(nadia, "nadia")
        assert nadia.get("/review").status_code == 200
    deleted = post_form(client, "/users", "/users/nadia/delete", {})
    assert deleted.status_code == 303
    assert "nadia" not in {u.name for u in stored.list_users(auth_store)}


def test_web_auth_api_tokens_carry_the_users_role(auth_store, client):
    fact_id = _fact_id(auth_store)
    reader = {"Authorization": f"Bearer {accounts.new_token(auth_store, 'rea')}"}
    editor = {"Authorization": f"Bearer {accounts.new_token(auth_store, 'ed')}"}
    review = {"status": "confirmed", "note": "checked"}
    assert client.get("/api/documents").status_code == 401
    assert client.get("/api/documents", headers=reader).status_code == 200
    assert client.get(f"/api/facts/{fact_id}", headers=reader).status_code == 200
    refused = client.post(f"/api/facts/{fact_id}/review", json=review, headers=reader)
    assert refused.status_code == 403 and "editor" in refused.json()["error"]
    done = client.post(f"/api/facts/{fact_id}/review", json=review, headers=editor)
    assert done.status_code == 200 and done.json()["history"][-1]["reviewer"] == "ed"
    assert (
        client.get("/api/documents", headers={"Authorization": "Bearer rl_nope"}).status_code == 401
    )
    user = next(u for u in stored.list_users(auth_store) if u.name == "ed")
    for token in stored.list_tokens(auth_store, user.id):
        stored.revoke_token(auth_store, user.id, token["id"])
    gone = client.get("/api/documents", headers=editor)
    assert gone.status_code == 401 and "revoked" in gone.json()["error"]


def test_web_auth_token_made_and_revoked_on_the_account_page(client):
    log_in(client, "rea")
    made = post_form(client, "/account", "/account/tokens", {"label": "notebook"})
    token = re.search(r'<code id="new-token">([^<]+)</code>', made.text).group(1)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/documents", headers=headers).status_code == 200
    assert "new-token" not in client.get("/account", params={"token": "fake"}).text
    token_id = re.findall(r"/account/tokens/(\d+)/revoke", made.text)[-1]
    revoked = post_form(client, "/account", f"/account/tokens/{token_id}/revoke", {})
    assert revoked.status_code == 303
    assert client.get("/api/documents", headers=headers).status_code == 401


def test_web_auth_public_store_reads_without_login_and_refuses_every_write(auth_store):
    fact_id = _fact_id(auth_store)
    with served_client(create_app(auth_store, public=True)) as http:
        assert http.get("/api/documents").status_code == 200
        page = http.get(f"/facts/{fact_id}")
        assert page.status_code == 200 and "Save correction" not in page.text
        assert "read-only" in page.text
        token = csrf_of(http.get("/login").text)
        writes = [
            (f"/api/facts/{fact_id}/review", {"json": {"status": "confirmed"}}),
            (f"/facts/{fact_id}/review", {"data": {"action": "confirm", "csrf_token": token}}),
            ("/users", {"data": {"name": "x", "password": PASSWORD, "csrf_token": token}}),
            ("/account/tokens", {"data": {"csrf_token": token}}),
        ]
        for path, body in writes:
            assert http.post(path, **body).status_code == 403, path
        assert http.get("/users").status_code == 403
        assert http.get("/review").status_code == 403
    assert auth_store.fact(fact_id)[2][-1].reviewer == "ed"  # only the earlier review


def _cli(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_web_auth_users_cli_adds_lists_sets_roles_makes_tokens_and_deletes(tmp_path):
    db = str(tmp_path / "users.db")
    api.open_store(db).close()
    _cli("users", "add", "maria", "--role", "editor", "--password", PASSWORD, "--db", db)
    listed = json.loads(_cli("users", "list", "--json", "--db", db).stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("maria", "editor")]
    _cli("users", "role", "maria", "admin", "--db", db)
    assert re.search(r"^maria\s+admin\s", _cli("users", "list", "--db", db).stdout)
    token = _cli("users", "token", "maria", "--db", db).stdout.strip()
    with api.open_store(db) as store:
        assert accounts.user_for_token(store, token).role == "admin"
    bad = CliRunner().invoke(cli, ["users", "role", "maria", "boss", "--db", db])
    assert bad.exit_code == 1 and "unknown role" in bad.output
    twice = CliRunner().invoke(cli, ["users", "add", "maria", "--password", PASSWORD, "--db", db])
    assert twice.exit_code == 1 and "exists already" in twice.output
    _cli("users", "delete", "maria", "--db", db)
    assert json.loads(_cli("users", "list", "--json", "--db", db).stdout) == []
    with api.open_store(db) as store, pytest.raises(accounts.AuthError):
        accounts.user_for_token(store, token)


def test_web_auth_serve_prints_the_first_admins_credentials(tmp_path):
    db = str(tmp_path / "fresh.db")
    api.open_store(db).close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    rightslens = str(Path(sys.executable).with_name("rightslens"))
    command = [rightslens, "serve", "--db", db, "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [server.stdout.readline() for _ in range(3)]
        found = re.search(r"first admin: user '(\w+)', password '([^']+)'", "".join(lines))
        assert found, lines
        name, password = found.groups()
        deadline = time.monotonic() + 30
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            while True:
                try:
                    page = http.get("/login")
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline and server.poll() is None
                    time.sleep(0.1)
            log_in(http, name, password)
            assert http.get("/users").status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(20)
    assert server.returncode == 0, server.stderr.read()
    assert page.status_code == 200
