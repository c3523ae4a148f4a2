"""Accounts: who may read, edit and manage a store.

Passwords are hashed with argon2 (``argon2-cffi``); API tokens are random and
only their SHA-256 is stored, so neither can be read back from a stolen store.
Roles rise: ``reader`` browses, searches and exports; ``editor`` also uploads
reports and reviews facts; ``admin`` also manages users.

A web session is a random id kept by the browser (in the signed cookie) and, as its
SHA-256, by the store: logging out ends it, and a new password, a new role or deleting
the user ends all of that user's. Failed logins are counted per account name and per
client address over ``LOGIN_WINDOW``; past ``MAX_ACCOUNT_FAILURES`` or
``MAX_ADDRESS_FAILURES`` a login is refused before any password is checked, so guessing
is slow and a flood of attempts costs no hashing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from rightslens.errors import NotFoundError, RightslensError
from rightslens.model import ROLES, User
from rightslens.store import SQLStore
from rightslens.store import accounts as stored

FIRST_ADMIN = "admin"
MIN_PASSWORD = 8
TOKEN_PREFIX = "rl_"
SESSION_LIFETIME = timedelta(days=14)
LOGIN_WINDOW = timedelta(minutes=15)
MAX_ACCOUNT_FAILURES = 5
MAX_ADDRESS_FAILURES = 20

_hasher = PasswordHasher()


class AuthError(RightslensError):
    """Wrong name, password or token, or a role too low for what was asked."""


class TooManyLogins(AuthError):
    """Too many failed logins for an account or from an address: wait, then try again."""


def check_role(role: str) -> str:
    if role not in ROLES:
        raise RightslensError(f"unknown role {role!r} (use one of: {', '.join(ROLES)})")
    return role


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise RightslensError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def create_user(store: SQLStore, name: str, password: str, role: str = "reader") -> User:
    name = name.strip()
    if not name or len(name) > 64 or not name.isprintable() or "/" in name:
        raise RightslensError("a user name needs 1-64 printable characters, none of them '/'")
    return stored.add_user(store, name, hash_password(password), check_role(role))


def set_password(store: SQLStore, name: str, password: str) -> None:
    stored.update_user(store, name, password_hash=hash_password(password))


def set_role(store: SQLStore, name: str, role: str) -> None:
    stored.update_user(store, name, role=check_role(role))


def authenticate(store: SQLStore, name: str, password: str, address: str = "") -> User:
    """The user whose name and password these are; ``AuthError`` (never saying which was
    wrong) otherwise, and ``TooManyLogins`` while this account or ``address`` (the client's)
    has failed too often lately."""
    name = name.strip()
    failed_account, failed_address = stored.login_failures_since(
        store, name, address, datetime.now(UTC) - LOGIN_WINDOW
    )
    if failed_account >= MAX_ACCOUNT_FAILURES or failed_address >= MAX_ADDRESS_FAILURES:
        minutes = int(LOGIN_WINDOW.total_seconds() // 60)
        raise TooManyLogins(f"too many failed logins: try again in {minutes} minutes")
    try:
        user, password_hash = stored.user_with_hash(store, name)
        _hasher.verify(password_hash, password)
    except NotFoundError:
        # Hash anyway, so the time taken does not tell which names exist.
        _hasher.hash(password)
        stored.add_login_failure(store, name, address, LOGIN_WINDOW)
        raise AuthError("wrong user name or password") from None
    except (VerificationError, InvalidHashError):
        stored.add_login_failure(store, name, address, LOGIN_WINDOW)
        raise AuthError("wrong user name or password") from None
    stored.clear_login_failures(store, name)
    return user


def start_session(store: SQLStore, user: User) -> str:
    """A new web session for a user: its id, for the browser's cookie (the store keeps its hash)."""
    session_id = secrets.token_urlsafe(32)
    stored.add_session(store, user.id, token_digest(session_id), SESSION_LIFETIME)
    return session_id


def user_for_session(store: SQLStore, session_id: str) -> User | None:
    """The user of a live session; None once it was ended or expired."""
    return stored.user_for_session(store, token_digest(session_id))


def end_session(store: SQLStore, session_id: str) -> None:
    stored.end_session(store, token_digest(session_id))


def new_token(store: SQLStore, name: str, label: str = "") -> str:
    """A fresh API token for a user, shown this once: only its hash is kept."""
    user, _ = stored.user_with_hash(store, name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    stored.add_token(store, user.id, token_digest(token), label or "api")
    return token


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_token(store: SQLStore, token: str) -> User:
    found = stored.user_for_token(store, token_digest(token.strip()))
    if found is None:
        raise AuthError("unknown or revoked API token")
    return found


def ensure_first_admin(store: SQLStore) -> tuple[str, str] | None:
    """When a store has no users yet, make the first admin with a random password and return
    its (name, password) so they can be shown once; None when users exist."""
    if stored.user_count(store):
        return None
    password = secrets.token_urlsafe(12)
    create_user(store, FIRST_ADMIN, password, "admin")
    return FIRST_ADMIN, password
