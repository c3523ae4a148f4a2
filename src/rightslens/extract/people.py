"""Persons: every mention of a named person, with the roles its sentence gives.

spaCy's small English model finds most PERSON entities, but it labels many
non-English names ORG, GPE or NORP, splits them, or calls a party or a town a
person. Small rules, each named in the fact's ``method``, correct it:

- ``spacy_person``: a PERSON entity, titles and possessives stripped, that
  looks like a name and is no known place or organization of the report;
- ``title_cue``: a name after a role word or title ("journalist Ali
  Hassan", "Minister of Culture Aigul Bekova", "activists A and B");
- ``appositive_cue``: a name-like entity followed by ", a journalist ...";
- ``coordinated``: a name-like entity listed with a person ("A, B, and C");
- ``surname_of_known``: the surname of a person named in
  full elsewhere in the same report.

A surname alone resolves to the fullest name used earlier in the report
(or, failing that, later). Roles come from role words around the name and
from its predicate (object of "detain" -> detainee, of "sentence" ->
prisoner, subject of "beat" -> perpetrator, ...); see ``data/roles.toml``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token
from unidecode import unidecode

from rightslens.extract.data import english_words, load_table
from rightslens.extract.parse import ParsedParagraph, ParsedReport
from rightslens.extract.person_roles import (
    PATIENT_VERBS,
    ROLE_PHRASES,
    appositive_roles,
    mention_roles,
    title_roles,
)
from rightslens.extract.places import PLACE_HEADS, gazetteer
from rightslens.model import PersonFact

_ROLES = load_table("roles")
ROLE_WORDS = frozenset(phrase[-1] for phrase in ROLE_PHRASES) | frozenset(
    _ROLES["leaders"]["words"]
)
TITLE_WORDS = frozenset(_ROLES["titles"]["words"])
STRIP_WORDS = (
    TITLE_WORDS
    | frozenset(_ROLES["modifiers"]["words"])
    | frozenset(word for phrase in ROLE_PHRASES for word in phrase)
)
ORGANIZATION_WORDS = frozenset(
    word
    for words in load_table("organizations")["kinds"].values()
    for word in words
    if " " not in word and not word.startswith(".")
)
NOT_NAME_WORDS = ORGANIZATION_WORDS | PLACE_HEADS
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "van", "von", "bin", "al", "ibn", "la", "le"})
NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
COMPLEMENT_WORDS = frozenset({"of", "for", "on", "the", "and", "in", "to"})
LIST_NOUNS = frozenset({"party", "organization", "group", "ngo", "movement", "union", "outlet"})
KIND_BEFORE_NAME = frozenset(
    {
        "ngo",
        "organization",
        "newspaper",
        "party",
        "movement",
        "foundation",
        "association",
        "company",
        "magazine",
        "website",
        "group",
    }
)
# Rule ``outlet_before_name``: "the news outlet X", "a TV channel X" name a medium; without a
# determiner the noun may be a title's ("editor of the Y web portal Bigeldy Gabdullin").
OUTLET_KIND_BEFORE_NAME = frozenset({"outlet", "portal", "channel", "publication", "agency"})
MAX_NAME_TOKENS = 4
QUOTE_MARKS = frozenset({"*", '"', "“", "”", "«", "»", "'", "‘", "’"})
HUMAN_VERBS = frozenset(
    {
        "say",
        "tell",
        "testify",
        "write",
        "post",
        "complain",
        "allege",
        "confess",
        "plead",
        "resign",
        "flee",
        "marry",
        "die",
        "claim",
    }
)


@dataclass
class Mention:
    """A candidate person mention: token span of a paragraph's doc and how it was found."""

    paragraph: ParsedParagraph
    start: int
    end: int
    method: str
    cued: bool
    roles: set[str] = field(default_factory=set)
    name: str = ""

    @property
    def span(self) -> Span:
        return self.paragraph.doc[self.start : self.end]


def name_key(text: str) -> str:
    """How names are compared: ASCII, lower case, hyphens kept, single spaces."""
    return " ".join(unidecode(text).lower().replace(" - ", "-").split())


