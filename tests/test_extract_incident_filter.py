"""The incident filter (extract/incident_filter.py, rules in data/incident_filter.toml) and
one incident per act: each rule on a sentence of its own (names and places invented), with
a sentence where the same words must not stop an incident."""

from __future__ import annotations

import pytest

from rightslens.extract import incident_filter
from tests.test_extract_events import events_of, kinds_and_victims


@pytest.mark.parametrize(
    ("rule", "text", "event_type"),
    [
        ("demanded", "In March protesters demanded the release of Rustam Nazarov.",
         "release_or_acquittal"),
        ("demanded", "On May 2, lawyers called for the release of Rustam Nazarov.",
         "release_or_acquittal"),
        ("failed", "As of November, the government failed to release Rustam Nazarov.",
         "release_or_acquittal"),
        ("failed", "On May 4, the court refused to release Rustam Nazarov on bail.",
         "release_or_acquittal"),
        ("failed",
         "The government neither reviewed the cases of those charged before 2001 nor released "
         "persons imprisoned for their writing.", "release_or_acquittal"),
        ("status", "In July opposition leader Rustam Nazarov remained in detention.",
         "arrest_or_detention"),
        ("status",
         "Some of those arrested were released, while others remained in detention at year's end.",
         "arrest_or_detention"),
        ("statistic", "Rights groups estimated that police killed 40 villagers in Osh in 2019.",
         "killing"),
        ("aggregate", "Between August and December, police detained more than 3,000 persons.",
         "arrest_or_detention"),
        ("aggregate", "In 2021, at least 1,000 people were killed in attacks by armed groups.",
         "killing"),
    ],
)  # fmt: skip
def test_incident_filter_rule_stops_a_non_incident(rule, text, event_type):
    assert event_type not in {kind for kind, _ in kinds_and_victims(text)}, rule


@pytest.mark.parametrize(
    ("text", "event_type", "victim"),
    [
        # A demand in a clause about the victim does not reach the act that befell her.
        ("On June 3, police detained Azamat Toktogulov, who had demanded the release of his "
         "brother.", "arrest_or_detention", "Azamat Toktogulov"),
        # Told with its days, a large number is one crackdown, not a total.
        ("From October 1 to 6, security forces killed at least 150 protesters.",
         "killing", "at least 150 protesters"),
        ("On May 5, police detained 400 protesters.", "arrest_or_detention", "400 protesters"),
        # A release that happened, after a demand for it.
        ("On July 9, after lawyers demanded it, a court in Osh released journalist Rustam "
         "Nazarov.", "release_or_acquittal", "Rustam Nazarov"),
    ],
)  # fmt: skip
def test_incident_filter_keeps_the_incident_the_same_words_stand_near(text, event_type, victim):
    assert (event_type, victim) in kinds_and_victims(text)


def test_incident_filter_marks_an_alleged_incident_and_keeps_its_cue():
    text = "According to his family, police beat journalist Rustam Nazarov on May 4."
    [event] = events_of(text)
    assert event.event_type == "torture_or_ill_treatment" and event.victims == ["Rustam Nazarov"]
    assert event.status == "alleged" and "alleged:according to" in event.modifiers


def test_incident_filter_a_plain_report_is_reported_with_no_modifier():
    [event] = events_of("On May 4, police beat journalist Rustam Nazarov in Osh.")
    assert event.status == "reported" and event.modifiers == []


def test_events_one_act_against_several_people_is_one_incident():
    text = "On June 2, police arrested journalists Ana Lind, Peter Novak and Ivo Salm in Osh."
    arrests = [e for e in events_of(text) if e.event_type == "arrest_or_detention"]
    assert len(arrests) == 1
    # "journalists" only titles the three: it names no one more.
    assert arrests[0].victims == ["Ana Lind", "Peter Novak", "Ivo Salm"]


def test_events_acts_of_different_dates_stay_apart():
    text = "Police arrested activist Ana Lind on June 2. On July 9, police arrested Lind again."
    events = events_of(text)
    assert sorted(e.date for e in events if e.event_type == "arrest_or_detention") == [
        "2021-06-02",
        "2021-07-09",
    ]


def test_incident_filter_rules_are_well_formed():
    rules, categories, aggregate = incident_filter.filter_table()
    assert rules and all(rule.category in categories for rule in rules)
    assert {c["effect"] for c in categories.values()} <= {"drop", "mark"}
    assert aggregate["category"] in categories and aggregate["min_count"] > 1
    literals = [word for rule in rules for word in rule.literal]
    assert len(literals) == len(set(literals)), "a cue belongs to one rule"


def test_events_a_bare_plural_placed_only_in_the_year_is_no_incident():
    assert not events_of("Some individuals were pardoned fully or conditionally during the year.")
    kept = kinds_and_victims("During the year police detained activist Azamat Toktogulov.")
    assert ("arrest_or_detention", "Azamat Toktogulov") in kept
