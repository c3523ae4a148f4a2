"""Figures: the numbers a report states about abuses and their handling.

Each number expression (``numbers.NUMBER_RE``, digits or words) becomes a
``FigureFact`` unless a named exclusion rule says it is something else: a date
or year, a law's article number, a time window ("the first six months"), part
of a name ("COVID-19", "Article 19"), a currency conversion in parentheses, an
age. Then small rules read, around the number:

- ``qualifier``: "at least", "more than", "approximately", "up to", ...; the
  two ends of a range ("between five and seven years") are "at least" and "up to";
- ``unit``: percent, a time unit (years, months, days, hours), a currency
  (symbols and ISO codes as codes, currency words as written), or persons when
  the number counts people (a people noun, or a verb such as "killing 12");
- ``counts``: for a time, the punishment or measure it measures (sentence,
  probation, administrative arrest, ban, ...); for money, fine, damages, bribe,
  ...; for people, what the sentence's verb says happened to them (killed,
  detained, convicted, ...); otherwise the noun phrase the number counts.

The spaCy parse gives the counted noun and the verb; everything else is one
pass of precompiled regexes over the paragraph text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from rightslens.extract.dates import MONTH
from rightslens.extract.numbers import (
    CURRENCY_BEFORE,
    CURRENCY_SYMBOLS,
    CURRENCY_WORD,
    NUMBER_RE,
    NUMBER_WORD,
    UNIT_AFTER,
    parse_number,
    unit_name,
)
from rightslens.extract.parse import ParsedParagraph, ParsedReport
from rightslens.model import FigureFact

_AND_MONTHS = re.compile(rf"\s+and\s+(?P<number>{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})?)\s+months?\b")

_QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "not less than": "at least",
    "a minimum of": "at least", "more than": "more than", "over": "over",
    "in excess of": "more than", "upwards of": "more than", "just over": "more than",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than",
    "approximately": "approximately", "approx.": "approximately", "about": "approximately",
    "around": "approximately", "roughly": "approximately", "an estimated": "approximately",
    "estimated": "approximately", "close to": "approximately", "some": "some",
    "nearly": "nearly", "almost": "nearly", "up to": "up to", "as many as": "up to",
    "as much as": "up to", "at most": "up to", "no more than": "up to", "a maximum of": "up to",
    "between": "at least", "from": "at least",
}  # fmt: skip
_QUALIFIER_BEFORE = re.compile(
    r"\b(?P<q>" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))
    + r")\s+(?:US\s?)?(?:\\?\$|€|£)?\s*$",
    re.IGNORECASE,
)  # fmt: skip
_RANGE_AFTER = re.compile(
    r"\s*-?\s*(?P<link>and|or|to|through|-|–)\s+(?:US\s?)?(?:\\?\$|€|£)?\s*(?P<number>[\w.,-]+)",
    re.IGNORECASE,
)
_RANGE_BEFORE = re.compile(
    rf"(?P<link>\bbetween\s+|\bfrom\s+)?(?:US\s?)?(?:\\?\$|€|£)?(?<![\w.,]){NUMBER_WORD}(?:\s*-)?"
    r"\s*(?P<sep>and|to|through|-|–)\s*(?:US\s?)?(?:\\?\$|€|£)?\s*$",
    re.IGNORECASE,
)

# (rule, pattern the text before the number ends with, pattern the text after starts with);
# a rule applies when every pattern it has matches.
_Exclusion = tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]
_EXCLUSIONS: list[_Exclusion] = [
    ("date_day", re.compile(rf"\b{MONTH}\s+(?:\d{{1,2}}\s*(?:[-–]|and|to|through)\s*)?$"), None),
    ("date_day", None, re.compile(
        rf"(?:st|nd|rd|th)?(?:\s*(?:[-–]|and|to)\s*\d{{1,2}})?\s+(?:of\s+)?{MONTH}")),
    ("law_reference", re.compile(
        r"\b(?:articles?|art\.|arts\.|sections?|paragraphs?|parts?|chapters?|clauses?|items?|"
        r"points?|subparagraphs?|no\.|nos\.|numbers?|№|resolutions?|decrees?|protocols?|"
        r"ch\.|para\.|sec\.|§)(?!\w)\s*"
        r"(?:[\dIVXivx][\w.()-]*(?:,?\s+(?:and|or|to)\s+|,\s*))*$",
        re.IGNORECASE), None),
    ("section_reference", None, re.compile(r"\.[a-z]\b|\([a-z]\)")),
    ("name_part", re.compile(r"(?:[A-Za-z][-/]|[/#№])$"), None),
    ("name_part", None, re.compile(r"[-/]\d|/[A-Za-z]")),
    ("time_of_day", re.compile(r"\d[:.]$"), None),
    ("time_of_day", None, re.compile(r"\s*(?::\d|[ap]\.m\.|o['’]clock)")),
    ("age", re.compile(r"\b(?:aged?|ages)\s+(?:of\s+)?$", re.IGNORECASE), None),
    ("age", None, re.compile(r"[\s-]*(?:years?|months?)[\s-]*old\b", re.IGNORECASE)),
    ("age", re.compile(r"\b[A-Z][a-z]+,\s*$"), re.compile(r"\s*,")),
    ("time_window", re.compile(
        r"\b(?:first|last|past|previous|preceding|next|following|recent|coming|initial|final)"
        r"\s+$", re.IGNORECASE),
     re.compile(r"\s+(?:years|months|weeks|days|quarters|decades)\b", re.IGNORECASE)),
    ("currency_conversion", re.compile(
        rf"\b(?:{CURRENCY_WORD})\s*[(\[]\s*"
        r"(?:approximately\s+|about\s+|around\s+)?(?:US\s?)?(?:\\?\$|€|£)\s*$",
        re.IGNORECASE), None),
    ("list_number", re.compile(r"(?:^|\n)\s*[(]?$"), re.compile(r"[.)]\s")),
    ("enumeration", re.compile(r"\($"), re.compile(r"\)")),
    ("fraction", None, re.compile(r"[\s-]+(?:half|halves|thirds?|quarters?)\b", re.IGNORECASE)),
]  # fmt: skip
_YEAR_NUMBER = re.compile(r"(?:1[89]\d\d|20\d\d)")
# "Unit 32363", "Channel 31": a capitalized word inside the sentence right before digits.
_NAME_BEFORE = re.compile(r"(?P<lead>\S)\s+[A-Z][A-Za-z]*\s+$")
_COMPOUND_MODIFIER = re.compile(r"-[A-Za-z]")
# Numbers in rules rather than in facts: "detainees may be held for up to two months".
_MODALS = frozenset({"may", "must", "shall", "should", "can", "could"})
_HABITUAL = frozenset({"frequently", "often", "sometimes", "usually", "generally", "typically",
                       "routinely", "regularly", "occasionally", "commonly"})  # fmt: skip
_OBLIGATION = re.compile(
    r"\bha(?:s|ve)\s+to\b|\b(?:is|are|was|were)\s+required\s+to\b|\bpunishable\s+by\b",
    re.IGNORECASE,
)
_PLACE_NOUNS = frozenset(
    {"city", "region", "province", "oblast", "district", "town", "village", "country", "state",
     "municipality", "county", "area", "part", "site"}
)  # fmt: skip
_SHARED_CONJ_DISTANCE = 3
# A number inside one of these spaCy entities is part of a name ("21 Armoured Brigade").
_NAME_ENTITIES = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "PERSON"})
_SMALL_ANAPHORA = 10  # "the two activists" names again people counted before
_ANAPHORA = re.compile(r"\b(?:the|these|those|both|all)\s+$", re.IGNORECASE)
_LAW_SUBJECTS = frozenset(
    {"law", "legislation", "constitution", "code", "regulation", "rule", "decree", "statute",
     "amendment", "provision", "procedure", "act", "guideline", "ordinance"}
)  # fmt: skip
_NORM_OPENING = re.compile(
    r"^\W*(?:by law|under (?:the )?(?:law|code|constitution)|(?:according to|in accordance with)"
    r" the (?:law|code|constitution))\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(r"\bha(?:s|ve)\s+(?:only\s+)?$")

PERSON_NOUNS = frozenset(
    {
        "person", "people", "individual", "detainee", "prisoner", "inmate", "convict",
        "journalist", "reporter", "blogger", "editor", "correspondent", "officer", "policeman",
        "policemen", "official", "agent", "guard", "soldier", "conscript", "serviceman",
        "servicemen", "protester", "protestor", "demonstrator", "participant", "organizer",
        "activist", "defender", "victim", "woman", "women", "man", "men", "child", "children",
        "minor", "girl", "boy", "adult", "youth", "teenager", "student", "teacher", "worker",
        "employee", "member", "citizen", "resident", "civilian", "villager", "national",
        "foreigner", "migrant", "refugee", "defendant", "suspect", "lawyer", "attorney",
        "advocate", "judge", "prosecutor", "investigator", "leader", "candidate", "voter",
        "believer", "worshipper", "adherent", "parishioner", "pastor", "priest", "imam",
        "missionary", "trafficker", "perpetrator", "attacker", "assailant", "relative", "patient",
        "passenger", "witness", "staff", "crew", "opponent", "critic", "dissident", "politician",
        "deputy", "miner", "farmer", "fighter", "militant", "rebel", "insurgent", "combatant",
        "hostage", "captive", "asylum-seeker", "seeker", "family", "mother", "father", "son",
        "daughter", "brother", "sister", "wife", "husband", "physician", "doctor", "nurse", "monk",
        "nun", "cleric",
    }
)  # fmt: skip
_VERB_COUNTS = {
    "kill": "killed", "die": "died", "injure": "injured", "wound": "injured", "hurt": "injured",
    "detain": "detained", "arrest": "arrested", "hold": "detained", "convict": "convicted",
    "sentence": "sentenced", "imprison": "imprisoned", "jail": "imprisoned",
    "torture": "tortured", "beat": "beaten", "abuse": "abused", "release": "released",
    "free": "released", "fine": "fined", "charge": "charged", "prosecute": "prosecuted",
    "acquit": "acquitted", "abduct": "abducted", "kidnap": "abducted",
    "disappear": "disappeared", "deport": "deported", "extradite": "extradited",
    "expel": "deported", "dismiss": "dismissed", "fire": "dismissed", "punish": "punished",
    "reprimand": "reprimanded", "warn": "warned", "execute": "executed", "shoot": "shot",
    "attack": "attacked", "harass": "harassed", "summon": "summoned", "question": "questioned",
    "interrogate": "questioned", "search": "searched", "evict": "evicted", "stab": "stabbed",
    "rape": "raped", "displace": "displaced", "accuse": "accused", "investigate": "investigated",
}  # fmt: skip
_PERSON_VERBS = frozenset(
    {"kill", "injure", "wound", "detain", "arrest", "convict", "sentence", "imprison", "torture",
     "acquit", "abduct", "kidnap", "deport", "extradite", "execute", "rape", "evict"}
)  # fmt: skip
_DURATION_COUNTS = [
    ("suspended sentence", re.compile(r"\bsuspended\b", re.IGNORECASE)),
    ("probation", re.compile(r"\bprobation", re.IGNORECASE)),
    ("restricted freedom", re.compile(
        r"\brestrict\w*\s+(?:of\s+)?(?:freedom|movement|liberty)|\blimitation of freedom",
        re.IGNORECASE)),
    ("administrative arrest", re.compile(r"\badministrative\s+(?:arrest|detention)",
                                         re.IGNORECASE)),
    ("pretrial detention", re.compile(r"\bpre-?trial\b", re.IGNORECASE)),
    ("house arrest", re.compile(r"\bhouse arrest", re.IGNORECASE)),
    ("ban", re.compile(r"\bban(?:ned|s)?\b|\bprohibit|\bbarred\b|\bdeprivation of the right",
                       re.IGNORECASE)),
    ("community service", re.compile(r"\b(?:community service|corrective labou?r|forced labou?r)",
                                     re.IGNORECASE)),
    ("sentence", re.compile(
        r"\b(?:prison|imprison\w*|jail\w*|incarcerat\w*|sentenc\w*|penal colony|behind bars|"
        r"term|life)\b", re.IGNORECASE)),
    ("detention", re.compile(r"\b(?:detain\w*|detention|held|custody|arrest\w*)\b",
                             re.IGNORECASE)),
]  # fmt: skip
_MONEY_COUNTS = [
    ("fine", re.compile(r"\bfine[sd]?\b|\bfining\b|\bpenalt", re.IGNORECASE)),
    ("damages", re.compile(r"\bdamages\b|\bcompensat\w*|\breparation", re.IGNORECASE)),
    ("bail", re.compile(r"\bbail\b", re.IGNORECASE)),
    ("bribe", re.compile(r"\bbrib\w*", re.IGNORECASE)),
    ("embezzlement", re.compile(r"\b(?:embezzl|misappropriat|stole|theft|fraud|launder)\w*",
                                re.IGNORECASE)),
    ("wage", re.compile(r"\b(?:wages?|salar\w+|pay|pension\w*)\b", re.IGNORECASE)),
    ("funding", re.compile(r"\b(?:fund\w*|grants?|budget)\b", re.IGNORECASE)),
]  # fmt: skip
_CHANGE = re.compile(
    r"\b(?:increas|decreas|declin|ris|rose|fell|fall|drop|grew|grow|reduc|doubl|jump)\w*",
    re.IGNORECASE,
)
_CONTEXT = 80
_NEAR_AFTER = 60
_NEAR_BEFORE = 40
_RIGHT_AFTER = 25
_GENERIC_COUNTS = frozenset({"sentence", "detention"})
_STATE_AFTER = {"dead": "killed", "killed": "killed", "injured": "injured", "wounded": "injured",
                "missing": "missing", "detained": "detained", "arrested": "arrested"}  # fmt: skip


@dataclass
class _Number:
    """One number expression of a paragraph, as found and as read."""

    start: int
    end: int
    value: float
    quote_start: int
    quote_end: int
    unit: str
    qualifier: str | None
    rule: str


def find_figures(report: ParsedReport) -> list[FigureFact]:
    """Every numeric fact of the report, with its qualifier, unit and what it counts."""
    facts: list[FigureFact] = []
    for paragraph in report.paragraphs:
        facts.extend(_paragraph_figures(paragraph))
    return facts


def _paragraph_figures(paragraph: ParsedParagraph) -> list[FigureFact]:
    doc = paragraph.doc
    text = doc.text
    sentences = list(doc.sents)
    sentence_starts = [s.start_char for s in sentences]
    facts = []
    taken_until = 0
    for match in NUMBER_RE.finditer(text):
        if match.start() < taken_until:
            continue
        number = _read_number(text, match)
        if number is None:
            continue
        taken_until = number.quote_end
        sentence = sentences[max(bisect_right(sentence_starts, number.start) - 1, 0)]
        token = _last_token(doc, number.end)
        before = text[max(0, number.start - _CONTEXT) : number.start]
        if (
            not _is_fact_number(number, token, match.group(), before)
            or _is_legal_norm(token, sentence, before)
            or _is_general_statement(token, sentence)
        ):
            continue
        counts, unit = _counts(number, token, sentence, text)
        facts.append(
            FigureFact(
                quote=paragraph.quote(number.quote_start, number.quote_end),
                sentence=paragraph.quote(sentence.start_char, sentence.end_char),
                section=paragraph.section,
                confidence=0.9 if unit else 0.8,
                method=f"regex+parse:{number.rule}",
                value=number.value,
                unit=unit,
                counts=counts,
                qualifier=number.qualifier,
            )
        )
    return facts


def _read_number(text: str, match: re.Match[str]) -> _Number | None:
    """The number's value, unit and qualifier, or None when an exclusion rule applies."""
    start, end = match.span()
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    if _excluded(match.group(), before, after):
        return None
    value = parse_number(match.group())
    if value is None:
        return None
    quote_start, quote_end, rule = start, end, "number"
    unit = ""
    symbol = CURRENCY_BEFORE.search(before)
    if symbol:
        unit = CURRENCY_SYMBOLS.get(
            symbol.group("symbol").replace("\\", "").replace(" ", "").lower(),
            symbol.group("symbol").strip().upper(),
        )
        quote_start = start - len(symbol.group())
        rule = "currency_symbol"
    unit_match = UNIT_AFTER.match(after)
    months = _AND_MONTHS.match(after, unit_match.end()) if unit_match else None
    if months and unit_match.group("unit").lower().startswith("year"):
        added = parse_number(months.group("number"))
        if added is not None:
            quote_end = end + months.end()
            value = value * 12 + added
            qualifier = _qualifier(before, after)
            rule = "years_and_months"
            return _Number(start, end, value, start, quote_end, "months", qualifier, rule)
    if unit_match and not unit:
        unit = unit_name(unit_match.group("unit"))
        quote_end = end + unit_match.end()
        rule = "number_unit"
    elif not unit:
        shared = _shared_unit(after)
        if shared:
            unit, rule = shared, "range_shared_unit"
    qualifier = _qualifier(before, after)
    return _Number(start, end, value, quote_start, quote_end, unit, qualifier, rule)