def _is_name_token(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or token.is_stop or (text.isupper() and len(text) > 1):
        return False
    return text.replace("'", "").replace("’", "").replace(".", "").isalpha()


def _is_hyphen_joint(doc: Doc, i: int) -> bool:
    """A hyphen inside a name ("Smith-Jones"), tokenized apart by spaCy."""
    return (
        doc[i].text == "-"
        and 0 < i < len(doc) - 1
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and _is_name_token(doc[i + 1])
    )


def _name_run(doc: Doc, start: int, stop: int) -> int:
    """End of the run of name tokens from ``start`` (exclusive end, ``start`` if none)."""
    end = start
    while end < stop and (
        _is_name_token(doc[end])
        or _is_hyphen_joint(doc, end)
        or (doc[end].lower_ in NAME_PARTICLES and end > start)
    ):
        end += 1
        if end - start > MAX_NAME_TOKENS + 2:
            return start
    while end > start and not _is_name_token(doc[end - 1]):
        end -= 1
    return end


def _trim(doc: Doc, start: int, end: int, country: str | None) -> tuple[int, int]:
    """Strip titles, role words and a town of the report's country before a name ("Andijan
    Bakhtiyor Ismoilov"), and possessives or punctuation after it. A town abroad that shares
    a given name's spelling ("Luis" Alberto Medina) stays: ``local_place_before_name``."""
    while end > start and not _is_name_token(doc[end - 1]):
        end -= 1
    while start < end - 1 and (
        doc[start].lower_.rstrip(".") in STRIP_WORDS
        or not _is_name_token(doc[start])
        or (end - start > 2 and _is_local_place(doc[start].text, country))
    ):
        start += 1
    return start, end


def _is_local_place(word: str, country: str | None) -> bool:
    place = gazetteer().resolve(word, country)
    return place is not None and place.country == country


def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
    tokens = doc[start:end]
    if not tokens or len([t for t in tokens if t.text != "-"]) > MAX_NAME_TOKENS:
        return False
    if not all(_is_name_token(t) or t.text == "-" or t.lower_ in NAME_PARTICLES for t in tokens):
        return False
    return not any(t.lower_ in NOT_NAME_WORDS for t in tokens)


def _is_word(token: Token) -> bool:
    """An English dictionary word (plurals too) or an organization or place word."""
    words = english_words()
    lower = token.lower_
    singulars = (lower[:-1], lower[:-2], lower[:-3] + "y", lower.replace("men", "man"))
    return (
        lower in words
        or token.lemma_.lower() in words
        or lower in NOT_NAME_WORDS
        or lower.endswith("s")
        and any(singular in words for singular in singulars)
    )


def _is_common_phrase(span: Span) -> bool:
    """Every word an English dictionary word ("Photo Gallery"): weak evidence of a name."""
    return all(_is_word(t) for t in span if t.is_alpha)


def _cue_before(doc: Doc, start: int, sentence_start: int) -> bool:
    """A title or role word right before the name, with at most a comma between."""
    i = start - 1
    if i >= sentence_start and doc[i].text == ",":
        i -= 1
    return i >= sentence_start and (
        doc[i].lower_.rstrip(".") in TITLE_WORDS or doc[i].lemma_.lower() in ROLE_WORDS
    )


def _candidates(paragraph: ParsedParagraph, sentence: Span, country: str | None) -> list[Mention]:
    """Person candidates of one sentence, from entities and title cues."""
    doc = paragraph.doc
    found: list[Mention] = []
    for entity in sentence.ents:
        start, end = _trim(doc, entity.start, entity.end, country)
        if not _looks_like_name(doc, start, end):
            continue
        cued = _cue_before(doc, start, sentence.start) or bool(
            appositive_roles(doc, end, sentence.end)
        )
        if entity.label_ == "PERSON":
            if start == entity.start and start > sentence.start and end - start <= 2:
                start = _given_name_before(doc, start)
            found.append(Mention(paragraph, start, end, "spacy_person", cued))
        elif entity.label_ in NAME_LABELS and cued and not _is_common_phrase(doc[start:end]):
            found.append(Mention(paragraph, start, end, "appositive_cue", True))
        elif entity.label_ in NAME_LABELS and _person_shaped(doc[start:end], sentence):
            found.append(Mention(paragraph, start, end, "name_shape", False))
    for token in sentence:
        if token.lemma_.lower() in ROLE_WORDS or token.lower_.rstrip(".") in TITLE_WORDS:
            found.extend(_after_title(paragraph, token, sentence, country))
    return found


def _given_name_before(doc: Doc, start: int) -> int:
    """Take in a given name that spaCy left out of a surname entity ("Rustam" Usmonov)."""
    before = doc[start - 1]
    if _is_name_token(before) and not _is_word(before) and before.lower_ not in STRIP_WORDS:
        return start - 1
    return start


def _person_shaped(span: Span, sentence: Span) -> bool:
    """Two or three non-dictionary words (particles aside: "Souza da Costa") that act as a
    person: ", a ...", ", who", the subject of a verb only people do ("testified", "posted"),
    or the one a verb of arrest or abuse befalls (``PATIENT_VERBS``: "police arrested Bimal
    Behera"; there a given name may be a word too: "Mark Souza da Costa")."""
    words = [token for token in span if token.lower_ not in NAME_PARTICLES]
    known = [_is_word(token) for token in words]
    if not 2 <= len(words) <= 3 or known[-1] or sum(known) > 1:
        return False
    root = span.root
    listed = root
    while listed.dep_ == "conj" and listed.head is not listed:
        listed = listed.head  # "arrested Bimal Behera and Ratan Behera"
    if listed.dep_ in ("dobj", "nsubjpass") and listed.head.lemma_.lower() in PATIENT_VERBS:
        return True
    if any(known):
        return False
    doc = span.doc
    followed = span.end + 1 < sentence.end and doc[span.end].text == ","
    if followed and doc[span.end + 1].lower_ in {"a", "an", "who", "whose"}:
        return True
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in HUMAN_VERBS


def _after_title(
    paragraph: ParsedParagraph, title: Token, sentence: Span, country: str | None
) -> list[Mention]:
    """Names after a title: "President X", "head of the Y Department X", "judges of the
    Z Court, A and B", "activists A and B"."""
    doc = paragraph.doc
    roles = title_roles(title)
    i = title.i + 1
    if i < sentence.end and doc[i].text == "," and title.lemma_.lower() in ROLE_WORDS:
        i += 1
    if i < sentence.end and doc[i].lower_ in {"of", "for", "on"}:
        end = i
        while end < sentence.end and (
            doc[end].lower_ in COMPLEMENT_WORDS
            or doc[end].text[:1].isupper()
            or _is_hyphen_joint(doc, end)
        ):
            end += 1
        start = end
        while (
            start > i
            and doc[start - 1].lower_ not in NOT_NAME_WORDS
            and (_is_name_token(doc[start - 1]) or _is_hyphen_joint(doc, start - 1))
        ):
            start -= 1
        while start < end and _is_word(doc[start]):
            start += 1
        if end < sentence.end and doc[end].pos_ == "NOUN":
            return []  # the name modifies a noun: "organizers of the X film festival"
        if end - start >= 2 and _looks_like_name(doc, start, end):
            trimmed = _trim(doc, start, end, country)
            return [Mention(paragraph, *trimmed, "title_cue", True, roles)]
        if end >= sentence.end or doc[end].text != ",":
            return []
        i = end + 1
    mentions = _names_from(paragraph, i, sentence.end, title.tag_ == "NNS", country)
    for mention in mentions:
        mention.roles |= roles
    return mentions


def _names_from(
    paragraph: ParsedParagraph, i: int, stop: int, plural: bool, country: str | None
) -> list[Mention]:
    """The name starting at token ``i``, and the names listed after it when ``plural``."""
    doc = paragraph.doc
    mentions = []
    while True:
        end = _name_run(doc, i, stop)
        if end == i or not _looks_like_name(doc, i, end):
            break
        mentions.append(Mention(paragraph, *_trim(doc, i, end, country), "title_cue", True))
        i = end
        while i < stop and doc[i].text in {",", "and"}:
            i += 1
        if not plural and doc[i - 1].text != "and":
            break
    return mentions


def _org_evidence(report: ParsedReport) -> set[str]:
    """Names the report uses as organizations or places: "the X", "X (political) party",
    "NGO X", "armed group X", "X, which ...", "parties such as X, Y"."""
    evidence = set()
    for paragraph in report.paragraphs:
        doc = paragraph.doc
        for token in doc:
            if not _is_name_token(token) or (token.i and _is_name_token(doc[token.i - 1])):
                continue
            end = _name_run(doc, token.i, len(doc))
            if end == token.i:
                continue
            first = token.i
            while first > 0 and doc[first - 1].text in QUOTE_MARKS:
                first -= 1
            before = doc[first - 1] if first else None
            after = end
            while after < len(doc) and (
                doc[after].text in QUOTE_MARKS or doc[after].pos_ == "ADJ" and after - end < 2
            ):
                after += 1
            by_head = after < len(doc) and doc[after].lower_ in NOT_NAME_WORDS
            by_article = before is not None and before.lower_ == "the"
            by_kind = before is not None and (
                before.lemma_.lower() in KIND_BEFORE_NAME or _determined_outlet_noun(before)
            )
            # "X, which claimed responsibility": a thing, not a person.
            by_which = [t.lower_ for t in doc[end : end + 2]] == [",", "which"]
            if (
                by_head
                or by_article
                or by_kind
                or by_which
                or _listed_with_organizations(doc, token.i, end)
            ):
                evidence.add(name_key(doc[token.i : end].text))
    return evidence


def _determined_outlet_noun(token: Token) -> bool:
    """An outlet noun opened by a determiner, over its modifiers ("the independent news
    outlet")."""
    if token.lemma_.lower() not in OUTLET_KIND_BEFORE_NAME:
        return False
    i = token.i - 1
    while i >= 0 and token.doc[i].pos_ in ("NOUN", "ADJ"):
        i -= 1
    return i >= 0 and token.doc[i].pos_ == "DET"


def _listed_with_organizations(doc: Doc, start: int, end: int) -> bool:
    """In a list after "parties"/"NGOs" ("parties X, Y"; "NGOs, including X"), or next to
    an acronym or organization name in a list ("KIBHR, X, the Legal Media Center")."""
    token = doc[end - 1]
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in {"including", "as", "like"}:
        head = head.head
    nouns = [head, *(c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"})]
    if token.dep_ in {"conj", "appos", "pobj", "compound"} and any(
        noun.lemma_.lower() in LIST_NOUNS and noun.tag_ == "NNS" for noun in nouns
    ):
        return True
    before, after = start - 1, end
    while before >= 0 and doc[before].text in {",", "and", "or"}:
        before -= 1
    while after < len(doc) and doc[after].text in {",", "and", "or"}:
        after += 1
    return any(
        0 <= i < len(doc) and i not in range(start - 1, end + 1) and _is_organization_token(doc[i])
        for i in (before, after)
    )


def _is_organization_token(token: Token) -> bool:
    """Part of an organization entity that is an acronym or has an organization word."""
    if token.ent_type_ != "ORG":
        return False
    if token.text.isupper() and len(token.text) > 1:
        return True
    entity = next((e for e in token.sent.ents if e.start <= token.i < e.end), None)
    return entity is not None and any(t.lower_ in NOT_NAME_WORDS for t in entity)


def _name_start(doc: Doc, end: int) -> int:
    start = end
    while start > 0 and _is_name_token(doc[start - 1]) and end - start < MAX_NAME_TOKENS:
        start -= 1
    return start


def _coordinated(mentions: list[Mention]) -> list[Mention]:
    """Name-like words listed with a known person: "A, B, and C" where A is a person."""
    taken = {(m.paragraph.start, i) for m in mentions for i in range(m.start, m.end)}
    extra = []
    for mention in mentions:
        doc = mention.paragraph.doc
        root = mention.span.root
        for other in (*root.conjuncts, *(c for c in root.children if c.dep_ == "appos")):
            if (mention.paragraph.start, other.i) in taken or not _is_name_token(other):
                continue
            start = _name_start(doc, other.i + 1)
            end = _name_run(doc, other.i, len(doc))
            if end - start >= 2 and _looks_like_name(doc, start, end):
                extra.append(Mention(mention.paragraph, start, end, "coordinated", False))
                taken.update((mention.paragraph.start, i) for i in range(start, end))
    return extra


class NameResolver:
    """The report's full names in order of appearance; resolves partial forms to them."""

    def __init__(self) -> None:
        self.by_part: dict[str, list[tuple[int, str]]] = {}

    def add(self, position: int, name: str) -> None:
        words = name_key(name).split()
        if len(words) < 2:
            return
        self.by_part.setdefault(words[-1], []).append((position, name))
        self.by_part.setdefault(" ".join(words[-2:]), []).append((position, name))

    def resolve(self, position: int, text: str) -> str | None:
        """The fullest name with this surname used last before ``position``, else first after."""
        key = name_key(text)
        found = self.by_part.get(key, [])
        earlier = [name for at, name in found if at <= position]
        if earlier:
            return max(earlier, key=lambda name: (len(name.split()), 0))
        return found[0][1] if found else None

    def knows(self, text: str) -> bool:
        # Surnames only: a lone given name is as often a place ("Victoria" and the city).
        return name_key(text) in self.by_part


def _position(mention: Mention) -> int:
    return mention.paragraph.start + mention.span.start_char


def _keep(mention: Mention, evidence: set[str], country: str | None) -> bool:
    """Drop what the report shows to be a place or an organization, or plain English words.

    A title or role word ("journalist X") overrides the report's use of the name
    as an organization, but never makes a country or a local town a person.
    """
    span = mention.span
    place = gazetteer().resolve(span.text, country)
    if place is not None and (place.country == country or place.kind == "country"):
        return False
    if mention.cued:
        return mention.method == "spacy_person" or not _is_common_phrase(span)
    if name_key(span.text) in evidence or place is not None:
        return False
    return not _is_common_phrase(span) or (
        mention.method == "spacy_person" and len(span) > 1 and all(t.pos_ == "PROPN" for t in span)
    )


def _surname_mentions(report: ParsedReport, resolver: NameResolver, taken: set) -> list[Mention]:
    """Surnames of known persons that no rule has taken yet."""
    found = []
    for paragraph in report.paragraphs:
        doc = paragraph.doc
        for token in doc:
            if (paragraph.start, token.i) in taken or not _is_name_token(token):
                continue
            before = doc[token.i - 1] if token.i else None
            after = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if before is not None and (before.lower_ == "the" or _is_name_token(before)):
                continue
            if after is not None and (_is_name_token(after) or after.lower_ in NOT_NAME_WORDS):
                continue
            if resolver.knows(token.text):
                found.append(Mention(paragraph, token.i, token.i + 1, "surname_of_known", False))
    return found


CONFIDENCE = {
    "spacy_person": 0.85,
    "title_cue": 0.8,
    "appositive_cue": 0.75,
    "coordinated": 0.65,
    "surname_of_known": 0.7,
    "name_shape": 0.6,
}


_last: list[tuple[ParsedReport, list[PersonFact]]] = []


def find_persons(report: ParsedReport) -> list[PersonFact]:
    """Every mention of a named person, with its normalized full name and roles.

    The last report's answer is kept, so that the organization extractor can
    leave person names alone without a second pass over the report.
    """
    if _last and _last[0][0] is report:
        return list(_last[0][1])
    facts = _find_persons(report)
    _last[:] = [(report, facts)]
    return list(facts)


def person_token_positions(report: ParsedReport) -> dict[int, set[int]]:
    """Token indices of person mentions, by paragraph start (for the other extractors)."""
    starts = [paragraph.start for paragraph in report.paragraphs]
    positions: dict[int, set[int]] = {}
    for fact in find_persons(report):
        paragraph = report.paragraphs[bisect_right(starts, fact.quote.start) - 1]
        span = paragraph.doc.char_span(
            fact.quote.start - paragraph.start,
            fact.quote.end - paragraph.start,
            alignment_mode="expand",
        )
        if span is not None:
            positions.setdefault(paragraph.start, set()).update(range(span.start, span.end))
    return positions


def _find_persons(report: ParsedReport) -> list[PersonFact]:
    mentions: list[Mention] = []
    for paragraph, sentence in report.sentences():
        mentions.extend(_candidates(paragraph, sentence, report.country))
    mentions = _without_overlaps(mentions)
    mentions.extend(_coordinated(mentions))
    evidence = _org_evidence(report)
    mentions = [m for m in mentions if _keep(m, evidence, report.country)]
    mentions.sort(key=_position)
    resolver = NameResolver()
    for mention in mentions:
        resolver.add(_position(mention), mention.span.text)
    taken = {(m.paragraph.start, i) for m in mentions for i in range(m.start, m.end)}
    mentions.extend(_surname_mentions(report, resolver, taken))
    mentions.sort(key=_position)
    facts = []
    for mention in mentions:
        text = mention.span.text
        name = resolver.resolve(_position(mention), text)
        if name is None and (len(text.split()) > 1 or mention.cued):
            name = text
        if name is None:
            continue
        facts.append(_fact(mention, " ".join(name.split())))
    return facts


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """One mention per tokens: cued before uncued, then longer before shorter."""
    chosen: list[Mention] = []
    taken: set[tuple[int, int]] = set()
    for mention in sorted(mentions, key=lambda m: (not m.cued, m.start - m.end)):
        tokens = {(mention.paragraph.start, i) for i in range(mention.start, mention.end)}
        if not tokens & taken:
            chosen.append(mention)
            taken |= tokens
    return chosen


def _fact(mention: Mention, name: str) -> PersonFact:
    paragraph, span = mention.paragraph, mention.span
    roles = mention.roles | mention_roles(span)
    return PersonFact(
        quote=paragraph.quote(span.start_char, span.end_char),
        sentence=paragraph.sentence_of(span),
        section=paragraph.section,
        confidence=CONFIDENCE[mention.method],
        method=mention.method,
        name=name,
        roles=sorted(roles),
    )
