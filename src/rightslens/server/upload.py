"""Uploading a report: one file, ingested with its facts in one transaction.

The REST route ``POST /api/documents`` and the web form ``POST /upload`` both call
``receive_upload``: the upload is ingested under its own file name (the name helps
detect the format and the report) with ``api.ingest_data``. A file that fails
stores nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from rightslens import api
from rightslens.errors import RightslensError
from rightslens.ingest.read import DEFAULT_MAX_BYTES
from rightslens.model import DocumentSummary
from rightslens.server.auth import Editor
from rightslens.server.documents import document_record
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import ParameterError, StoreDep
from rightslens.store import SQLStore
from rightslens.store.sql import content_hash

router = APIRouter(prefix="/documents", tags=["documents"], responses=ERROR_RESPONSES)

UPLOAD_SUFFIXES = (*api.REPORT_SUFFIXES, ".gz")
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass
class UploadOutcome:
    """What one upload did: the reports stored (each with its outcome), or why it failed."""

    file_name: str
    stored: list[tuple[str, DocumentSummary]] = field(default_factory=list)
    error: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "error": self.error,
            "documents": [
                {"outcome": outcome, **document_record(summary)} for outcome, summary in self.stored
            ],
        }


def overrides(
    publisher: str | None = None, country: str | None = None, year: str | int | None = None
) -> api.Overrides:
    """What the uploader says about the report; blank form fields say nothing."""
    text_year = str(year).strip() if year is not None else ""
    if text_year and not text_year.isdigit():
        raise ParameterError("year", f"{text_year!r} is not a year (write it as 2019)")
    said = {
        "publisher": (publisher or "").strip().lower() or None,
        "country": (country or "").strip().upper() or None,
        "year": int(text_year) if text_year else None,
    }
    for parameter, value in said.items():
        try:
            api.Overrides(**{parameter: value})
        except RightslensError as error:
            raise ParameterError(parameter, str(error)) from error
    return api.Overrides(**said)


def safe_name(name: str | None) -> str:
    """The uploaded file's own name, without folders or characters a file system dislikes."""
    base = _UNSAFE_NAME.sub("_", PurePath((name or "").replace("\\", "/")).name).strip(" .")
    return base[:200] or "upload"


def receive_upload(
    store: SQLStore,
    upload: UploadFile,
    wanted: api.Overrides,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> UploadOutcome:
    """Ingest an uploaded file (facts extracted, entities resolved again); never raises for
    a bad file: the outcome says what is wrong with it."""
    name = safe_name(upload.filename)
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        kinds = ", ".join(api.REPORT_SUFFIXES)
        return UploadOutcome(name, error=f"{name}: not a report file (send one of {kinds})")
    data = upload.file.read(max_bytes + 1)
    outcome = api.ingest_data(store, name, data, wanted, max_bytes)
    if outcome.error:
        return UploadOutcome(name, error=outcome.error)
    if outcome.skipped:
        same = store.documents_with_source(content_hash(data))
        return UploadOutcome(name, [("unchanged", summary) for summary in same])
    if any(result.outcome != "unchanged" for result in outcome.results):
        store.rebuild_entities()
    return UploadOutcome(name, [(result.outcome, result.summary) for result in outcome.results])


@router.post("")
def upload_document(
    store: StoreDep,
    _user: Editor,
    file: Annotated[UploadFile, File(description="An HTML, Markdown, text or PDF report.")],
    publisher: Annotated[str | None, Form(description="usdos, hrw, amnesty, ...")] = None,
    country: Annotated[str | None, Form(description="ISO 3166-1 alpha-2 code.")] = None,
    year: Annotated[int | None, Form(description="The year the report covers.")] = None,
) -> dict[str, Any]:
    """Ingest one report (editors): its facts are extracted and stored in one transaction.

    Each stored report comes back with its outcome: ``added``, ``new version`` or
    ``unchanged`` (these bytes were stored before). A file that cannot be read stores
    nothing and answers 400 naming the file and the problem.
    """
    outcome = receive_upload(store, file, overrides(publisher, country, year))
    if outcome.error:
        raise ParameterError("file", outcome.error)
    return outcome.record()
