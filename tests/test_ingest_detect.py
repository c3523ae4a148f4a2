"""Publisher, country, covered year and title detected from real reports' content.

The corpus file names (``COUNTRY-YEAR.EXT`` in a folder named after the
publisher) are the expected answers; detection never sees them, because every
source here is read under a neutral path.
"""

from __future__ import annotations

import functools
import gzip
import importlib
from array import array
from pathlib import Path

import pycountry
import pytest

from rightslens.ingest.detect import detect_meta
from rightslens.ingest.read import read_source
from rightslens.model import Block, MappedText, Source
from tests.conftest import CORPUS, needs_corpus

# Country slugs of the corpus whose ISO code pycountry's fuzzy search would not find.
_SLUG_CODES = {
    "burma": "MM",
    "cote-divoire": "CI",
    "democratic-peoples-republic-of-korea": "KP",
    "north-korea": "KP",
    "republic-of-korea": "KR",
    "south-korea": "KR",
    "democratic-republic-of-the-congo": "CD",
    "republic-of-the-congo": "CG",
    "kosovo": "XK",
    "macedonia": "MK",
    "swaziland": "SZ",
    "russia": "RU",
    "laos": "LA",
    "micronesia": "FM",
    "federated-states-of-micronesia": "FM",
    "israel-and-the-occupied-territories": "IL",
    "israel-west-bank-and-gaza": "IL",
    "israel-golan-heights-west-bank-and-gaza": "IL",
    "china-includes-tibet-hong-kong-and-macau": "CN",
    "china-includes-tibet-hong-kong-and-macau-china": "CN",
    "niger": "NE",
    "dominica": "DM",
    "guinea": "GN",
    "sudan": "SD",
    "the-bahamas": "BS",
    "thebahamas": "BS",
    "the-gambia": "GM",
    "uraguay": "UY",
    "malaysia-2": "MY",
    "turkey": "TR",
    "brunei": "BN",
}
_FAST_FOLDERS = ("usdos", "hrw", "amnesty")


def _expected_code(slug: str) -> str:
    slug = slug.lower().removesuffix("__trashed")
    if slug in _SLUG_CODES:
        return _SLUG_CODES[slug]
    for name in (slug, slug.replace("-", " ")):
        try:
            return pycountry.countries.lookup(name).alpha_2
        except LookupError:
            continue
    return pycountry.countries.search_fuzzy(slug.replace("-", " "))[0].alpha_2


def _line_blocks(source: Source) -> list[Block]:
    """Blocks made by splitting lines: what detection gets from the roughest cleaner."""
    blocks = []
    for piece in MappedText.from_source(source.text).split(r"\n\s*\n|\n"):
        text = piece.strip()
        if len(text):
            blocks.append(Block(text))
    return blocks


def _clean_blocks(source: Source) -> list[Block]:
    """The project's cleaner for the source's format where it is written, else line blocks."""
    module, function = {
        "html": ("rightslens.clean.html", "html_blocks"),
        "markdown": ("rightslens.clean.markdown", "markdown_blocks"),
    }.get(source.format, ("rightslens.clean.text", "text_blocks"))
    try:
        cleaner = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        return _line_blocks(source)
    return cleaner(source)


@functools.cache
def _read(path: Path) -> Source:
    """The file as read, under a name that gives nothing away."""
    neutral = "report.html.gz" if path.name.endswith(".gz") else f"report{path.suffix}"
    return read_source(neutral, path.read_bytes())


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(path for folder in _FAST_FOLDERS for path in (CORPUS / folder).glob("*.*"))


def _check(path: Path, source: Source, blocks: list[Block]) -> str | None:
    """What detection got wrong for one corpus file, or None."""
    if path.parent.name.isdigit():  # usdos-web/YEAR/COUNTRY.html.gz
        publisher, slug, year = "usdos", path.name.split(".")[0], path.parent.name
    else:
        publisher = path.parent.name
        slug, year = path.name.split(".")[0].rsplit("-", 1)
    meta = detect_meta(source, blocks)
    expected = (publisher, _expected_code(slug), int(year))
    got = (meta.publisher, meta.country, meta.year)
    if got != expected or not meta.title:
        return f"{path.relative_to(CORPUS)}: expected {expected}, got {got} {meta.title!r}"
    return None


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", _corpus_files(), ids=lambda path: f"{path.parent.name}/{path.name}"
)
@pytest.mark.parametrize("blocks_from", ["cleaner", "lines", "none"])
def test_detect_meta_finds_publisher_country_year_of_corpus_file(path: Path, blocks_from: str):
    source = _read(path)
    blocks = {"cleaner": _clean_blocks, "lines": _line_blocks, "none": lambda _: []}[blocks_from](
        source
    )
    assert _check(path, source, blocks) is None


