"""rightslens: country human rights reports as structured, evidence-linked data.

The Python API lives in ``rightslens.api`` and is reachable from the package
itself, loaded on first use (so ``import rightslens`` stays cheap)::

    import rightslens

    store = rightslens.open_store("reports.db")
    rightslens.ingest(store, ["samples/"])
    hits = rightslens.search(store, "torture", rightslens.make_filters(store, country="KZ"))
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    api = import_module("rightslens.api")
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'rightslens' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *import_module("rightslens.api").__all__])
