"""Country-of-origin briefs from the sample reports: exact quotes, citations, safe rendering."""

from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

from rightslens.cli import app
from rightslens.errors import RightslensError
from rightslens.find.brief import build_brief, markdown_escape, render, write_brief


@pytest.fixture(scope="module")
def expression_brief(sample_store):
    return build_brief(sample_store, "KZ", "s2.expression", (2012, 2023))


def _assert_quotes_exact(store, brief):
    texts = {}
    for passage in brief.passages:
        key = passage.citation.document
        texts.setdefault(key, store.get_document(key).text)
        assert texts[key][passage.citation.start : passage.citation.end] == passage.text
    for chapter in brief.chapters:
        for event in chapter.events:
            text = texts[event.citation.document]
            assert text[event.citation.start : event.citation.end] == event.quote


def test_brief_topic_quotes_are_exact_substrings_of_the_reports(sample_store, expression_brief):
    assert len(expression_brief.passages) > 20
    _assert_quotes_exact(sample_store, expression_brief)
    sections = {p.citation.section for p in expression_brief.passages}
    assert sections and all(s.startswith("s2.") for s in sections)  # the topic and subtopics


def test_brief_goes_year_by_year_over_every_publisher(expression_brief):
    years = [chapter.year for chapter in expression_brief.chapters]
    assert years == sorted(years) and years[0] == 2012
    first = expression_brief.chapters[0]
    publishers = {p.citation.publisher for p in first.passages}
    assert "usdos" in publishers
    if "hrw/KZ/2012" in first.reports:  # the corpus chapter is there
        assert publishers == {"usdos", "hrw"}
    for passage in expression_brief.passages:
        assert passage.citation.paragraph and passage.citation.heading
    assert expression_brief.topic_title == "Freedom of Expression, Including for the Press"
    assert any(chapter.events for chapter in expression_brief.chapters)
    person = expression_brief.persons[0]
    assert person.name and person.years and person.citations


def test_brief_free_text_topic_finds_paragraphs_with_every_word(sample_store):
    brief = build_brief(sample_store, "Kazakhstan", "journalists detained", (2017, 2023))
    assert brief.passages
    _assert_quotes_exact(sample_store, brief)
    for passage in brief.passages:
        lowered = passage.text.lower()
        assert "journalist" in lowered and "detain" in lowered


def test_brief_markdown_quotes_and_cites_every_passage(expression_brief):
    markdown = render(expression_brief, "md")
    assert markdown.startswith("# Freedom of Expression")
    for passage in expression_brief.passages:
        assert f"> {markdown_escape(passage.text)}\n" in markdown
        assert f"> — {markdown_escape(str(passage.citation))}\n" in markdown
    assert "| Date | Type | Victims | Perpetrators | Place | Source |" in markdown
    assert "## Persons involved" in markdown
    assert markdown_escape("a *b* [c](d) <i>") == r"a \*b\* \[c\](d) \<i\>"
    assert markdown_escape("12. Item") == r"12\. Item"


def test_brief_html_escapes_report_text(expression_brief):
    chapter = expression_brief.chapters[0]
    tainted = dataclasses.replace(
        chapter.passages[0], text=chapter.passages[0].text + ' <script>alert("x")</script>'
    )
    hostile = dataclasses.replace(
        expression_brief,
        chapters=[dataclasses.replace(chapter, passages=[tainted]), *expression_brief.chapters[1:]],
    )
    html = render(hostile, "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert html.count("<blockquote>") == len(hostile.passages)


def test_brief_docx_holds_every_quote(expression_brief, tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "brief.docx"
    write_brief(expression_brief, path, "docx")
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    for passage in expression_brief.passages:
        assert passage.text in paragraphs
    assert len(docx.Document(str(path)).tables) >= 2


def test_brief_rejects_unknown_topics_countries_and_empty_years(sample_store):
    with pytest.raises(RightslensError, match="unknown taxonomy id"):
        build_brief(sample_store, "KZ", "s2.nothing", (2012, 2023))
    with pytest.raises(RightslensError, match="unknown country"):
        build_brief(sample_store, "Atlantis", "s2.expression", (2012, 2023))
    with pytest.raises(RightslensError, match="no stored report"):
        build_brief(sample_store, "KZ", "s2.expression", (1990, 1991))


def test_cli_brief_writes_markdown(sample_store, tmp_path):
    path = tmp_path / "kz.md"
    db = sample_store.url.removeprefix("sqlite:///")
    args = ["brief", "--db", db, "--country", "KZ", "--topic", "s1.torture"]
    result = CliRunner().invoke(app, [*args, "--years", "2017-2023", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").startswith("# Torture")
    result = CliRunner().invoke(app, [*args, "--years", "2023-2017", "-o", str(path)])
    assert result.exit_code == 1 and "ends before it starts" in result.output
