"""Dates: every date expression resolved to ISO against the report's year, on sentences
in the style of State Department, Human Rights Watch and Amnesty reports."""

from __future__ import annotations

import pytest

from rightslens.extract.dates import find_dates
from rightslens.extract.parse import ParsedReport, load_nlp, parse_report
from rightslens.model import DateFact, Paragraph


def parse_snippet(text: str, year: int) -> ParsedReport:
    return parse_report(text, [Paragraph(0, len(text))], year, None, nlp=load_nlp())


def dates_of(text: str, year: int = 2023) -> list[tuple[str, str]]:
    return [(f.text, f.value) for f in find_dates(parse_snippet(text, year))]


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("On March 15, police detained 12 protesters in Almaty.", 2023,
         [("March 15", "2023-03-15")]),
        ("In December 2021 the court sentenced him to five years in prison.", 2023,
         [("December 2021", "2021-12")]),
        ("In 2022 the commission reviewed 40 complaints.", 2023, [("2022", "2022")]),
        ("On June 30, the Shymkent city court announced the sentences.", 2023,
         [("June 30", "2023-06-30")]),
        ("Security forces dispersed the rally in Caracas on October 3, 2019.", 2019,
         [("October 3, 2019", "2019-10-03")]),
        ("On 15 March 2012, soldiers raided the village of Baga.", 2012,
         [("15 March 2012", "2012-03-15")]),
        ("On 26 April, Boko Haram bombed the offices of a newspaper.", 2012,
         [("26 April", "2012-04-26")]),
        ("Investigations into the January 2022 events continued.", 2023,
         [("January 2022", "2022-01")]),
        ("On Sept. 3 the Supreme Court of India upheld the ruling.", 2015,
         [("Sept. 3", "2015-09-03")]),
    ],
)  # fmt: skip
def test_dates_explicit_and_report_year_forms(text, year, expected):
    assert dates_of(text, year) == expected


def test_dates_day_range_resolves_to_its_month():
    facts = find_dates(parse_snippet("The protests in Minsk took place March 15-17.", 2020))
    assert [(f.text, f.value) for f in facts] == [("March 15-17", "2020-03")]
    assert "range_month" in facts[0].method


def test_dates_day_range_before_month():
    assert dates_of("More than 60 people were killed between 6 and 7 July in Plateau.", 2012) == [
        ("6 and 7 July", "2012-07")
    ]


def test_dates_day_range_with_year_resolves_to_its_month():
    text = "Between November 3 and 6, 2020, soldiers detained dozens of villagers in Tigray."
    assert dates_of(text, 2021) == [("November 3 and 6, 2020", "2020-11")]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Dozens were fined in early 2012 for taking part in protests.", "early 2012"),
        ("In the first half of 2012 courts fined 40 protesters.", "the first half of 2012"),
        ("By the end of 2012 there were 1,002 inmates on death row.", "the end of 2012"),
        ("In mid-2012 the Tashkent court closed the case.", "mid-2012"),
    ],
)
def test_dates_parts_of_a_year_keep_their_words(text, quote):
    assert dates_of(text, 2013) == [(quote, "2012")]


def test_dates_relative_to_the_report_year():
    text = (
        "During the year authorities detained 40 journalists, compared with 35 last year. "
        "The number of complaints rose compared with the previous year."
    )
    assert dates_of(text, 2019) == [
        ("During the year", "2019"),
        ("last year", "2018"),
        ("the previous year", "2018"),
    ]


def test_dates_year_end_and_periods_of_the_year():
    assert dates_of("By year's end, in the first six months of the year, 89 cases.", 2017) == [
        ("year's end", "2017-12"),
        ("in the first six months of the year", "2017"),
    ]


def test_dates_month_takes_the_nearest_earlier_year_of_its_sentence():
    text = (
        "In 2022, the government stated 238 persons had been killed in connection with "
        "nationwide unrest in January. In March the ombudsman reported new complaints."
    )
    assert dates_of(text, 2023) == [("2022", "2022"), ("January", "2022-01"), ("March", "2023-03")]


def test_dates_month_and_day_after_a_dated_event_in_the_same_sentence():
    text = "He was sentenced in November 2016 and released on March 5."
    assert dates_of(text, 2017) == [("November 2016", "2016-11"), ("March 5", "2016-03-05")]


def test_dates_month_takes_a_year_closing_the_phrase():
    assert dates_of("Between March and May 2012 police arrested 300 persons.", 2013) == [
        ("March", "2012-03"),
        ("May 2012", "2012-05"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A 16-year-old boy died after five years of detention.",
        "He served a 25-day administrative arrest and paid 2,016 tenge.",
        "He may appeal the verdict within 10 days.",
        "He was charged under Article 2015 of the code.",
        "In the 1990s, 2000 people disappeared.",
    ],
)
def test_dates_skip_durations_ages_and_numbers(text):
    assert dates_of(text) == []


