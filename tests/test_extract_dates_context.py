"""Dates without a year that take it from their paragraph, in the style of the reports."""

from __future__ import annotations

from rightslens.extract.dates import find_dates
from rightslens.extract.parse import load_nlp, parse_report
from rightslens.model import Paragraph


def dates_of(text: str, year: int) -> list[tuple[str, str]]:
    report = parse_report(text, [Paragraph(0, len(text))], year, None, nlp=load_nlp())
    return [(fact.text, fact.value) for fact in find_dates(report)]


def test_find_dates_same_month_earlier_in_the_paragraph_gives_the_year():
    text = (
        "On January 4, 2021, protests broke out in Osh over fuel prices. "
        "On January 5, police shot dead a protester in Jalal-Abad."
    )
    assert ("January 5", "2021-01-05") in dates_of(text, 2022)


def test_find_dates_another_month_since_keeps_the_report_year():
    text = (
        "In December 2021, Sherzod Kamolov died in police custody in Namangan. "
        "On June 30, a court sentenced two guards to prison in connection with his death."
    )
    assert ("June 30", "2022-06-30") in dates_of(text, 2022)
