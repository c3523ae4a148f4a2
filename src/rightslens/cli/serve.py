"""The ``serve`` command: the REST API (and, later, the web UI) over one store."""

from __future__ import annotations

from typing import Annotated

import typer

from rightslens.cli import DbOption, app, fail, open_cli_store, out


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on.")] = 8000,
) -> None:
    """Serve the REST API until Ctrl-C: reports, topics, text, facts and entities as JSON.

    Example: `rightslens serve --db reports.db --port 8000`, then open
    http://127.0.0.1:8000/api/docs for the interactive API page, or
    `curl http://127.0.0.1:8000/api/documents`.
    """
    import uvicorn  # here, so other commands do not pay for importing the web stack

    from rightslens.server import create_app

    store = open_cli_store(db)
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host=host, port=port, log_level="warning")
    )
    out.print(
        f"serving {store.display_url} at http://{host}:{port}/api (docs: /api/docs); Ctrl-C stops",
        markup=False,
    )
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind, after logging why
        server.started = False
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down cleanly
        pass
    finally:
        store.close()
    if not server.started:
        fail(f"could not listen on {host}:{port} (in use, or not an address of this machine?)")
