"""Persons: names, roles and partial-name resolution, on snippets in the style of the
reports, for other countries (quality on the samples is gated in test_quality_gate.py)."""

from __future__ import annotations

from collections import defaultdict

from rightslens.extract.parse import ParsedReport, parse_report
from rightslens.extract.people import find_persons
from rightslens.model import Paragraph


def parse_snippet(text: str, country: str, year: int = 2020) -> ParsedReport:
    """A one-paragraph report of our own making."""
    return parse_report(text, [Paragraph(0, len(text), None, None)], year, country)


def persons_by_name(report: ParsedReport) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = defaultdict(set)
    for fact in find_persons(report):
        roles[fact.name].update(fact.roles)
    return roles


def assert_spans_exact(report: ParsedReport, facts: list) -> None:
    for fact in facts:
        assert report.text[fact.quote.start : fact.quote.end] == fact.quote.text
        assert report.text[fact.sentence.start : fact.sentence.end] == fact.sentence.text


def test_extract_people_titles_roles_and_surnames_uzbekistan() -> None:
    report = parse_snippet(
        "On March 3, police in Tashkent detained human rights defender Dilnoza Karimova and "
        "journalist Bakhtiyor Rakhimov. On May 12, a court in Samarkand sentenced Karimova to "
        "five years in prison on charges of extortion. Officers of the State Security Service "
        "reportedly beat Rakhimov during interrogation.",
        "UZ",
    )
    facts = find_persons(report)
    assert_spans_exact(report, facts)
    roles = persons_by_name(report)
    assert set(roles) == {"Dilnoza Karimova", "Bakhtiyor Rakhimov"}
    assert {"human_rights_defender", "detainee", "prisoner"} <= roles["Dilnoza Karimova"]
    assert {"journalist", "detainee", "victim"} <= roles["Bakhtiyor Rakhimov"]
    surname = next(fact for fact in facts if fact.quote.text == "Karimova")
    assert surname.name == "Dilnoza Karimova" and surname.method == "surname_of_known"


def test_extract_people_blogger_lawyer_and_possessive_egypt() -> None:
    report = parse_snippet(
        "In May a court in Alexandria sentenced blogger Ahmed Samir Fathy to three years in "
        "prison for spreading false news. The Egyptian Initiative for Personal Rights said "
        "Fathy's family was not allowed to visit him. Lawyer Mahienour Hassan represented him.",
        "EG",
    )
    roles = persons_by_name(report)
    assert set(roles) == {"Ahmed Samir Fathy", "Mahienour Hassan"}
    assert {"journalist", "prisoner"} <= roles["Ahmed Samir Fathy"]
    assert roles["Mahienour Hassan"] == {"lawyer"}
    possessive = [f for f in find_persons(report) if f.quote.text == "Fathy"]
    assert possessive and possessive[0].name == "Ahmed Samir Fathy"


def test_extract_people_opposition_official_and_no_organizations_venezuela() -> None:
    report = parse_snippet(
        "On April 30, members of the Bolivarian National Guard beat opposition politician "
        "Carlos Eduardo Medina during a protest in Maracaibo. President Nicolas Maduro's "
        "government denied the allegations. Medina was detained for two days. The NGO Foro "
        "Penal documented 14 similar cases, according to Human Rights Watch.",
        "VE",
    )
    roles = persons_by_name(report)
    assert set(roles) == {"Carlos Eduardo Medina", "Nicolas Maduro"}
    assert {"opposition_politician", "victim", "detainee"} <= roles["Carlos Eduardo Medina"]
    assert roles["Nicolas Maduro"] == {"official"}


def test_extract_people_appositive_and_judges_burma() -> None:
    report = parse_snippet(
        "On June 2, soldiers shot and killed Thet Naing Oo, a student activist, in Mandalay. "
        "Judges of the Yangon Northern District Court, Aung Naing and Khin Maung Zaw, "
        "sentenced the protesters to three years in prison.",
        "MM",
    )
    roles = persons_by_name(report)
    assert {"activist", "victim"} <= roles["Thet Naing Oo"]
    assert "judge" in roles["Aung Naing"] and "judge" in roles["Khin Maung Zaw"]
    assert "Mandalay" not in roles


def test_extract_people_clause_after_a_comma_is_no_apposition() -> None:
    report = parse_snippet(
        "Guards in Tbilisi beat inmate Levan Beridze, and two police officers in Batumi "
        "detained blogger Nino Kapanadze.",
        "GE",
    )
    roles = persons_by_name(report)
    assert "official" not in roles["Levan Beridze"]
    assert "prisoner" in roles["Levan Beridze"]


def test_extract_people_armed_group_is_no_person() -> None:
    report = parse_snippet(
        "Dozens were killed in attacks by the armed group Jama Tawhid, which claimed "
        "responsibility. Police detained hundreds accused of links to Jama Tawhid.",
        "ML",
    )
    assert "Jama Tawhid" not in persons_by_name(report)


def test_extract_people_names_spacy_calls_organizations() -> None:
    report = parse_snippet(
        "Minister of Internal Affairs Kalmukhanbet Kassymov received 147 complaints. The "
        "parties Ak Zhol, Rukhaniyat, and Auyl did not oppose the president. "
        "Parakhat Dyusenbaev testified that he was beaten.",
        "KZ",
    )
    roles = persons_by_name(report)
    assert "Kalmukhanbet Kassymov" in roles and roles["Kalmukhanbet Kassymov"] == {"official"}
    assert not {"Ak Zhol", "Rukhaniyat", "Auyl"} & set(roles)
    assert "Parakhat Dyusenbaev" in roles


def test_extract_people_roles_from_events_victim_detainee_perpetrator() -> None:
    from rightslens.extract import facts_of_parse
    from rightslens.model import PersonFact

    text = (
        "On May 3, police in Minsk detained activist Ales Bialiatski. In June officer Ihar "
        "Kazlou was accused of beating blogger Ihar Losik in custody."
    )
    roles: dict[str, set[str]] = defaultdict(set)
    for fact in facts_of_parse(parse_snippet(text, "BY", 2021)):
        if isinstance(fact, PersonFact):
            roles[fact.name].update(fact.roles)
    assert "detainee" in roles["Ales Bialiatski"]
    assert "victim" in roles["Ihar Losik"]
    assert "perpetrator" in roles["Ihar Kazlou"]
    assert "victim" not in roles["Ihar Kazlou"]


def test_extract_people_given_name_spelled_like_a_town_abroad_is_kept() -> None:
    # "Luis" is also a town in England: only a town of the report's country is stripped.
    report = parse_snippet(
        "On May 5, police detained opposition leader Luis Fernando Camacho in Santa Cruz.", "BO"
    )
    assert set(persons_by_name(report)) == {"Luis Fernando Camacho"}


def test_extract_people_outlet_named_like_a_person_is_no_person() -> None:
    report = parse_snippet(
        "In March authorities blocked the independent outlet Nurlan Live without a court order. "
        "On May 4, police searched the offices of the news portal Aziz Ordo in Osh.",
        "KG",
    )
    assert persons_by_name(report) == {}


def test_extract_people_editor_after_an_undetermined_portal_is_a_person() -> None:
    report = parse_snippet(
        "On January 24, a court found the chief editor of the Radiotochka.kz web portal "
        "Bigeldy Gabdullin guilty of extortion.",
        "KZ",
    )
    assert "Bigeldy Gabdullin" in persons_by_name(report)