@needs_corpus
@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("year", range(2016, 2025))
def test_detect_meta_finds_every_state_department_web_page(year: int):
    failures = []
    pages = sorted((CORPUS / "usdos-web" / str(year)).glob("*.html.gz"))
    for path in pages:
        source = Source(
            path="page.html",
            data=b"",
            format="html",
            text=gzip.decompress(path.read_bytes()).decode("utf-8"),
            encoding="utf-8",
        )
        failure = _check(path, source, [])
        if failure:
            failures.append(failure)
    assert pages
    assert not failures, "\n".join(failures)


def _text_source(text: str, fmt: str = "text") -> Source:
    return Source(path="report.txt", data=text.encode(), format=fmt, text=text, encoding="utf-8")


def test_detect_meta_state_department_pdf_title_gives_covered_year():
    text = (
        "KAZAKHSTAN 2019 HUMAN RIGHTS REPORT\nEXECUTIVE SUMMARY\n"
        "The Republic of Kazakhstan's government concentrates power in the presidency. "
        "In 2018 the country selected 16 of 47 senators.\n"
    )
    meta = detect_meta(_text_source(text), [])
    assert (meta.publisher, meta.country, meta.year) == ("usdos", "KZ", 2019)
    assert meta.title == "KAZAKHSTAN 2019 HUMAN RIGHTS REPORT"


def test_detect_meta_world_report_edition_covers_the_year_before():
    text = (
        "Human Rights Watch World Report 2002: Europe & Central Asia: Kazakhstan\n"
        "HUMAN RIGHTS DEVELOPMENTS\nThe government tightened control over the media in 2001.\n"
    )
    meta = detect_meta(_text_source(text), [])
    assert (meta.publisher, meta.country, meta.year) == ("hrw", "KZ", 2001)


def test_detect_meta_amnesty_report_edition_covers_the_year_before():
    text = (
        "RUSSIAN FEDERATION\nHead of state: Vladimir Putin\nHead of government: Dmitry Medvedev\n"
        "Peaceful protest was met with repression.\nAmnesty International Report 2013 219\n"
    )
    meta = detect_meta(_text_source(text), [])
    assert (meta.publisher, meta.country, meta.year) == ("amnesty", "RU", 2012)
    assert meta.title == "Russian Federation 2012 (Amnesty International)"


def test_detect_meta_amnesty_split_edition_covers_its_first_year():
    text = "KENYA\nREPUBLIC OF KENYA\nHead of state and government: Uhuru Kenyatta\n"
    text += "Amnesty International Report 2016/17\n"
    assert detect_meta(_text_source(text), []).year == 2016


def test_detect_meta_html_title_beats_navigation_country_lists():
    options = "".join(f"<option>{name}</option>" for name in ("Albania", "Angola") * 50)
    page = (
        "<html><head><title>Kosovo - United States Department of State</title>"
        '<link rel="canonical" href="https://www.state.gov/reports/'
        '2023-country-reports-on-human-rights-practices/kosovo/"></head>'
        f"<body><select>{options}</select><h1>Kosovo</h1><p>Executive Summary</p></body></html>"
    )
    meta = detect_meta(_text_source(page, "html"), [])
    assert (meta.publisher, meta.country, meta.year) == ("usdos", "XK", 2023)
    assert meta.title == "Kosovo 2023 (US State Department)"


def test_detect_meta_unknown_publisher_falls_back_to_frequent_names_and_years():
    text = "Notes\nIn 2010 Chile and Peru talked. Peru voted in 2010 and Peru in 2009.\n"
    meta = detect_meta(_text_source(text), [])
    assert (meta.publisher, meta.country, meta.year) == ("unknown", "PE", 2010)


def test_detect_meta_reads_file_name_only_when_content_is_silent():
    source = Source(
        path="reports/uzbekistan-2005.txt", data=b"", format="text", text="Nothing.", encoding=""
    )
    meta = detect_meta(source, [])
    assert (meta.country, meta.year) == ("UZ", 2005)


def test_line_blocks_keep_offsets():
    source = _text_source("A\n\nB line\n")
    blocks = _line_blocks(source)
    assert [block.text.text for block in blocks] == ["A", "B line"]
    assert blocks[1].text.offsets == array("q", range(3, 9))