def _excluded(number_text: str, before: str, after: str) -> str | None:
    """The name of the exclusion rule that says this number is no figure, if any."""
    if _YEAR_NUMBER.fullmatch(number_text) and not UNIT_AFTER.match(after):
        return "year"
    if re.fullmatch(r"\d{5,}", number_text):
        return "identifier"  # long numbers without separators are codes, not amounts
    if re.fullmatch(r"\d\d", number_text) and re.search(r"(?:1[89]|20)\d\d\s*[-–]$", before):
        return "year"
    if number_text[0].isdigit():
        # "Article 19", not "fined X 2,000 rubles": a unit after it makes it an amount.
        name = _NAME_BEFORE.search(before)
        if name and name.group("lead") not in '.!?:;"“' and not UNIT_AFTER.match(after):
            return "name_part"
    if _COMPOUND_MODIFIER.match(after) and not UNIT_AFTER.match(after):
        return "compound_modifier"
    for name, before_pattern, after_pattern in _EXCLUSIONS:
        if before_pattern is not None and not before_pattern.search(before):
            continue
        if after_pattern is not None and not after_pattern.match(after):
            continue
        return name
    return None


def _shared_unit(after: str) -> str:
    """The unit of the next number when this one shares it ("three and five days")."""
    ranged = _RANGE_AFTER.match(after)
    if not ranged or parse_number(ranged.group("number").strip("-.,")) is None:
        return ""
    rest = after[ranged.end("number") :]
    number_end = re.match(r"[\w.,]*", ranged.group("number"))
    unit_match = UNIT_AFTER.match(rest) if number_end else None
    if not unit_match:
        tail = re.match(r"(?:[\s-]+(?:and|a|one|half|-)\b)*", rest)
        unit_match = UNIT_AFTER.match(rest[tail.end() :]) if tail else None
    return unit_name(unit_match.group("unit")) if unit_match else ""


