"""The REST API (FastAPI): ``create_app(db)`` and what ``rightslens serve`` runs.

>>> from rightslens.server import create_app
>>> app = create_app("reports.db")  # then: uvicorn.run(app), or `rightslens serve`
"""

from rightslens.server.app import create_app

__all__ = ["create_app"]
