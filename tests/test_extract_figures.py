"""Figures: numbers with their qualifier, unit and what they count, on report sentences
(quality on the samples is gated in test_quality_gate.py)."""

from __future__ import annotations

import pytest

from rightslens.extract.figures import find_figures
from rightslens.extract.numbers import NUMBER_RE, parse_number
from rightslens.extract.parse import ParsedReport, load_nlp, parse_report
from rightslens.model import FigureFact, Paragraph


def parse_snippet(text: str, year: int = 2023) -> ParsedReport:
    return parse_report(text, [Paragraph(0, len(text))], year, None, nlp=load_nlp())


def figures_of(text: str, year: int = 2023) -> list[FigureFact]:
    return find_figures(parse_snippet(text, year))


def one_figure(text: str, value: float) -> FigureFact:
    found = [f for f in figures_of(text) if f.value == value]
    assert len(found) == 1, [(f.text, f.value) for f in figures_of(text)]
    return found[0]


# Number words


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("two hundred thirty-eight", 238),
        ("seven and a half", 7.5),
        ("two-and-one-half", 2.5),
        ("five and one-half", 5.5),
        ("1.5 million", 1_500_000),
        ("50.2 million", 50_200_000),
        ("1,460", 1460),
        ("3.5", 3.5),
        ("a dozen", 12),
        ("one hundred and five", 105),
        ("two thousand five hundred", 2500),
    ],
)
def test_numbers_parse_number_words_and_digits(words, value):
    assert NUMBER_RE.fullmatch(words)
    assert parse_number(words) == pytest.approx(value)


def test_numbers_keep_two_numbers_joined_by_and_apart():
    found = [m.group() for m in NUMBER_RE.finditer("sentenced to three and five days' arrest")]
    assert found == ["three", "five"]


def test_numbers_skip_words_that_only_contain_number_words():
    assert [m.group() for m in NUMBER_RE.finditer("someone paid tenge; dozens often")] == []


# Values, qualifiers, units, counts


def test_figures_prison_sentence_in_words():
    figure = one_figure(
        "In October a court sentenced Kozlov to seven and a half years in prison.", 7.5
    )
    assert (figure.unit, figure.counts, figure.text) == (
        "years",
        "sentence",
        "seven and a half years",
    )


def test_figures_suspended_sentence_with_possessive_unit():
    figure = one_figure(
        "The court gave journalist Mikhail Kazachkov a suspended sentence of 3.5 years' "
        "imprisonment.",
        3.5,
    )
    assert (figure.unit, figure.counts) == ("years", "suspended sentence")


def test_figures_hyphenated_administrative_arrest():
    figure = one_figure(
        "Activist Duman Mukhametkarim was placed under a 25-day administrative arrest.", 25
    )
    assert (figure.unit, figure.counts) == ("days", "administrative arrest")


def test_figures_qualifier_and_persons_unit_from_verb_and_noun():
    figures = figures_of("The clashes left at least 17 people dead and more than 100 injured.")
    assert [(f.value, f.qualifier, f.unit, f.counts) for f in figures] == [
        (17, "at least", "persons", "killed"),
        (100, "more than", "persons", "injured"),
    ]


def test_figures_killed_counted_from_the_verb():
    figure = one_figure("Police opened fire, killing 12 and wounding dozens.", 12)
    assert (figure.unit, figure.counts) == ("persons", "killed")


def test_figures_detained_persons_from_the_noun_and_verb():
    figure = one_figure("On March 3, police in Minsk detained approximately 150 protesters.", 150)
    assert (figure.qualifier, figure.unit, figure.counts) == (
        "approximately",
        "persons",
        "detained",
    )


def test_figures_complaints_counted_by_noun_phrase():
    figure = one_figure("The ombudsman reported receiving 106 complaints of torture.", 106)
    assert figure.counts == "complaints"
    assert figure.unit == ""


