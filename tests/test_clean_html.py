"""Web pages to body-text blocks: state.gov report pages 2016-2024 and old hrw.org chapters."""

from __future__ import annotations

import gzip
import html
import re
from collections import Counter
from pathlib import Path

import pytest

from rightslens.clean.html import html_blocks
from rightslens.model import Block, Source
from tests.conftest import CORPUS, needs_corpus

USDOS_WEB = CORPUS / "usdos-web"
HRW = CORPUS / "hrw"

# Visible text of state.gov page furniture: banners, menus, report tools, the popup.
CHROME_PHRASES = (
    "An official website of the United States Government",
    "Official websites use .gov",
    "Secure .gov websites use HTTPS",
    "State Department Home",
    "Download Report",
    "View report by",
    "On This Page",
    "Build a Custom Report",
    "follow us",
    "The Lessons of 1989",
    "Back to Top",
    "Read a Section",
)
SECTION_ONE = re.compile(r"Section 1\. (Respect for the Integrity of the Person|Life)\b")


def read_page(path: Path) -> Source:
    data = path.read_bytes()
    raw = gzip.decompress(data) if path.suffix == ".gz" else data
    return Source(str(path), data, "html", raw.decode("utf-8"), "utf-8")


def page_source(text: str) -> Source:
    return Source("page.html", text.encode(), "html", text, "utf-8")


def headings(blocks: list[Block]) -> list[str]:
    return [block.text.text for block in blocks if block.kind == "heading"]


def offset_errors(source: Source, blocks: list[Block]) -> list[str]:
    """Characters whose offset does not point at themselves, their entity or their space."""
    errors = []
    for number, block in enumerate(blocks):
        for char, offset in zip(block.text.text, block.text.offsets, strict=True):
            at = source.text[offset]
            if at == char or (char == " " and (at.isspace() or at in "<&")):
                continue
            if at == "&":
                entity = re.match(r"&#?\w+;?", source.text[offset:])
                if entity and char in html.unescape(entity.group()):
                    continue
            errors.append(f"block {number}: {char!r} maps to {at!r} at {offset}")
    return errors


@needs_corpus
def test_html_kazakhstan_2023_headings_in_order_without_toc_copies():
    blocks = html_blocks(read_page(USDOS_WEB / "2023" / "kazakhstan.html.gz"))
    found = headings(blocks)
    expected = [
        "2023 Country Reports on Human Rights Practices: Kazakhstan",
        "EXECUTIVE SUMMARY",
        "Section 1. Respect for the Integrity of the Person",
        "a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings",
        "b. Disappearance",
        "Prison and Detention Center Conditions",
        "Section 2. Respect for Civil Liberties",
        "Section 7. Worker Rights",
        "e. Acceptable Conditions of Work",
    ]
    positions = [found.index(heading) for heading in expected]
    assert positions == sorted(positions)
    sections = [heading for heading in found if heading.startswith("Section ")]
    assert [heading.split(".")[0] for heading in sections] == [f"Section {n}" for n in range(1, 8)]
    assert all(count == 1 for count in Counter(found).values())
    assert blocks[found.index("EXECUTIVE SUMMARY")].level == 2
    assert next(b for b in blocks if b.text.text.startswith("Section 1.")).level == 2
    assert next(b for b in blocks if b.text.text == "b. Disappearance").level == 3
    assert blocks[2].kind == "paragraph"
    assert blocks[2].text.text.startswith("There were no significant changes")


@needs_corpus
def test_html_section_heading_joins_label_and_title_ranges():
    source = read_page(USDOS_WEB / "2023" / "kazakhstan.html.gz")
    heading = next(b for b in html_blocks(source) if b.text.text.startswith("Section 1."))
    label, title = heading.text.text.split(" ", 2)[:2], heading.text.text.split(" ", 2)[2]
    start = heading.text.offsets[0]
    assert source.text[start : start + len("Section 1.")] == " ".join(label)
    title_start = heading.text.offsets[len("Section 1. ")]
    assert source.text[title_start : title_start + len(title)] == title


