"""The library: stored reports by country and year, and the upload form for editors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import Response

from rightslens import api
from rightslens.errors import RightslensError
from rightslens.ingest.countries import country_name
from rightslens.ingest.read import DEFAULT_MAX_BYTES
from rightslens.model import DocumentSummary, User
from rightslens.server.auth import Editor, Reader, is_public
from rightslens.server.upload import UPLOAD_SUFFIXES, UploadOutcome, overrides, receive_upload
from rightslens.web.render import render

router = APIRouter(include_in_schema=False)

UNKNOWN_COUNTRY = "Country not detected"


@dataclass
class CountryShelf:
    """One country's reports, newest year first."""

    code: str | None
    name: str
    years: list[tuple[int | None, list[DocumentSummary]]]


def file_name(summary: DocumentSummary) -> str:
    return PurePath(summary.path).name


def shelves(summaries: list[DocumentSummary]) -> list[CountryShelf]:
    """Reports grouped by country (by name), then year (newest first), then publisher."""
    by_country: dict[str | None, dict[int | None, list[DocumentSummary]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for summary in summaries:
        by_country[summary.country][summary.year].append(summary)
    found = [
        CountryShelf(
            code,
            country_name(code) if code else UNKNOWN_COUNTRY,
            [
                (year, sorted(reports, key=lambda s: (s.publisher, -s.version)))
                for year, reports in sorted(years.items(), key=lambda item: -(item[0] or 0))
            ],
        )
        for code, years in by_country.items()
    ]
    return sorted(found, key=lambda shelf: (shelf.code is None, shelf.name))


def can_upload(request: Request, user: User | None) -> bool:
    return user is not None and not is_public(request) and user.can("editor")


@router.get("/")
def library(
    request: Request,
    user: Reader,
    country: str = "",
    publisher: str = "",
    all_versions: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    everything = api.documents(request.app.state.store, all_versions=all_versions)
    chosen = [
        summary
        for summary in everything
        if (not country or (summary.country or "") == country.upper())
        and (not publisher or summary.publisher == publisher.lower())
    ]
    countries = sorted(
        {s.country for s in everything if s.country}, key=lambda code: country_name(code)
    )
    context = {
        "shelves": shelves(chosen),
        "count": len(chosen),
        "countries": [(code, country_name(code)) for code in countries],
        "publishers": sorted({s.publisher for s in everything}),
        "filters": {
            "country": country.upper(),
            "publisher": publisher.lower(),
            "all": all_versions,
        },
        "can_upload": can_upload(request, user),
        "accept": ",".join(UPLOAD_SUFFIXES),
        "max_mb": DEFAULT_MAX_BYTES // (1024 * 1024),
        "file_name": file_name,
    }
    return render(request, "library.html", context)


@router.post("/upload")
def upload(
    request: Request,
    _user: Editor,
    file: Annotated[UploadFile, File()],
    publisher: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
) -> Response:
    """Ingest an uploaded report; answer with a page of what was stored, or of what is
    wrong with the file (``static/upload.js`` sends the form to show progress, then shows
    this page)."""
    try:
        outcome = receive_upload(request.app.state.store, file, overrides(publisher, country, year))
    except RightslensError as error:
        outcome = UploadOutcome(file.filename or "upload", error=str(error))
    status = 400 if outcome.error else 200
    return render(request, "upload_result.html", {"outcome": outcome}, status)
