"""Countries: a code from a code, name or other name; a code's display name; mentions in text.

Names come from pycountry (short, official and common names of current
countries, names of former ones standing for their successor: "Burma" is MM)
in the ways reports write them ("Korea, Republic of" also as "Republic of
Korea", "St." for "Saint", "&" for "and", without a leading "the"), plus the
English names ISO lacks that reports use (``OTHER_NAMES``). Text scanning also
counts a few parts of a country that reports name for it (``PARTS``: "Gaza",
"Tibet"); looking up a name does not, so "Gaza" is never a country.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache, lru_cache

import pycountry

from rightslens.errors import RightslensError

# English names that ISO 3166 lacks (short, former and other forms), by code.
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "BN": ("Brunei",),
    "BY": ("Byelorussia", "Belorussia"),
    "CD": ("Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Republic of Congo", "Congo-Brazzaville"),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "CZ": ("Czech Republic",),
    "GB": ("Great Britain", "Britain", "UK"),
    "KG": ("Kirghizia",),
    "KZ": ("Kazakstan", "Republic of Kazakstan"),
    "MD": ("Moldavia",),
    "MK": ("Macedonia", "Former Yugoslav Republic of Macedonia"),
    "MM": ("Burma", "Union of Myanmar"),
    "MO": ("Macau",),
    "PS": (
        "Palestinian Territories",
        "Occupied Palestinian Territories",
        "Palestinian Authority",
    ),
    "RU": ("Russia",),
    "SU": ("Soviet Union",),
    "SZ": ("Swaziland", "Kingdom of Swaziland"),
    "TL": ("East Timor",),
    "TR": ("Turkey", "Republic of Turkey"),
    "US": ("USA",),
    "VA": ("Vatican", "Vatican City"),
    "XK": ("Kosovo",),
}
# Parts of a country that reports name in its place (a report "on" Tibet is filed under China).
PARTS: dict[str, tuple[str, ...]] = {
    "CN": ("Tibet",),
    "GB": ("Northern Ireland", "England", "Scotland", "Wales"),
    "PS": ("West Bank", "Gaza", "Gaza Strip"),
}
# Codes reports use beyond ISO 3166-1 (user-assigned), with their display names.
_EXTRA_CODES = {"XK": "Kosovo"}
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SUGGESTIONS = 3
# A parenthesis closing a name that holds another name: capitalized words only.
_CLOSING_NAME = re.compile(r"\(((?:[A-Z][^\s()]*\s?)+)\)$")


class UnknownCountryError(RightslensError):
    """A country given by a name or code that no country has."""


def country_code(text: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country given by code (KZ, KAZ, 398), name or other
    name, in any case; an ``UnknownCountryError`` suggesting close names otherwise."""
    wanted = text.strip()
    code = _code_of_code(wanted) or code_of_name(wanted)
    if code is None:
        raise UnknownCountryError(_unknown_message(wanted))
    return code


def code_of_name(name: str) -> str | None:
    """The code of a whole country name in any known form and case (never of a code)."""
    return _codes_by_name().get(_lookup_key(name))


def is_country_code(code: str) -> bool:
    """Whether ``code`` is a current ISO 3166-1 alpha-2 code, or one reports use (XK)."""
    return code in _EXTRA_CODES or pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str) -> str:
    """The usual English name of a country code (``"KR"`` -> ``"South Korea"``)."""
    country = pycountry.countries.get(alpha_2=code) or pycountry.historic_countries.get(
        alpha_2=code
    )
    if country is None:
        return _EXTRA_CODES.get(code, code)
    name = getattr(country, "common_name", None) or country.name
    return _inverted(name) or name


def country_names(code: str) -> tuple[str, ...]:
    """Every English name of a code, the display name first, then common, short, official."""
    country = pycountry.countries.get(alpha_2=code)
    raw = (getattr(country, key, None) for key in ("common_name", "name", "official_name"))
    return tuple(dict.fromkeys([country_name(code), *(name for name in raw if name)]))


