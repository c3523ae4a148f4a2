"""The search syntax a user types, parsed once and rendered for each database.

Words, ``"quoted phrases"``, ``AND`` / ``OR`` / ``NOT`` (upper case, as in
search engines) or ``-word``, ``prefix*`` and parentheses. Adjacent items mean
AND. The parser never fails: anything malformed (an unclosed parenthesis, a
dangling operator, nesting deeper than ``MAX_DEPTH`` parentheses or NOTs) degrades
to a plain bag of the query's words, so no query can exhaust the stack. Rendered
queries hold only letters and digits inside quotes, and always travel to SQL
as a bound parameter, never as SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters and digits: what SQLite's unicode61 tokenizer and PostgreSQL's parser keep as words.
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'"[^"]*"?|\(|\)|-(?=["\w(])|[^\s()"]+')
OPERATORS = {"AND", "OR", "NOT"}
MAX_DEPTH = 32


@dataclass(frozen=True)
class Term:
    """One word; ``prefix`` matches every word that starts with it."""

    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear next to each other, in this order."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | And | Or | Not


class _Malformed(Exception):
    """The query does not follow the syntax; the caller falls back to its bare words."""


def parse(text: str) -> Node | None:
    """The query as a tree, or None when it holds no word to look for."""
    try:
        tree = _Parser(TOKEN.findall(text)).parse()
    except _Malformed:
        tree = bag_of_words(text)
    return _positive(tree)


def bag_of_words(text: str) -> Node | None:
    """Every word of the query, all required: what a malformed query falls back to."""
    words = [w for w in WORD.findall(text) if w not in OPERATORS]
    return _join(And, [Term(w.lower()) for w in words])


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary+; unary := (NOT|-) unary | atom."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Malformed

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        tree = self._or()
        if self.at != len(self.tokens):
            raise _Malformed
        return tree

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _or(self) -> Node | None:
        items = [self._and()]
        while self._peek() == "OR":
            self.at += 1
            items.append(self._and())
        return _join(Or, items)

    def _and(self) -> Node | None:
        items: list[Node | None] = []
        while (token := self._peek()) is not None and token not in {"OR", ")"}:
            if token == "AND":
                if not items:
                    raise _Malformed
                self.at += 1
                continue
            items.append(self._unary())
        if not items or self.tokens[self.at - 1] == "AND":
            raise _Malformed
        return _join(And, items)

    def _unary(self) -> Node | None:
        token = self._peek()
        if token in {"NOT", "-"}:
            self.at += 1
            if self._peek() in {None, ")", "OR", "AND"}:
                raise _Malformed
            self._deeper()
            inner = self._unary()
            self.depth -= 1
            return Not(inner) if inner is not None else None
        return self._atom()

    def _atom(self) -> Node | None:
        token = self.tokens[self.at]
        self.at += 1
        if token == "(":
            self._deeper()
            inner = self._or()
            if self._peek() != ")":
                raise _Malformed
            self.at += 1
            self.depth -= 1
            return inner
        if token == ")":
            raise _Malformed
        if token.startswith('"'):
            if len(token) < 2 or not token.endswith('"'):
                raise _Malformed
            return _words_node(token[1:-1], prefix=False)
        return _words_node(token, prefix=token.endswith("*"))


def _words_node(text: str, prefix: bool) -> Node | None:
    """A word, or a phrase when punctuation splits it (``e-mail``, ``government's``)."""
    words = tuple(w.lower() for w in WORD.findall(text))
    if not words:
        return None
    if len(words) == 1:
        return Term(words[0], prefix)
    return Phrase(words)


def _join(kind: type[And] | type[Or], items: list[Node | None]) -> Node | None:
    kept: list[Node] = []
    for item in items:
        if item is None:
            continue
        kept.extend(item.items if isinstance(item, kind) else [item])
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else kind(tuple(dict.fromkeys(kept)))


def _positive(node: Node | None) -> Node | None:
    """Drop what only excludes: ``-x`` alone, or an OR branch that is all NOT, finds nothing."""
    if node is None or isinstance(node, Term | Phrase):
        return node
    if isinstance(node, Not):
        return None
    if isinstance(node, Or):
        return _join(Or, [_positive(item) for item in node.items])
    positives = [_positive(item) for item in node.items if not isinstance(item, Not)]
    if not any(positives):
        return None
    negatives = [item for item in node.items if isinstance(item, Not)]
    return _join(And, [*positives, *(_negative(n) for n in negatives)])


def _negative(node: Not) -> Node | None:
    inner = node.item
    while isinstance(inner, Not):  # NOT NOT x: read as excluding x, the user's likely intent
        inner = inner.item
    kept = _positive(inner)
    return Not(kept) if kept is not None else None


# -- rendering -------------------------------------------------------------------


def to_fts5(node: Node) -> str:
    """SQLite FTS5 query syntax: every word quoted, every group parenthesised."""
    if isinstance(node, Term):
        return f'"{node.word}"' + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(item) for item in node.items) + ")"
    if isinstance(node, Not):
        raise ValueError("a NOT outside an AND cannot be rendered")
    positives = [to_fts5(i) for i in node.items if not isinstance(i, Not)]
    rendered = "(" + " AND ".join(positives) + ")"
    for item in node.items:
        if isinstance(item, Not):
            rendered = f"({rendered} NOT {to_fts5(item.item)})"
    return rendered


def to_tsquery(node: Node) -> str:
    """PostgreSQL ``to_tsquery`` syntax: quoted lexemes, ``<->`` for phrases, ``:*`` prefixes."""
    if isinstance(node, Term):
        return f"'{node.word}'" + (":*" if node.prefix else "")
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(f"'{w}'" for w in node.words) + ")"
    if isinstance(node, Not):
        return f"!{to_tsquery(node.item)}"
    joiner = " | " if isinstance(node, Or) else " & "
    return "(" + joiner.join(to_tsquery(item) for item in node.items) + ")"


def highlight_terms(node: Node | None) -> list[Term | Phrase]:
    """The words and phrases a passage is matched on (not those it must lack)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term | Phrase):
        return [node]
    return [found for item in node.items for found in highlight_terms(item)]


def plain_text(node: Node | None) -> str:
    """The words looked for, as a sentence: what a semantic model embeds."""
    words: list[str] = []
    for item in highlight_terms(node):
        words.extend([item.word] if isinstance(item, Term) else item.words)
    return " ".join(dict.fromkeys(words))
