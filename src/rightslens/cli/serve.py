"""The ``serve`` command (the web UI and REST API over one store) and ``users`` (accounts)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from rightslens import accounts
from rightslens.cli import DbOption, JsonOption, app, fail, open_cli_store, out, print_json
from rightslens.errors import RightslensError
from rightslens.model import ROLES
from rightslens.store import SQLStore
from rightslens.store import accounts as stored

T = TypeVar("T")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on.")] = 8000,
    public: Annotated[
        bool,
        typer.Option(help="Publish the store read-only with no login (no uploads, no reviews)."),
    ] = False,
    secure_cookies: Annotated[
        bool, typer.Option(help="Mark session cookies Secure: set this when served over HTTPS.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Server processes; one per CPU core serves many users at once."
        ),
    ] = 1,
) -> None:
    """Serve the web UI at / and the REST API at /api until Ctrl-C.

    A store with no users gets a first admin, whose password is printed once; add more
    people with `rightslens users add NAME --role editor` or on the web UI's Users page.

    Example: `rightslens serve --db reports.db --port 8000`, then open http://127.0.0.1:8000/
    (the API's interactive page is /api/docs; API calls send a token made with
    `rightslens users token NAME`).
    """
    import uvicorn  # here, so other commands do not pay for importing the web stack
    from uvicorn.supervisors import Multiprocess

    from rightslens.server import create_app
    from rightslens.server.app import ENV_DB, ENV_PUBLIC, ENV_SECURE

    store = open_cli_store(db)
    first = None if public else accounts.ensure_first_admin(store)
    if workers > 1:  # uvicorn starts the processes; each builds its app from the environment
        os.environ.update(
            {ENV_DB: store.url, ENV_PUBLIC: str(int(public)), ENV_SECURE: str(int(secure_cookies))}
        )
        application: object = "rightslens.server.app:app_from_environment"
    else:
        application = create_app(store, public=public, secure_cookies=secure_cookies)
    server = uvicorn.Server(
        uvicorn.Config(
            application,  # type: ignore[arg-type]
            host=host,
            port=port,
            log_level="warning",
            workers=workers,
            factory=workers > 1,
        )
    )
    mode = "read-only, no login" if public else "log in to use it"
    out.print(f"serving {store.display_url} at http://{host}:{port}/ ({mode})", markup=False)
    out.print(f"REST API: http://{host}:{port}/api (docs: /api/docs); Ctrl-C stops", markup=False)
    if first:
        name, password = first
        out.print(
            f"first admin: user {name!r}, password {password!r} (shown once: change it on "
            "the account page, or `rightslens users password admin`)",
            markup=False,
        )
    elif not public:
        out.print(
            "log in with an existing user (`rightslens users list`; "
            "`rightslens users password NAME` sets a new password)",
            markup=False,
        )
    try:
        if workers > 1:
            sock = server.config.bind_socket()
            Multiprocess(server.config, sockets=[sock]).run()
            server.started = True
        else:
            server.run()
    except SystemExit:  # uvicorn exits when it cannot bind, after logging why
        server.started = False
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down cleanly
        pass
    finally:
        store.close()
    if not server.started:
        fail(f"could not listen on {host}:{port} (in use, or not an address of this machine?)")


users_app = typer.Typer(
    help=(
        "Accounts for the web UI and API tokens: reader (browse, search, export), editor "
        "(also upload and review facts), admin (also manage users).\n\n"
        "Example: rightslens users add maria --role editor; rightslens users token maria"
    ),
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")

NameArgument = Annotated[str, typer.Argument(help="The user's name.")]
RoleOption = Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")]


def _password(given: str | None) -> str:
    return given or typer.prompt("password", hide_input=True, confirmation_prompt=True)


def _on_store(db: str | None, change: Callable[[SQLStore], T]) -> T:
    """``change`` done on the store; one it refuses (no such user, an unknown role) ends the
    command with the reason."""
    with open_cli_store(db) as store:
        try:
            return change(store)
        except RightslensError as error:
            fail(str(error))


@users_app.command("add")
def add_user(
    name: NameArgument,
    role: RoleOption = "reader",
    password: Annotated[
        str | None, typer.Option(help="Asked for (hidden) when not given.", show_default=False)
    ] = None,
    db: DbOption = None,
) -> None:
    """Add a user. Example: `rightslens users add maria --role editor`."""
    user = _on_store(db, lambda store: accounts.create_user(store, name, _password(password), role))
    out.print(f"added {user.name} ({user.role})", markup=False)


@users_app.command("list")
def list_users(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The users of a store and their roles. Example: `rightslens users list --json`."""
    with open_cli_store(db) as store:
        found = stored.list_users(store)
    if as_json:
        print_json([{"name": u.name, "role": u.role, "created_at": u.created_at} for u in found])
        return
    for user in found:
        out.print(f"{user.name}\t{user.role}\t{user.created_at}", markup=False)


@users_app.command("role")
def set_role(
    name: NameArgument,
    role: Annotated[str, typer.Argument(help="The new role.")],
    db: DbOption = None,
) -> None:
    """Give a user another role. Example: `rightslens users role maria admin`."""
    _on_store(db, lambda store: accounts.set_role(store, name, role))
    out.print(f"{name} is now {role}", markup=False)


@users_app.command("password")
def set_password(
    name: NameArgument,
    password: Annotated[
        str | None, typer.Option(help="Asked for (hidden) when not given.", show_default=False)
    ] = None,
    db: DbOption = None,
) -> None:
    """Set a user's password. Example: `rightslens users password admin`."""
    _on_store(db, lambda store: accounts.set_password(store, name, _password(password)))
    out.print(f"password of {name} changed", markup=False)


@users_app.command("delete")
def delete_user(name: NameArgument, db: DbOption = None) -> None:
    """Delete a user and their API tokens. Example: `rightslens users delete maria`."""
    _on_store(db, lambda store: stored.delete_user(store, name))
    out.print(f"deleted {name}", markup=False)


@users_app.command("token")
def make_token(
    name: NameArgument,
    label: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    db: DbOption = None,
) -> None:
    """Make an API token for a user (printed once; send it as `Authorization: Bearer TOKEN`).

    Example: `rightslens users token maria --label notebook`
    """
    token = _on_store(db, lambda store: accounts.new_token(store, name, label))
    out.print(token, markup=False)
