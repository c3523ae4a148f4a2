"""Files the pages send: an attachment with a name saying what it holds, never shown inline."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.responses import Response

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(*parts: str | None, suffix: str) -> str:
    """``rightslens-events-KZ-2017-2023.csv``: the parts given, safe in any file system."""
    words = [_UNSAFE_IN_NAME.sub("_", part).strip("_") for part in ("rightslens", *parts) if part]
    return "-".join(word for word in words if word)[:150] + f".{suffix}"


def attachment(name: str) -> dict[str, str]:
    """The header that makes a browser save a response as the file ``name``."""
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def send_file(content: str | bytes, media_type: str, name: str) -> Response:
    """``content`` as the attachment ``name``."""
    return Response(content, media_type=media_type, headers=attachment(name))


def written(write: Callable[[Path], object], name: str) -> bytes:
    """The bytes ``write`` puts in a file named ``name``: for writers that need a path (a
    Parquet footer indexes its columns, a DOCX is a zip), in a folder removed after."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        return path.read_bytes()
