"""PDF text extraction: pages in order, one line per visual line, columns in reading order."""

from __future__ import annotations

import re
from functools import cache

import pytest

from rightslens.errors import IngestError
from rightslens.ingest.pdf import PAGE_BREAK, pdf_source
from tests.conftest import CORPUS, needs_corpus
from tests.pdfs import (
    encrypt_with_pypdf,
    make_image_only_pdf,
    make_report_pdf,
    make_two_column_pdf,
    pdf_safe,
    truncate_pdf,
)

HEADER = "Country Reports on Human Rights Practices for 2017"
AMNESTY_PDFS = [
    "kazakhstan-2005",
    "kyrgyzstan-2010",
    "mexico-2010",
    "russia-2012",
    "uzbekistan-2005",
]


def _flat(text: str) -> str:
    return " ".join(text.split())


@cache
def _report_paragraphs() -> tuple[str, ...]:
    lines = (CORPUS / "usdos" / "kazakhstan-2017.txt").read_text(encoding="utf-8").splitlines()
    return tuple(pdf_safe(line.strip()) for line in lines if len(line.split()) > 20)[:14]


@cache
def _report_pdf() -> bytes:
    return make_report_pdf(list(_report_paragraphs()), header=HEADER)


@cache
def _amnesty(name: str):
    path = CORPUS / "amnesty" / f"{name}.pdf"
    return pdf_source(str(path), path.read_bytes())


def _page_texts(source) -> list[str]:
    ends = [*source.page_starts[1:], len(source.text)]
    return [source.text[start:end] for start, end in zip(source.page_starts, ends, strict=True)]


@needs_corpus
def test_ingest_pdf_pages_in_order_with_header_and_footer_lines():
    source = pdf_source("kazakhstan-2017.pdf", _report_pdf())
    pages = _page_texts(source)
    assert source.format == "pdf" and len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert page.endswith(PAGE_BREAK)
        lines = page.removesuffix(PAGE_BREAK).split("\n")
        assert lines[0] == HEADER
        assert lines[-1] == f"Page {number}"
    assert source.page_of(source.page_starts[1]) == 2
    assert source.page_of(source.page_starts[1] - 1) == 1


@needs_corpus
def test_ingest_pdf_body_text_is_faithful_across_page_breaks():
    source = pdf_source("kazakhstan-2017.pdf", _report_pdf())
    furniture = re.compile(rf"^({re.escape(HEADER)}|Page \d+|\f)$", re.MULTILINE)
    body = _flat(furniture.sub("", source.text))
    assert body == _flat(" ".join(_report_paragraphs()))
    # Wrapped lines come out one per visual line, not as whole paragraphs.
    longest = max(len(line) for line in source.text.splitlines())
    assert longest < 130


@needs_corpus
def test_ingest_pdf_sentence_split_by_a_page_break_keeps_its_words():
    source = pdf_source("kazakhstan-2017.pdf", _report_pdf())
    first_page_end = source.page_starts[1]
    last_line = source.text[:first_page_end].removesuffix(PAGE_BREAK).split("\n")[-3]
    next_page_first = source.text[first_page_end:].split("\n")[2]
    joined = _flat(f"{last_line} {next_page_first}")
    assert joined in _flat(" ".join(_report_paragraphs()))


@needs_corpus
def test_ingest_pdf_two_columns_read_left_then_right():
    paragraphs = _report_paragraphs()
    left, right = list(paragraphs[1:3]), list(paragraphs[3:5])
    source = pdf_source("columns.pdf", make_two_column_pdf("KAZAKHSTAN", left, right))
    text = _flat(source.text)
    assert text.startswith("KAZAKHSTAN ")
    assert _flat(" ".join(left + right)) in text


@needs_corpus
def test_ingest_pdf_encrypted_file_is_refused():
    for data in (
        make_report_pdf(list(_report_paragraphs()[:2]), password="secret"),
        encrypt_with_pypdf(_report_pdf(), "secret"),
    ):
        with pytest.raises(IngestError, match="encrypted PDF"):
            pdf_source("locked.pdf", data)


@needs_corpus
def test_ingest_pdf_truncated_file_is_refused():
    for keep in (0.1, 0.5, 0.95):
        with pytest.raises(IngestError, match="not a readable PDF") as caught:
            pdf_source("cut.pdf", truncate_pdf(_report_pdf(), keep))
        assert "\n" not in str(caught.value)


def test_ingest_pdf_garbage_is_refused():
    with pytest.raises(IngestError, match="not a readable PDF"):
        pdf_source("fake.pdf", b"%PDF-1.4\nthis is not really a PDF\n")


def test_ingest_pdf_image_only_file_is_refused():
    with pytest.raises(IngestError, match="no text layer"):
        pdf_source("scan.pdf", make_image_only_pdf())


@needs_corpus
@pytest.mark.parametrize("name", AMNESTY_PDFS)
def test_ingest_pdf_amnesty_pages_have_no_ornament_glyphs(name):
    source = _amnesty(name)
    assert len(source.page_starts) >= 2 and not source.warnings
    assert "(cid:" not in source.text
    assert not re.search("[\ue000-\uf8ff\ufffc]", source.text)
    # Thumb-index letters in the outer margin are not text lines.
    assert not re.search(r"^[A-Z]$", source.text, re.MULTILINE)


@needs_corpus
@pytest.mark.parametrize(
    ("name", "passage"),
    [
        (
            "kyrgyzstan-2010",
            "Four days of violence in June between ethnic Kyrgyz and ethnic Uzbeks left hundreds "
            "dead and forced hundreds of thousands to flee their homes.",
        ),
        (
            "kazakhstan-2005",
            "Refugees from Uzbekistan were not effectively protected and risked being forcibly "
            "returned to Uzbekistan and subjected to serious human rights violations there.",
        ),
        (
            # a tight font with no space characters: words are told apart by their gaps
            "russia-2012",
            "Increasing peaceful political protest was met with repression. New laws restricting "
            "the rights to freedom of expression, assembly and association were introduced.",
        ),
        (
            "mexico-2010",
            "Thousands of people were abducted and killed by criminal gangs.",
        ),
    ],
)
def test_ingest_pdf_amnesty_columns_come_out_in_reading_order(name, passage):
    assert passage in _flat(_amnesty(name).text)


@needs_corpus
def test_ingest_pdf_amnesty_entry_header_lines_stay_whole():
    lines = _amnesty("kyrgyzstan-2010").text.split("\n")
    start = lines.index("KYRGYZSTAN")
    following = [line for line in lines[start + 1 : start + 5] if line]
    assert following[:2] == [
        "KYRGYZ REPUBLIC",
        "Head of state: Roza Otunbaeva (replaced Kurmanbek Bakiev",
    ]