def test_figures_fine_in_currency_word_drops_its_dollar_conversion():
    figures = figures_of(
        "Zhanar Akhmet was punished by an administrative fine of 113,450 tenge ($350)."
    )
    assert [(f.value, f.unit, f.counts) for f in figures] == [(113450, "tenge", "fine")]


def test_figures_currency_symbols_as_codes():
    figure = one_figure("Courts fined others up to US$550 for taking part in protests.", 550)
    assert (figure.unit, figure.counts, figure.qualifier) == ("USD", "fine", "up to")
    assert figure.text == "US$550"


def test_figures_million_multiplier_with_currency():
    figure = one_figure("The court ordered the paper to pay 1.5 million rubles in damages.", 1.5e6)
    assert (figure.unit, figure.counts) == ("ruble", "damages")


def test_figures_percent_change():
    figure = one_figure("Deaths in prisons declined 17 percent compared with 2016.", 17)
    assert (figure.unit, figure.counts) == ("percent", "percent change")


def test_figures_range_bounds_share_the_unit():
    figures = figures_of(
        "The court sentenced five policemen to between five and seven years in prison."
    )
    assert [(f.value, f.qualifier, f.unit) for f in figures] == [
        (5, None, "persons"),
        (5, "at least", "years"),
        (7, "up to", "years"),
    ]


def test_figures_two_numbers_share_a_unit_after_and():
    figures = figures_of(
        "The court sentenced two organizers to three and five days' administrative arrest."
    )
    assert [(f.value, f.unit, f.counts) for f in figures][1:] == [
        (3, "days", "administrative arrest"),
        (5, "days", "administrative arrest"),
    ]


# What is not a figure


@pytest.mark.parametrize(
    "text",
    [
        "On March 15, 2021, police searched the office.",
        "In 2016 the court heard the appeal.",
        "He was charged under Article 174 of the criminal code.",
        "He was charged under Articles 174 and 405 of the criminal code.",
        "The 18-year-old conscript died in hospital.",
        "During the first six months of the year, the ombudsman visited prisons.",
        "The soldier of Army Unit 32363 died in hospital.",
        "See section 2.a for details.",
        "Detainees may be held in pretrial detention for up to two months.",
        "The law allows police to hold a detainee for 72 hours before bringing charges.",
        "One of them was released.",
        "The spread of COVID-19 in prisons worried monitors.",
    ],
)
def test_figures_skip_numbers_that_are_not_facts(text):
    assert figures_of(text) == []


def test_figures_one_counts_only_before_its_noun():
    figure = one_figure("Police detained four suspects, including one former police officer.", 1)
    assert figure.unit == "persons"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("On April 2, a court in Kyiv fined activist Oleh Bondar 3,400 hryvnias.", 3400, "hryvnia"),
        ("On April 2, a court fined blogger Aziz Karimov 1,200 manats.", 1200, "manat"),
        (
            "A court in Minsk fined activist Ales Pushkin 1,500 rubles for the picket.",
            1500,
            "ruble",
        ),
        ("Police fined the organizer ₴5,100 for the march.", 5100, "UAH"),
    ],
)
def test_figures_amount_right_after_a_name_is_a_figure(text, value, unit):
    # Not a name part ("Article 19"), though spaCy may join it to the name before it.
    figure = one_figure(text, value)
    assert figure.unit == unit


def test_figures_number_after_a_name_without_a_unit_is_a_name_part():
    assert figures_of("The report cited Article 19 of the constitution.") == []


@pytest.mark.parametrize(
    ("amount", "value", "unit"),
    [
        ("300 lei", 300, "leu"),
        ("40,000 kronor", 40000, "krona"),
        ("900 soles", 900, "sol"),
        ("20 somoni", 20, "somoni"),
    ],
)
def test_figures_currency_words_come_from_the_data_table(amount, value, unit):
    figure = one_figure(f"In May a court fined the activist {amount} for the picket.", value)
    assert figure.unit == unit
