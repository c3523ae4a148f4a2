"""Accounts: who may read, edit and manage a store.

Passwords are hashed with argon2 (``argon2-cffi``); API tokens are random and
only their SHA-256 is stored, so neither can be read back from a stolen store.
Roles rise: ``reader`` browses, searches and exports; ``editor`` also uploads
reports and reviews facts; ``admin`` also manages users.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from rightslens.errors import NotFoundError, RightslensError
from rightslens.model import ROLES, User
from rightslens.store import SQLStore
from rightslens.store import accounts as stored

FIRST_ADMIN = "admin"
MIN_PASSWORD = 8
TOKEN_PREFIX = "rl_"

_hasher = PasswordHasher()


class AuthError(RightslensError):
    """Wrong name, password or token, or a role too low for what was asked."""


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


def authenticate(store: SQLStore, name: str, password: str) -> User:
    """The user whose name and password these are; ``AuthError`` (never saying which was
    wrong) otherwise."""
    try:
        user, password_hash = stored.user_with_hash(store, name.strip())
    except NotFoundError:
        # Hash anyway, so the time taken does not tell which names exist.
        _hasher.hash(password)
        raise AuthError("wrong user name or password") from None
    try:
        _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        raise AuthError("wrong user name or password") from None
    return user


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
