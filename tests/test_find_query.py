"""The search syntax: parsed into a tree, rendered safely for FTS5 and PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightslens.find.query import (
    And,
    Not,
    Or,
    Phrase,
    Term,
    highlight_terms,
    parse,
    plain_text,
    to_fts5,
    to_tsquery,
)

# Text built from the pieces of the syntax, so that generated queries hit every rule.
PIECES = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "-",
        "*",
        "AND",
        "OR",
        "NOT",
        " ",
        ":",
        "^",
        "+",
        "'",
        "NEAR",
        "custody",
        "death",
        "Zhanaozen",
        "LGBTQI+",
        "e-mail",
        "é",
        "_",
        ";",
        "--",
        "DROP TABLE x",
    ]
)
QUERIES = st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=12).map("".join))


@pytest.fixture(scope="module")
def fts5():
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t VALUES ('Death in police custody; e-mail blocked in Zhanaozen')")
    yield conn
    conn.close()


def test_query_parses_words_phrases_and_operators():
    tree = parse('("death in custody" OR tortur*) -Zhanaozen')
    assert tree == And(
        (
            Or((Phrase(("death", "in", "custody")), Term("tortur", prefix=True))),
            Not(Term("zhanaozen")),
        )
    )


def test_query_adjacent_words_and_parentheses():
    assert parse("police (beat OR beaten)") == And(
        (Term("police"), Or((Term("beat"), Term("beaten"))))
    )
    assert parse("NOT police AND torture") == And((Term("torture"), Not(Term("police"))))


def test_query_punctuation_inside_a_word_makes_a_phrase():
    assert parse("e-mail") == Phrase(("e", "mail"))
    assert parse("LGBTQI+") == Term("lgbtqi")


@pytest.mark.parametrize(
    "text", ['"unclosed phrase', "(police", "police)", "police OR", "AND police", "a AND AND b"]
)
def test_query_malformed_degrades_to_bag_of_words(text):
    tree = parse(text)
    assert tree is not None
    assert {t.word for t in highlight_terms(tree)} <= {"unclosed", "phrase", "police", "a", "b"}


def test_query_nothing_to_look_for_is_none():
    for text in ["", "   ", "-police", "NOT police", "()", '""', "*", "AND OR NOT"]:
        assert parse(text) is None, text


def test_query_renders_for_postgresql():
    tree = parse('("death in custody" OR tortur*) -Zhanaozen')
    assert to_tsquery(tree) == "((('death' <-> 'in' <-> 'custody') | 'tortur':*) & !'zhanaozen')"


def test_query_plain_text_keeps_wanted_words():
    assert plain_text(parse('"blocked websites" -Russia')) == "blocked websites"


@settings(max_examples=300, deadline=None)
@given(QUERIES)
def test_query_any_text_renders_valid_fts5(fts5, text):
    tree = parse(text)
    if tree is None:
        return
    rendered = to_fts5(tree)
    fts5.execute("SELECT count(*) FROM t WHERE t MATCH ?", (rendered,)).fetchone()


@settings(max_examples=300, deadline=None)
@given(QUERIES)
def test_query_any_text_renders_only_quoted_words_for_postgresql(text):
    tree = parse(text)
    if tree is None:
        return
    rendered = to_tsquery(tree)
    outside_quotes = rendered.split("'")[::2]
    assert all(set(part) <= set("()|&!<->:* ") for part in outside_quotes)
    assert rendered.count("(") == rendered.count(")")


@pytest.mark.parametrize("query", ["(" * 250 + "torture" + ")" * 250, "NOT " * 5000 + "torture"])
def test_query_nesting_deeper_than_the_bound_falls_back_to_its_words(query):
    assert parse(query) == Term("torture")
