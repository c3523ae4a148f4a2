"""Users, API tokens, web sessions, failed logins and the cookie secret in the store: hashes
only, never secrets.

Passwords are hashed, and tokens and session ids made, in ``rightslens.accounts``. A user
id is never given twice (the highest ever given is kept in ``store_info``), so nothing
that names a deleted user can come to name a new one.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from rightslens.errors import NotFoundError, RightslensError
from rightslens.model import User
from rightslens.store.schema import api_tokens, login_failures, sessions, store_info, users
from rightslens.store.sql import SQLStore

SECRET_KEY = "session_secret"
LAST_USER_KEY = "last_user_id"


def _user(row: Any) -> User:
    return User(id=row.id, name=row.name, role=row.role, created_at=_iso(row.created_at))


def _iso(moment: datetime) -> str:
    """UTC, to the second; SQLite gives back naive datetimes of what was stored as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def add_user(store: SQLStore, name: str, password_hash: str, role: str) -> User:
    """Store a new user under an id no user ever had; a taken name is an error that says so."""
    now = datetime.now(UTC)
    try:
        with store.engine.begin() as conn:
            user_id = _next_user_id(conn)
            conn.execute(
                insert(users).values(
                    id=user_id, name=name, password_hash=password_hash, role=role, created_at=now
                )
            )
    except IntegrityError:
        raise RightslensError(f"a user named {name!r} exists already") from None
    return User(id=user_id, name=name, role=role, created_at=_iso(now))  # type: ignore[arg-type]


def _next_user_id(conn: Connection) -> int:
    """One more than the highest id ever given (SQLite would reuse a deleted highest id),
    recorded at once; the row is locked on PostgreSQL so two writers do not share it."""
    key = store_info.c.key == LAST_USER_KEY
    recorded = conn.execute(select(store_info.c.value).where(key).with_for_update()).scalar()
    highest = conn.execute(select(func.max(users.c.id))).scalar() or 0
    user_id = max(int(recorded or 0), highest) + 1
    if recorded is None:
        conn.execute(insert(store_info).values(key=LAST_USER_KEY, value=str(user_id)))
    else:
        conn.execute(update(store_info).where(key).values(value=str(user_id)))
    return user_id


def user_count(store: SQLStore) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(users)).scalar_one()


def list_users(store: SQLStore) -> list[User]:
    with store.engine.connect() as conn:
        return [_user(row) for row in conn.execute(select(users).order_by(users.c.name))]


def user_with_hash(store: SQLStore, name: str) -> tuple[User, str]:
    """A user and their password hash, for checking a password; ``NotFoundError`` if none."""
    with store.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"no user named {name!r}")
    return _user(row), row.password_hash


def update_user(
    store: SQLStore, name: str, *, role: str | None = None, password_hash: str | None = None
) -> None:
    """Change a user's role or password hash, ending every session of theirs."""
    values = {
        key: value
        for key, value in (("role", role), ("password_hash", password_hash))
        if value is not None
    }
    with store.engine.begin() as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.name == name)).scalar()
        if user_id is None:
            raise NotFoundError(f"no user named {name!r}")
        conn.execute(update(users).where(users.c.id == user_id).values(**values))
        conn.execute(delete(sessions).where(sessions.c.user_id == user_id))


def delete_user(store: SQLStore, name: str) -> None:
    with store.engine.begin() as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.name == name)).scalar()
        if user_id is None:
            raise NotFoundError(f"no user named {name!r}")
        conn.execute(delete(api_tokens).where(api_tokens.c.user_id == user_id))
        conn.execute(delete(sessions).where(sessions.c.user_id == user_id))
        conn.execute(delete(users).where(users.c.id == user_id))


def add_token(store: SQLStore, user_id: int, token_hash: str, label: str) -> int:
    with store.engine.begin() as conn:
        return conn.execute(
            insert(api_tokens).values(
                user_id=user_id, token_hash=token_hash, label=label, created_at=datetime.now(UTC)
            )
        ).inserted_primary_key[0]


def user_for_token(store: SQLStore, token_hash: str) -> User | None:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(users)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.token_hash == token_hash)
        ).first()
    return _user(row) if row else None


def list_tokens(store: SQLStore, user_id: int) -> list[dict[str, Any]]:
    """A user's tokens: id, label and when made (the tokens themselves are not kept)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(api_tokens.c.id, api_tokens.c.label, api_tokens.c.created_at)
            .where(api_tokens.c.user_id == user_id)
            .order_by(api_tokens.c.id)
        ).all()
    return [{"id": r.id, "label": r.label, "created_at": _iso(r.created_at)} for r in rows]


def revoke_token(store: SQLStore, user_id: int, token_id: int) -> None:
    with store.engine.begin() as conn:
        gone = conn.execute(
            delete(api_tokens).where(
                (api_tokens.c.id == token_id) & (api_tokens.c.user_id == user_id)
            )
        )
    if not gone.rowcount:
        raise NotFoundError(f"no token {token_id}")


def session_secret(store: SQLStore) -> str:
    """The key that signs session cookies: made once per store, so sessions outlive restarts
    (and every server process of a store signs alike; the first to make it wins)."""
    query = select(store_info.c.value).where(store_info.c.key == SECRET_KEY)
    with store.engine.connect() as conn:
        found = conn.execute(query).scalar()
    if found:
        return found
    try:
        with store.engine.begin() as conn:
            conn.execute(insert(store_info).values(key=SECRET_KEY, value=secrets.token_urlsafe(48)))
    except IntegrityError:  # another process made it first
        pass
    with store.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def add_session(store: SQLStore, user_id: int, id_hash: str, lifetime: timedelta) -> None:
    """Record a web session (by the hash of its id), dropping the expired ones of every user."""
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < now))
        conn.execute(
            insert(sessions).values(
                id_hash=id_hash, user_id=user_id, created_at=now, expires_at=now + lifetime
            )
        )


def user_for_session(store: SQLStore, id_hash: str) -> User | None:
    """The user of a live session, or None for an ended, expired or unknown one."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(users)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where((sessions.c.id_hash == id_hash) & (sessions.c.expires_at > datetime.now(UTC)))
        ).first()
    return _user(row) if row else None


def end_session(store: SQLStore, id_hash: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.id_hash == id_hash))


def add_login_failure(store: SQLStore, account: str, address: str, window: timedelta) -> None:
    """Record a failed login, dropping failures older than ``window``."""
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        conn.execute(delete(login_failures).where(login_failures.c.at < now - window))
        conn.execute(insert(login_failures).values(account=account, address=address, at=now))


def login_failures_since(
    store: SQLStore, account: str, address: str, since: datetime
) -> tuple[int, int]:
    """Failed logins since ``since``: (for this account name, from this address)."""
    recent = login_failures.c.at >= since

    def count(condition: Any) -> int:
        return conn.execute(
            select(func.count()).select_from(login_failures).where(recent & condition)
        ).scalar_one()

    with store.engine.connect() as conn:
        return (
            count(login_failures.c.account == account),
            count(login_failures.c.address == address),
        )


def clear_login_failures(store: SQLStore, account: str) -> None:
    """Forget an account's failed logins, after it logged in."""
    with store.engine.begin() as conn:
        conn.execute(delete(login_failures).where(login_failures.c.account == account))