def _qualifier(before: str, after: str) -> str | None:
    """The words that bound the number ("at least"); the ends of a range are bounds too."""
    found = _QUALIFIER_BEFORE.search(before)
    if found:
        word = found.group("q").lower()
        if word in {"between", "from"}:
            return "at least" if _RANGE_AFTER.match(after) else None
        return _QUALIFIERS[word]
    ranged = _RANGE_BEFORE.search(before)
    if (
        ranged
        and (ranged.group("link") or ranged.group("sep").lower() in {"to", "-", "–"})
        and not _YEAR_NUMBER.search(ranged.group())
        and not _CHANGE.search(before)
    ):
        return "up to"
    return None


def _last_token(doc: Doc, end_char: int) -> Token | None:
    span = doc.char_span(end_char - 1, end_char, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def _is_fact_number(number: _Number, token: Token, number_text: str, before: str) -> bool:
    """Whether a number states a fact: not a pronoun ("one of them"), not a count already
    given ("the two activists"), not the scope of a count ("in nine cities")."""
    if "dozen" in number_text.lower() or (
        token.ent_type_ in _NAME_ENTITIES and not _amount_after_name(number, token)
    ):
        return False
    if not number.unit:
        if number_text.lower() == "one" and not (token.dep_ == "nummod" and token.head.i > token.i):
            return False
        if (
            not number_text[0].isdigit()
            and number.value <= _SMALL_ANAPHORA
            and _ANAPHORA.search(before)
        ):
            return False
    noun = _counted_noun(token)
    if noun is None:
        return True
    # "the 50 person membership requirement": a singular noun modifies another noun.
    if not number.unit and number.value != 1 and noun.tag_ == "NN" and noun.dep_ == "compound":
        return False
    return noun.lemma_.lower() not in _PLACE_NOUNS


def _amount_after_name(number: _Number, token: Token) -> bool:
    """Rule ``amount_after_name``: a number with its unit outside the entity that ends with it
    is an amount spaCy joined to the name before it ("fined Aziz Karimov 1,200 manats")."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return bool(number.unit) and (following is None or following.ent_iob_ != "I")


def _is_legal_norm(token: Token, sentence: Span, before: str) -> bool:
    """Whether the number is part of a rule ("may be held for up to two months",
    "the law penalizes ... with fines of up to") rather than of something that happened."""
    if _NORM_OPENING.match(sentence.text) or _DEADLINE.search(before):
        return True
    if _OBLIGATION.search(sentence.text[: token.idx - sentence.start_char]):
        return True
    crossed_conj = False
    for ancestor in token.ancestors:
        if not crossed_conj and any(
            c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in ancestor.children
        ):
            return True
        # "frequently arrested and detained": a verb right after its conjunct shares its adverbs.
        crossed_conj = crossed_conj or (
            ancestor.dep_ == "conj" and ancestor.i - ancestor.head.i > _SHARED_CONJ_DISTANCE
        )
        if ancestor.pos_ not in {"VERB", "AUX"}:
            continue
        clause_words = [*ancestor.children]
        if ancestor.dep_ == "conj":
            clause_words += [*ancestor.head.children]
        for word in clause_words:
            if word.dep_ in {"aux", "auxpass"} and word.lower_ in _MODALS:
                return True
            if (
                word.dep_ in {"nsubj", "nsubjpass"}
                and word.lemma_.lower() in _LAW_SUBJECTS
                and ancestor.tag_ in {"VBZ", "VBP", "VBD"}
            ):
                return True
    return False


def _is_general_statement(token: Token, sentence: Span) -> bool:
    """Whether the number's clause states how things are, in the present simple, in a
    sentence with no past tense ("Jury trials are held by a panel of 10 jurors")."""
    if any(t.tag_ == "VBD" for t in sentence):
        return False
    verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return False
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lemma_ == "have" or a.tag_ == "MD" for a in auxiliaries):
        return False
    if verb.tag_ in {"VBZ", "VBP"}:
        return verb.lemma_ != "have" or not auxiliaries
    return verb.tag_ == "VBN" and any(a.tag_ in {"VBZ", "VBP"} for a in auxiliaries)


def _counts(number: _Number, token: Token, sentence: Span, text: str) -> tuple[str, str]:
    """What the number counts, and its unit once people are recognized."""
    unit = number.unit
    if unit in {"years", "months", "weeks", "days", "hours", "minutes", "decades"}:
        return _keyword_near(_DURATION_COUNTS, number, sentence, text) or "duration", unit
    if unit == "percent":
        window = text[max(sentence.start_char, number.start - 60) : number.quote_end + 40]
        return ("percent change" if _CHANGE.search(window) else "share"), unit
    if unit == "times":
        verb = _governing_verb(token)
        return (verb.lemma_ if verb is not None else "times"), unit
    if unit:
        return _keyword_near(_MONEY_COUNTS, number, sentence, text) or "amount", unit
    noun = _counted_noun(token)
    verb = _governing_verb(noun if noun is not None else token)
    action = _VERB_COUNTS.get(verb.lemma_) if verb is not None else None
    if noun is not None and noun.lemma_.lower() in PERSON_NOUNS | {"police"}:
        state = _STATE_AFTER.get(noun.nbor().lower_) if noun.i + 1 < len(noun.doc) else None
        return state or action or noun.text.lower(), "persons"
    if noun is not None:
        return _noun_phrase(noun), ""
    if action and verb is not None and verb.lemma_ in _PERSON_VERBS:
        return action, "persons"
    return action or "", ""


def _keyword_near(
    table: list[tuple[str, re.Pattern[str]]], number: _Number, sentence: Span, text: str
) -> str | None:
    """The most specific label with a keyword right around the number ("a suspended sentence
    of 3.5 years' imprisonment"), else the label of the nearest keyword before it."""
    clause_after = re.split(
        r"[;.]|,\s+(?:and|but|while)\b", text[number.quote_end : sentence.end_char], maxsplit=1
    )[0][:_NEAR_AFTER]
    before = text[sentence.start_char : number.start]
    close_before = before[-_NEAR_BEFORE:]
    for window in (clause_after[:_RIGHT_AFTER], close_before, clause_after):
        for label, pattern in table:
            if label not in _GENERIC_COUNTS and pattern.search(window):
                return label
    for label, pattern in table:
        if pattern.search(clause_after):
            return label
    best: tuple[int, str] | None = None
    for label, pattern in table:
        for found in pattern.finditer(before):
            if best is None or found.start() > best[0]:
                best = (found.start(), label)
    return best[1] if best else None


def _counted_noun(token: Token) -> Token | None:
    """The noun a number counts: its head ("12 protesters"), or the noun of "of"
    ("four of the officers")."""
    if token.dep_ in {"nummod", "quantmod", "compound", "amod"} and token.head.pos_ in {
        "NOUN",
        "PROPN",
    }:
        return token.head
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN", "NUM"}:
                    return _counted_noun(pobj) if pobj.pos_ == "NUM" else pobj
    return None


def _governing_verb(token: Token) -> Token | None:
    """The verb whose subject or object the token is, following conjunctions."""
    current = token
    for _ in range(4):
        head = current.head
        if head is current:
            return None
        if head.pos_ in {"VERB", "AUX"} and current.dep_ != "conj":
            return head
        if current.dep_ == "conj" or head.pos_ in {"NUM", "ADP"}:
            current = head
            continue
        return None
    return None


def _noun_phrase(noun: Token) -> str:
    """The counted noun with the modifiers right before it ("criminal libel charges")."""
    start = noun.i
    while start > 0:
        previous = noun.doc[start - 1]
        modifier = previous.dep_ in {"compound", "amod"} and previous.pos_ in {
            "ADJ",
            "NOUN",
            "PROPN",
        }
        hyphen = previous.text == "-" and start > 1 and not previous.whitespace_
        if not (modifier or hyphen):
            break
        start -= 1
    return noun.doc[start : noun.i + 1].text.lower()
