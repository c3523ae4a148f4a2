"""What several routes share: the app's store, paging, year ranges, and 4xx errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

from rightslens.errors import NotFoundError, RightslensError
from rightslens.find.search import parse_years
from rightslens.store import SQLStore

Checked = TypeVar("Checked")


class ParameterError(RightslensError):
    """A request parameter that parses but makes no sense (a year range that ends first)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


class UnknownValueError(NotFoundError):
    """A parameter naming something the store lacks (a topic a report does not have)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


def get_store(request: Request) -> SQLStore:
    """The one store the app opened (``create_app``)."""
    return request.app.state.store


StoreDep = Annotated[SQLStore, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=10_000, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items first.")]
YearsQuery = Annotated[
    str | None,
    Query(
        description="A year (2019) or an inclusive range (2012-2019).",
        examples=["2012-2019"],
    ),
]


def checked(parameter: str, check: Callable[[str], Checked], value: str) -> Checked:
    """``check(value)``, with its error re-raised naming the parameter (and keeping its status)."""
    try:
        return check(value)
    except NotFoundError as error:
        raise UnknownValueError(parameter, str(error)) from None
    except RightslensError as error:
        raise ParameterError(parameter, str(error)) from None


def year_range(value: str | None) -> tuple[int, int] | None:
    """``"2019"`` or ``"2012-2019"`` as an inclusive range; None when not given."""
    return checked("years", parse_years, value) if value and value.strip() else None