def find_countries(text: str) -> Iterator[tuple[str, int, int]]:
    """Every country name in ``text`` as ``(code, start, end)``, in order.

    Names match whatever their case or spacing ("RUSSIAN FEDERATION",
    "TheRussianFederation" from a PDF that lost its spaces) but must start with
    a capital letter and stand as whole words, so "Niger" is not found in
    "Nigeria" nor "guinea" in "guinea pig".
    """
    regex, codes = _country_index()
    folded = _fold(text)
    for match in regex.finditer(folded):
        start = match.start()
        if start and folded[start - 1].isupper() and folded[start - 1].isascii():
            continue  # inside a word in capitals: "MALI" of "SOMALIA"
        code = codes.get(_name_key(match.group(0)))
        if code:
            yield code, start, match.end()


@cache
def name_words() -> frozenset[str]:
    """Words that country names are made of ("republic", "of", "kingdom", ...)."""
    return frozenset(
        word.lower() for name in _scan_names() for word in re.findall(r"[A-Za-z]+", _fold(name))
    )


def _code_of_code(text: str) -> str | None:
    upper = text.upper()
    if upper in _EXTRA_CODES:
        return upper
    by = {2: "alpha_2", 3: "numeric" if upper.isdigit() else "alpha_3"}.get(len(upper))
    country = pycountry.countries.get(**{by: upper}) if by else None
    return country.alpha_2 if country else None


def _unknown_message(text: str) -> str:
    """The error for a name no country has, with the closest known names."""
    known = {
        name.lower(): f"{name} ({code})"
        for code in sorted(set(_codes_by_name().values()))
        for name in (*country_names(code), *OTHER_NAMES.get(code, ()))
    }
    close = difflib.get_close_matches(text.lower(), list(known), n=_SUGGESTIONS)
    hint = f" (did you mean {', '.join(dict.fromkeys(known[name] for name in close))}?)"
    return f"unknown country {text!r}{hint if close else ''}: use a name or an ISO code like KZ"


# Name forms --------------------------------------------------------------------------------


def _fold_table() -> dict[int, str]:
    """One-to-one character map to plain ASCII letters and quotes, so offsets stay put."""
    letters = {point: unicodedata.normalize("NFKD", chr(point))[:1] for point in range(0xC0, 0x250)}
    table = {point: base for point, base in letters.items() if base.isascii() and base.isalpha()}
    table |= {ord(quote): "'" for quote in "\u2018\u2019\u02bc\u0060\u00b4"}
    return table | {ord(dash): "-" for dash in "\u2010\u2011\u2012\u2013\u2014"} | {0xA0: " "}


_FOLD = _fold_table()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold(text: str) -> str:
    """``text`` with accents, curly quotes and dashes made plain, character for character."""
    return _NON_ASCII.sub(lambda match: _FOLD.get(ord(match.group()), match.group()), text)


@lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    """A name reduced to its letters, lower case: how matched text finds its code."""
    return re.sub(r"[^a-z]", "", _fold(name).lower().replace("&", "and"))


def _lookup_key(name: str) -> str:
    """A whole name reduced to letters and digits without "the" ("CONGO (DEMOCRATIC REPUBLIC
    OF THE)" and "Congo, The Democratic Republic of the" agree)."""
    words = re.findall(r"[a-z0-9]+", _fold(name).lower().replace("&", "and").replace("'", ""))
    return "".join(word for word in words if word != "the")


def _inverted(name: str) -> str | None:
    """ "Korea, Republic of" -> "Republic of Korea"; None for names without a comma."""
    if "," not in name:
        return None
    head, tail = (part.strip() for part in name.split(",", 1))
    return f"{_LEADING_THE.sub('', tail)} {head}"


