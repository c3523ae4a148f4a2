"""A real, throw-away PostgreSQL server for the tests, started from the machine's binaries."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def available() -> bool:
    return _binary("initdb") is not None and _binary("pg_ctl") is not None


def _as_postgres_user() -> list[str]:
    """initdb refuses to run as root: run the server as the 'postgres' account then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"]
    return []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server() -> Iterator[str]:
    """Start a server on a private socket folder; yield a URL prefix (add a database name)."""
    root = Path(tempfile.mkdtemp(prefix="rightslens-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    prefix = _as_postgres_user()
    if prefix:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    subprocess.run(
        [
            *prefix,
            _binary("initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-instructions",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-k {sockets} -p {port} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        [
            *prefix,
            _binary("pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(root / "server.log"),
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@/{{database}}?host={sockets}&port={port}"
    finally:
        subprocess.run(
            [*prefix, _binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