@needs_corpus
def test_html_kazakhstan_2023_keeps_run_in_labels_in_paragraphs():
    blocks = html_blocks(read_page(USDOS_WEB / "2023" / "kazakhstan.html.gz"))
    labelled = [b for b in blocks if b.text.text.startswith("Abusive Physical Conditions:")]
    assert len(labelled) == 1 and labelled[0].kind == "paragraph"
    assert len(labelled[0].text) > 200


@needs_corpus
@pytest.mark.parametrize(
    ("year", "country"),
    [
        ("2016", "kazakhstan"),
        ("2017", "india"),
        ("2018", "brazil"),
        ("2019", "kazakhstan"),
        ("2020", "nigeria"),
        ("2021", "france"),
        ("2022", "kazakhstan"),
        ("2023", "china"),
        ("2024", "kazakhstan"),
    ],
)
def test_html_state_department_page_gives_body_only(year, country):
    source = read_page(USDOS_WEB / year / f"{country}.html.gz")
    blocks = html_blocks(source)
    found = headings(blocks)
    assert found[0].startswith(f"{year} Country Reports on Human Rights Practices")
    assert any(re.fullmatch("executive summary", h, re.IGNORECASE) for h in found)
    assert sum(bool(SECTION_ONE.match(h)) for h in found) == 1
    last_section = "Section 3. Security of the Person" if year == "2024" else "Section 7."
    assert sum(h.startswith(last_section) for h in found) == 1
    for block in blocks:
        assert block.text.text == block.text.text.strip()
        assert "  " not in block.text.text and "\n" not in block.text.text
        assert not [p for p in CHROME_PHRASES if p.lower() in block.text.text.lower()], block
    assert sum(len(b.text) for b in blocks if b.kind == "paragraph") > 20_000
    assert offset_errors(source, blocks) == []


@needs_corpus
def test_html_2024_outline_and_fifth_level_headings():
    blocks = html_blocks(read_page(USDOS_WEB / "2024" / "kazakhstan.html.gz"))
    levels = {b.text.text: b.level for b in blocks if b.kind == "heading"}
    assert levels["Section 1. Life"] == 2
    assert levels["Section 2. Liberty"] == 2
    assert levels["a. Extrajudicial Killings"] == 3
    assert levels["Prolonged Detention without Charges"] == 4
    assert levels["Wage and Hour Laws"] == 5


@needs_corpus
def test_html_plain_text_pasted_into_one_paragraph_is_read_as_text():
    source = read_page(USDOS_WEB / "2024" / "kenya.html.gz")
    blocks = html_blocks(source)
    found = headings(blocks)
    assert "Section 1. Life" in found and "a. Extrajudicial Killings" in found
    assert len(blocks) > 50
    assert offset_errors(source, blocks) == []


@needs_corpus
def test_html_drops_heading_over_links_to_other_pages():
    found = headings(html_blocks(read_page(USDOS_WEB / "2019" / "china.html.gz")))
    assert not [h for h in found if h.startswith("Read a Section")]
    assert "Executive Summary" in found


@needs_corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "kazakhstan-2001.html",
            ["Kazakhstan", "HUMAN RIGHTS DEVELOPMENTS", "DEFENDING HUMAN RIGHTS", "United Nations"],
        ),
        ("kyrgyzstan-2002.html", ["Kyrgyzstan", "HUMAN RIGHTS DEVELOPMENTS", "China"]),
        ("tajikistan-2000.html", ["Tajikistan", "Human Rights Developments"]),
        ("turkmenistan-2000.html", ["Turkmenistan", "Human Rights Developments"]),
        ("venezuela-2000.html", ["Venezuela", "Human Rights Developments"]),
    ],
)
def test_html_old_hrw_chapter_headings_and_no_navigation(name, expected):
    source = read_page(HRW / name)
    blocks = html_blocks(source)
    found = headings(blocks)
    assert [h for h in found if h in expected] == expected
    assert blocks[0].kind == "heading" and blocks[0].level == 1
    texts = [block.text.text for block in blocks]
    assert not [t for t in texts if "Back to Top" in t or "Table of Contents" in t]
    assert "Defending Human Rights" not in texts  # the in-page link list
    assert all(len(t) > 100 for t in texts if t not in found)
    assert offset_errors(source, blocks) == []