def test_dates_may_is_a_month_only_after_a_date_word():
    assert dates_of("Authorities may detain him. In May the court acquitted him.", 2016) == [
        ("May", "2016-05")
    ]


def test_dates_quotes_and_sentences_point_into_the_text():
    text = "Intro paragraph.\n\nOn April 10-11, 2023, oil workers protested. In May they left."
    paragraphs = [Paragraph(0, 16), Paragraph(18, len(text))]
    report = parse_report(text, paragraphs, 2023, None, nlp=load_nlp())
    facts: list[DateFact] = find_dates(report)
    assert [f.value for f in facts] == ["2023-04", "2023-05"]
    for fact in facts:
        assert text[fact.quote.start : fact.quote.end] == fact.quote.text
        assert text[fact.sentence.start : fact.sentence.end] == fact.sentence.text


def test_dates_same_month_earlier_in_the_paragraph_gives_the_year():
    text = (
        "On January 4, 2021, protests broke out in Osh over fuel prices. "
        "On January 5, police shot dead a protester in Jalal-Abad."
    )
    assert ("January 5", "2021-01-05") in dates_of(text, 2022)


def test_dates_another_month_since_keeps_the_report_year():
    text = (
        "In December 2021, Sherzod Kamolov died in police custody in Namangan. "
        "On June 30, a court sentenced two guards to prison in connection with his death."
    )
    assert ("June 30", "2022-06-30") in dates_of(text, 2022)


def test_dates_year_end_is_december_of_the_report_year():
    text = "At year's end a Caracas court ordered the closure of the newspaper El Nacional."
    assert dates_of(text, 2018) == [("year's end", "2018-12")]
    assert dates_of("By the end of the year, 12 bloggers remained in custody.", 2018) == [
        ("By the end of the year", "2018-12")
    ]


def test_dates_days_later_counts_from_the_previous_date():
    text = (
        "On June 3, 2015, a Harare weekly published a story on army abuses. "
        "Two days later, police raided its offices. The same day the editor fled. "
        "A week later he was arrested."
    )
    assert dates_of(text, 2015) == [
        ("June 3, 2015", "2015-06-03"),
        ("Two days later", "2015-06-05"),
        ("The same day", "2015-06-05"),
        ("A week later", "2015-06-12"),
    ]


def test_dates_following_day_and_months_later():
    assert ("the following day", "2014-05-05") in dates_of(
        "A Cairo court convicted him on 4 May. He died the following day in custody.", 2014
    )
    text = "Police arrested the Baku blogger in March. He was released two months later."
    assert ("two months later", "2016-05") in dates_of(text, 2016)


def test_dates_two_days_of_two_months_are_two_dates():
    assert dates_of("They died on April 9 and December 11, 2010.", 2014) == [
        ("April 9", "2010-04-09"),
        ("December 11, 2010", "2010-12-11"),
    ]
    rallies = "Police dispersed rallies on May 4 and 5."
    assert dates_of(rallies, 2021) == [("May 4 and 5", "2021-05")]


def test_dates_days_later_pass_over_a_year_said_in_between():
    text = (
        "On June 15, a reporter for a Bishkek weekly wrote about spending on the 2019 games. "
        "Two days later, the weekly's website was blocked."
    )
    assert ("Two days later", "2019-06-17") in dates_of(text, 2019)


def test_dates_month_and_year_phrases_move_the_previous_date():
    text = (
        "Police detained the Minsk blogger in March 2020. Later that month he was charged. "
        "He was released the following month and fled abroad the following year."
    )
    assert dates_of(text, 2021) == [
        ("March 2020", "2020-03"),
        ("Later that month", "2020-03"),
        ("the following month", "2020-04"),
        ("the following year", "2021"),
    ]
    assert dates_of("Voters rejected the following year's budget in May.", 2018) == [
        ("May", "2018-05")
    ]


def test_dates_relative_phrase_needs_a_precise_enough_date():
    assert dates_of("In 2019 protests began in Khartoum. Three days later police fired.", 2019) == [
        ("2019", "2019")
    ]
    assert dates_of("He was released two days later than promised on May 4.", 2019) == [
        ("May 4", "2019-05-04")
    ]


def test_dates_month_of_a_noun_dated_by_of_year():
    text = "On April 10, Juan Perez was sentenced for organizing the January protests of 2021."
    assert dates_of(text, 2022) == [
        ("April 10", "2022-04-10"),
        ("January", "2021-01"),
        ("2021", "2021"),
    ]


def test_events_date_skips_a_date_inside_a_relative_clause():
    from rightslens.extract import extract_facts
    from rightslens.model import EventFact

    text = (
        "Ali Karimov, a journalist who fled to Turkey in 2015, was arrested by police "
        "on March 3, 2020, in Ankara."
    )
    facts = extract_facts(text, [Paragraph(0, len(text))], 2020, None)
    arrests = [
        f for f in facts if isinstance(f, EventFact) and f.event_type == "arrest_or_detention"
    ]
    assert [(e.victims, e.date) for e in arrests] == [(["Ali Karimov"], "2020-03-03")]
