"""Sessions end when they should: at logout, with a new password or role, with the user
deleted (whose id no new user ever gets); failed logins are limited per account and per
client address; a bad API token is an answer, never a server error."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from rightslens import accounts, api
from rightslens.server import create_app
from rightslens.store import accounts as stored
from tests.web import PASSWORD, csrf_of, ensure_user, log_in, logged_in, post_form, serving


@pytest.fixture
def site(tmp_path) -> Iterator[tuple[object, str]]:
    """An empty store of its own with an admin, served; yields (store, base URL)."""
    with api.open_store(str(tmp_path / "sessions.db")) as store:
        ensure_user(store, "ada", "admin")
        with serving(create_app(store)) as url:
            yield store, url


def _signed_in(client: httpx.Client) -> bool:
    """Whether the client's session still counts: the account page answers instead of
    sending it to log in."""
    return client.get("/account").status_code == 200


def test_web_sessions_a_deleted_users_cookie_never_becomes_the_next_users(site):
    store, url = site
    ensure_user(store, "a", "reader")
    with logged_in(url, "a") as kept:
        first_id = {u.name: u.id for u in stored.list_users(store)}["a"]
        stored.delete_user(store, "a")
        ensure_user(store, "b", "admin")
        assert {u.name: u.id for u in stored.list_users(store)}["b"] > first_id
        assert not _signed_in(kept)
        made = kept.post("/users", data={"name": "eve", "password": PASSWORD, "role": "admin"})
        assert made.status_code in (303, 403) and made.headers.get("location") != "/users"
        assert "eve" not in {u.name for u in stored.list_users(store)}


def test_web_sessions_user_ids_are_never_given_twice(site):
    store, _ = site
    ensure_user(store, "c", "reader")
    highest = max(u.id for u in stored.list_users(store))
    stored.delete_user(store, "c")
    ensure_user(store, "d", "reader")
    assert {u.name: u.id for u in stored.list_users(store)}["d"] == highest + 1


def test_web_sessions_logout_ends_every_copy_of_the_cookie(site):
    _, url = site
    with logged_in(url, "ada") as browser, logged_in(url, None) as stolen:
        stolen.cookies.update(browser.cookies)  # a copy of the cookie, as an attacker keeps
        assert _signed_in(stolen)
        assert post_form(browser, "/account", "/logout", {}).status_code == 303
        assert not _signed_in(browser) and not _signed_in(stolen)


def test_web_sessions_a_new_password_ends_the_other_sessions_and_keeps_this_one(site):
    store, url = site
    ensure_user(store, "rea", "reader")
    with logged_in(url, "rea") as laptop, logged_in(url, "rea") as phone:
        changed = post_form(
            laptop,
            "/account",
            "/account/password",
            {"current": PASSWORD, "new": "a new long password"},
        )
        assert changed.status_code == 200 and "Password changed" in changed.text
        assert _signed_in(laptop) and not _signed_in(phone)
        accounts.set_password(store, "rea", PASSWORD)  # an admin resets it
        assert not _signed_in(laptop)


def test_web_sessions_a_new_role_or_deletion_ends_the_users_sessions(site):
    store, url = site
    ensure_user(store, "ed", "editor")
    with logged_in(url, "ed") as editor:
        accounts.set_role(store, "ed", "reader")
        assert not _signed_in(editor)
        log_in(editor, "ed")
        assert editor.get("/review").status_code == 403  # the new role holds at once
        stored.delete_user(store, "ed")
        assert not _signed_in(editor)


def _try(client: httpx.Client, name: str, password: str) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login", data={"name": name, "password": password, "csrf_token": csrf_of(page.text)}
    )


def test_web_sessions_failed_logins_are_limited_per_account(site):
    store, url = site
    ensure_user(store, "rea", "reader")
    with logged_in(url, None) as guesser:
        for _ in range(accounts.MAX_ACCOUNT_FAILURES):
            assert _try(guesser, "rea", "a wrong guess").status_code == 401
        refused = _try(guesser, "rea", PASSWORD)
        assert refused.status_code == 429 and "too many failed logins" in refused.text
        assert not _signed_in(guesser)
        assert _try(guesser, "ada", PASSWORD).status_code == 303  # another account may
    with pytest.raises(accounts.TooManyLogins):
        accounts.authenticate(store, "rea", PASSWORD, "10.9.8.7")


def test_web_sessions_a_right_password_forgets_the_accounts_failures(site):
    store, _ = site
    ensure_user(store, "rea", "reader")
    for _ in range(accounts.MAX_ACCOUNT_FAILURES - 1):
        with pytest.raises(accounts.AuthError):
            accounts.authenticate(store, "rea", "a wrong guess", "10.0.0.1")
    assert accounts.authenticate(store, "rea", PASSWORD, "10.0.0.1").name == "rea"
    with pytest.raises(accounts.AuthError) as wrong:
        accounts.authenticate(store, "rea", "a wrong guess", "10.0.0.1")
    assert not isinstance(wrong.value, accounts.TooManyLogins)


def test_web_sessions_failed_logins_are_limited_per_address(site, monkeypatch):
    store, _ = site
    monkeypatch.setattr(accounts, "MAX_ADDRESS_FAILURES", 3)
    for name in ("x1", "x2", "x3"):
        with pytest.raises(accounts.AuthError):
            accounts.authenticate(store, name, "a wrong guess", "10.1.1.1")
    with pytest.raises(accounts.TooManyLogins):
        accounts.authenticate(store, "ada", PASSWORD, "10.1.1.1")
    assert accounts.authenticate(store, "ada", PASSWORD, "10.2.2.2").name == "ada"


@pytest.mark.parametrize("path", ["/no/such/page", "/library", "/api/documents"])
def test_web_sessions_a_bad_bearer_token_is_refused_not_a_server_error(site, path):
    _, url = site
    with logged_in(url, None) as client:
        response = client.get(path, headers={"Authorization": "Bearer rl_forged"})
    assert response.status_code in (303, 401, 404)