def _name_forms(name: str) -> set[str]:
    """Ways a text may write one pycountry name.

    Without a parenthesis, or only what a closing one holds when it is a name
    ("Malvinas", not "French part"), inverted ("Bahamas, The", "Republic of Korea"),
    without a leading "the", "St." for "Saint", "&" for "and".
    """
    bare = re.sub(r"\s*\(.*?\)", "", name).strip()
    forms = {name, bare, *_CLOSING_NAME.findall(name)}
    inverted = _inverted(bare)
    if inverted:
        head, tail = (part.strip() for part in bare.split(",", 1))
        forms |= {inverted, f"{head}, {_LEADING_THE.sub('', tail)}"}
    forms = {_LEADING_THE.sub("", form) for form in forms}
    forms |= {re.sub(r"\bSaint\b", short, form) for form in forms for short in ("St.", "St")}
    return forms | {form.replace(" and ", " & ") for form in forms}


def _listed(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {name: code for code, names in table.items() for name in names}


@cache
def _country_names() -> dict[str, str]:
    """Every name form -> country code; current countries win over former ones, and
    pycountry's names over ``OTHER_NAMES``."""
    keys = ("name", "official_name", "common_name")
    entries = [
        (country.alpha_2, [getattr(country, key) for key in keys if hasattr(country, key)])
        for country in pycountry.countries
    ]
    for country in pycountry.historic_countries:
        # ISO 3166-3 codes end with the successor's code ("BUMM": Burma became MM).
        successor = country.alpha_4[2:]
        code = successor if pycountry.countries.get(alpha_2=successor) else country.alpha_2
        entries.append((code, [country.name]))
    names = {
        form: code for code, raws in reversed(entries) for raw in raws for form in _name_forms(raw)
    }
    names = {**_listed(OTHER_NAMES), **names}
    # "Bolivia" of "Bolivia, Plurinational State of", unless another country's name starts so.
    heads = {(raw.split(",")[0], code) for code, raws in entries for raw in raws if "," in raw}
    counts = Counter(head for head, _ in heads)
    return {head: code for head, code in heads if counts[head] == 1} | names


@cache
def _scan_names() -> dict[str, str]:
    """Names text scanning finds: every country name form and the parts of countries."""
    return {**_listed(PARTS), **_country_names()}


@cache
def _codes_by_name() -> dict[str, str]:
    """The code of each name form's lookup key (the first form with a key wins)."""
    codes: dict[str, str] = {}
    for form, code in _country_names().items():
        key = _lookup_key(_LEADING_THE.sub("", form))
        if key:
            codes.setdefault(key, code)
    return codes


# How each character of a name may be written in running text.
_TOKEN_PATTERNS = {" ": r"[\s-]*", "'": "'?", ".": r"\.?", ",": ",?"}


def _tokens(form: str) -> list[str]:
    return list(re.sub(r"[\s-]+", " ", _fold(form).lower()).strip())


def _trie_pattern(node: dict) -> str:
    """Regex for a trie of names: shared prefixes once, longer names tried first."""
    branches = [
        _TOKEN_PATTERNS.get(token, re.escape(token)) + _trie_pattern(child)
        for token, child in sorted(node.items())
        if token
    ]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{pattern})?"
    return pattern


@cache
def _country_index() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every name text scanning finds, and the code of each name's letters.

    Each name starts with its capital letter, matched case-sensitively, so the
    regex engine skips every other position fast; the rest matches in any case.
    """
    trie: dict = {}
    codes: dict[str, str] = {}
    for form, code in _scan_names().items():
        key = _name_key(form)
        if not key:
            continue
        codes.setdefault(key, code)
        node = trie
        for token in _tokens(form):
            node = node.setdefault(token, {})
        node[""] = {}
    branches = [
        f"{initial.upper()}(?i:{_trie_pattern(child)})" for initial, child in sorted(trie.items())
    ]
    # A word end, or a new capitalized word in text that lost its spaces ("inMali").
    word_end = r"(?:(?![A-Za-z])|(?<=[a-z])(?=[A-Z]))"
    return re.compile(f"(?:{'|'.join(branches)}){word_end}"), codes