@needs_corpus
def test_html_unclosed_heading_ends_where_its_paragraphs_begin():
    blocks = html_blocks(read_page(HRW / "tajikistan-2000.html"))
    assert [b.kind for b in blocks[:3]] == ["heading", "heading", "paragraph"]
    assert blocks[1].level == 2
    assert len(blocks) == 9


@needs_corpus
def test_html_hard_wrapped_paragraph_collapses_to_one_line():
    source = read_page(HRW / "venezuela-2000.html")
    first = html_blocks(source)[2].text
    assert first.text.startswith("The government of former paratrooper Hugo Chávez Frías,")
    assert "\n" not in first.text and "July 30, failed" in first.text


def test_html_entities_map_to_their_start_and_inline_tags_vanish():
    text = "<html><body><article><p>Tom &amp; Jerry&#8217;s <i>cat</i>&nbsp;\n  sat.</p></article>"
    source = page_source(text)
    (block,) = html_blocks(source)
    assert block.text.text == "Tom & Jerry\u2019s cat sat."
    assert source.text[block.text.offsets[4]] == "&"
    assert text[block.text.offsets[11] : block.text.offsets[11] + 7] == "&#8217;"
    assert offset_errors(source, [block]) == []


def test_html_bold_short_paragraph_is_a_heading_and_labels_stay():
    text = (
        "<div><p><strong>Women</strong></p><p><b>Rape:</b> The law criminalized rape.</p>"
        "<p><b>Note: This whole paragraph is bold and ends like a sentence.</b></p></div>"
    )
    blocks = html_blocks(page_source(text))
    assert [(b.kind, b.text.text[:10]) for b in blocks] == [
        ("heading", "Women"),
        ("paragraph", "Rape: The "),
        ("paragraph", "Note: This"),
    ]


@needs_corpus
def test_html_plain_title_case_paragraph_between_paragraphs_is_a_subheading():
    blocks = html_blocks(read_page(USDOS_WEB / "2022" / "andorra.html.gz"))
    (internet,) = [b for b in blocks if b.text.text == "Internet Freedom"]
    assert internet.kind == "heading" and internet.level is None
    cut = html_blocks(read_page(USDOS_WEB / "2018" / "cameroon.html.gz"))
    line = next(b for b in cut if b.text.text.startswith("Convention on the Civil Aspects"))
    assert line.kind == "paragraph"  # one line of a paragraph cut into one <p> per line


def test_html_unknown_site_takes_main_text_and_drops_chrome():
    paragraph = "<p>" + "The committee documented abuses in detention. " * 12 + "</p>"
    text = (
        "<html><head><title>t</title><script>var x = 1;</script></head><body>"
        "<header><a href='/'>Home</a> Site name</header>"
        "<nav><ul><li><a href='/a'>About</a></li></ul></nav>"
        "<div class='cookie-banner'>We use cookies to improve your experience.</div>"
        f"<div class='content'><h2>Findings</h2>{paragraph}{paragraph}</div>"
        "<aside>Related stories</aside><footer>Copyright 2024</footer></body></html>"
    )
    blocks = html_blocks(page_source(text))
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph"]
    assert blocks[0].text.text == "Findings" and blocks[0].level == 2


@pytest.mark.parametrize(
    "text",
    ["", "   ", "<html><body></body></html>", "<script>alert(1)</script>", "<<<>>>&&&#;</"],
)
def test_html_page_without_text_gives_no_blocks(text):
    assert html_blocks(page_source(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "<p>one<p>two</div></div></span><b>three<p",
        "<table><tr><td>cell one<td>cell two</table>" + "</p>" * 50,
        "<font>" * 3000 + "deep text",
        "<!-- unclosed comment <p>hidden",
        "<p>bad &#99999999; and &bogus; and &amp</p>",
        "<h2><p>para in heading</p></h2><li>item<li>item two",
    ],
)
def test_html_garbage_never_crashes_and_offsets_hold(text):
    source = page_source(text)
    assert offset_errors(source, html_blocks(source)) == []
