"""Events: concrete incidents with their type and victims, each rule on a sentence written
in the style of the reports about another country. Quality on the sample reports is
measured by ``rightslens.evaluate`` (``rightslens evaluate``), not here."""

from __future__ import annotations

import pytest

from rightslens.extract.dates import find_dates
from rightslens.extract.events import find_events
from rightslens.extract.figures import find_figures
from rightslens.extract.parse import ParsedReport, load_nlp, parse_report
from rightslens.extract.people import find_persons
from rightslens.extract.places import find_places
from rightslens.model import EventFact, Paragraph


def parse_snippet(text: str, year: int = 2021) -> ParsedReport:
    return parse_report(text, [Paragraph(0, len(text))], year, None, nlp=load_nlp())


def events_of_report(report: ParsedReport) -> list[EventFact]:
    return find_events(
        report, find_persons(report), find_dates(report), find_places(report), find_figures(report)
    )


def events_of(text: str) -> list[EventFact]:
    return events_of_report(parse_snippet(text))


def kinds_and_victims(text: str) -> set[tuple[str, str]]:
    return {(e.event_type, v) for e in events_of(text) for v in e.victims or [""]}


# Concrete incidents


@pytest.mark.parametrize(
    ("text", "event_type", "victim"),
    [
        (
            "On March 3, police in Bishkek detained opposition activist Azamat Toktogulov "
            "for organizing an unsanctioned rally.",
            "arrest_or_detention",
            "Azamat Toktogulov",
        ),
        (
            "On June 12, a district court in Dushanbe sentenced journalist Rustam Nazarov "
            "to seven years in prison for extremism.",
            "conviction_or_sentence",
            "Rustam Nazarov",
        ),
        (
            "In May a court in Tashkent found blogger Otabek Sattoriy guilty of extortion.",
            "conviction_or_sentence",
            "Otabek Sattoriy",
        ),
        ("On April 2, security forces shot dead a protester in Andijan.", "killing", "a protester"),
        (
            "In October, Farid Aliyev died in police custody in Baku after officers arrested him "
            "for alleged theft.",
            "death_in_custody",
            "Farid Aliyev",
        ),
        (
            "Human rights lawyer Marina Petrova was released from prison on August 4 after "
            "serving her sentence.",
            "release_or_acquittal",
            "Marina Petrova",
        ),
        (
            "On February 9, unknown assailants attacked journalist Daniyar Omarov near his home "
            "in Osh.",
            "attack_on_journalist_or_activist",
            "Daniyar Omarov",
        ),
        (
            "In November the authorities blocked access to the news site Azattyk.org.",
            "blocking_or_censorship",
            "Azattyk.org",
        ),
        (
            "On July 7, Aigerim Bekova was placed under administrative arrest for 10 days.",
            "arrest_or_detention",
            "Aigerim Bekova",
        ),
        (
            "Activist Nodira Karimova was fined 20,000 soms on September 5 for picketing.",
            "fine",
            "Nodira Karimova",
        ),
        (
            "On January 20, authorities deported Russian journalist Ivan Sokolov to Moscow.",
            "deportation_or_extradition",
            "Ivan Sokolov",
        ),
        (
            "During the year the authorities amnestied several imprisoned activists, including "
            "Bakyt Asanov and Timur Iskakov.",
            "release_or_acquittal",
            "Timur Iskakov",
        ),
    ],
)
def test_find_events_concrete_incident(text, event_type, victim):
    found = kinds_and_victims(text)
    assert any(kind == event_type and victim.lower() in name.lower() for kind, name in found), found


def test_find_events_one_event_per_named_victim():
    text = (
        "On May 14, a court in Almaty sentenced activists Erlan Sadykov and Gulnara "
        "Zhumabayeva to five years in prison."
    )
    victims = {
        v for e in events_of(text) if e.event_type == "conviction_or_sentence" for v in e.victims
    }
    assert len(victims) == 2, victims


def test_find_events_pronoun_victim_is_the_person_named_before():
    text = (
        "Opposition politician Sanjar Umarov criticized the president on television. "
        "Police arrested him on March 2."
    )
    found = kinds_and_victims(text)
    assert any(kind == "arrest_or_detention" and "Umarov" in name for kind, name in found), found


def test_find_events_officers_convicted_for_abuse_name_the_harmed_as_victims():
    text = (
        "On June 7, four police officers received prison sentences in connection with "
        "the death by torture of Nurlan Abenov."
    )
    events = events_of(text)
    convictions = [e for e in events if e.event_type == "conviction_or_sentence"]
    assert convictions and any("Nurlan Abenov" in v for e in convictions for v in e.victims)
    assert any("officers" in p for e in convictions for p in e.perpetrators)
    assert any(e.event_type == "official_prosecuted" for e in events)


def test_find_events_date_and_place_come_from_the_sentence():
    events = events_of("On March 3, police in Bishkek detained activist Azamat Toktogulov.")
    assert events[0].date == "2021-03-03"
    assert events[0].place == "Bishkek"


# Generic statements are not events, each by its named rule


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("negated", "Police did not detain any journalists during the protest."),
        ("no_reports", "There were no reports that the government committed arbitrary killings."),
        ("habitual", "Police often beat detainees to obtain confessions."),
        ("habitual", "NGOs alleged that authorities routinely detained critics of the government."),
        ("present_tense", "Police beat detainees in pretrial detention centers."),
        ("legal", "The law prohibits torture and other cruel punishment."),
        ("legal", "The constitution prohibits arbitrary arrest and detention."),
        ("modal", "Authorities may detain a suspect for up to 72 hours without charge."),
        ("hypothetical", "Activists said they feared arrest if they spoke to foreign media."),
        ("attributive", "He was a member of the banned opposition movement."),
        ("generic_plural", "Prison guards beat inmates and denied them medical care."),
    ],
)
def test_find_events_generic_statement_is_not_an_event(rule, text):
    assert events_of(text) == [], rule


def test_find_events_quotes_and_sentences_match_the_text():
    text = (
        "On March 3, police in Bishkek detained opposition activist Azamat Toktogulov. "
        "On June 12, a court sentenced him to seven years in prison."
    )
    report = parse_snippet(text)
    events = events_of_report(report)
    assert events
    for event in events:
        assert report.text[event.quote.start : event.quote.end] == event.quote.text
        assert report.text[event.sentence.start : event.sentence.end] == event.sentence.text
        assert event.method.startswith("event.") and 0 < event.confidence <= 1


def has_event(text: str, event_type: str, victim: str) -> bool:
    found = kinds_and_victims(text)
    return any(kind == event_type and victim.lower() in name.lower() for kind, name in found)


# One snippet per named rule, each about another country than the samples'


@pytest.mark.parametrize(
    ("rule", "text", "event_type", "victim"),
    [
        (
            "phrase words: hyphen",
            "In March 2020 blogger Shukhrat Ergashev received a three-year prison sentence "
            "for insulting the president.",
            "conviction_or_sentence",
            "Shukhrat Ergashev",
        ),
        (
            "phrase words: participle",
            "On May 4, the Tashkent city court gave journalist Dilnoza Rakhimova a suspended "
            "sentence of two years.",
            "conviction_or_sentence",
            "Dilnoza Rakhimova",
        ),
        (
            "phrase words: bounded gap",
            "On June 2, activist Pavel Sevyarynets was placed under a 15-day administrative arrest "
            "in Minsk.",
            "arrest_or_detention",
            "Pavel Sevyarynets",
        ),
        (
            "penalty recipient",
            "The court imposed suspended sentences on 14 striking miners on October 3.",
            "conviction_or_sentence",
            "14 striking miners",
        ),
        (
            "object control",
            "In April a Baku court ordered journalist Sevinj Vagifgizi to pay a fine of "
            "5,000 manats.",
            "fine",
            "Sevinj Vagifgizi",
        ),
        (
            "shared object",
            "In July the guards humiliated and insulted prisoner Davron Kabilov.",
            "torture_or_ill_treatment",
            "Davron Kabilov",
        ),
        (
            "count read as a preposition",
            "In January authorities used tax charges to arrest over a dozen others, including "
            "blogger Ihar Losik and lawyer Maksim Znak.",
            "arrest_or_detention",
            "Maksim Znak",
        ),
        (
            "phrase object: set fire to",
            "On March 2, reporter Nino Zuriashvili said unknown men set fire to her car in "
            "Tbilisi.",
            "attack_on_journalist_or_activist",
            "Nino Zuriashvili",
        ),
        (
            "name split from its noun",
            "On April 11, unknown attackers vandalized the offices of publication *Kloop.kg*.",
            "attack_on_journalist_or_activist",
            "Kloop.kg",
        ),
        (
            "of on the phrase's last word",
            "On May 9, three guards received prison sentences in connection with the death by "
            "torture of Aziz Yusupov.",
            "death_in_custody",
            "Aziz Yusupov",
        ),
        (
            "death of a prisoner",
            "The beating resulted in the death of another prisoner, Alisher Tursunov, in "
            "August 2020.",
            "death_in_custody",
            "Alisher Tursunov",
        ),
        (
            "case dropped",
            "In November the criminal case against Gulnara Aliyeva was dropped.",
            "release_or_acquittal",
            "Gulnara Aliyeva",
        ),
        (
            "held in a state",
            "Blogger Erkin Mamatov had been under house arrest since June 3.",
            "arrest_or_detention",
            "Erkin Mamatov",
        ),
        (
            "past punishment is no law",
            "Activist Maria Kolesnikova was found guilty and punished by an administrative fine "
            "of 900 rubles on May 12.",
            "fine",
            "Maria Kolesnikova",
        ),
        (
            "small clause",
            "In June 2020 the clashes in Khorog turned violent, leaving at least nine people dead.",
            "killing",
            "nine people",
        ),
        (
            "named outlets in a sentence about media",
            "In December courts in Minsk banned Nasha Niva, Belsat TV and Zerkalo as extremist.",
            "blocking_or_censorship",
            "Belsat TV",
        ),
        (
            "people by what they do",
            "On August 3, a court in Osh sentenced three bank managers to five years in prison.",
            "conviction_or_sentence",
            "three bank managers",
        ),
        (
            "a year is no count",
            "Experts condemned journalist Maria Kolesnikova's 2020 arrest.",
            "arrest_or_detention",
            "Maria Kolesnikova",
        ),
        (
            "habitual overridden by names",
            "Bloggers said their sites were periodically blocked, including the news sites "
            "fergana.news and centralasia.media.",
            "blocking_or_censorship",
            "fergana.news",
        ),
        (
            "adverb of a reporting verb",
            "On May 3, local media widely published video footage of guards beating "
            "Bakhtiyor Nuraliyev in a penal colony.",
            "torture_or_ill_treatment",
            "Bakhtiyor Nuraliyev",
        ),
    ],
)
def test_find_events_rule(rule, text, event_type, victim):
    assert has_event(text, event_type, victim), (rule, kinds_and_victims(text))


@pytest.mark.parametrize(
    ("rule", "text", "event_type", "victim"),
    [
        (
            "both: the persons named together before",
            "On April 2, police arrested activists Nargiza Usmonova and Timur Karimov in "
            "Dushanbe. Both were convicted of hooliganism and sentenced to 10 days in jail.",
            "conviction_or_sentence",
            "Timur Karimov",
        ),
        (
            "them: the group that speaks",
            "In May, several of the detained miners alleged that police tortured them in custody.",
            "torture_or_ill_treatment",
            "the detained miners",
        ),
        (
            "them: a group told earlier, not the verb's own subject",
            "Footage showed soldiers chasing fleeing students and beating them with sticks.",
            "torture_or_ill_treatment",
            "students",
        ),
        (
            "he: the subject of the clause above",
            "Guards beat Farrukh Nazarov after a visit by his lawyer Anvar Saidov. Nazarov lost "
            "consciousness and was taken to the hospital, where he later died.",
            "killing",
            "Farrukh Nazarov",
        ),
    ],
)
def test_find_events_pronoun_refers_back(rule, text, event_type, victim):
    assert has_event(text, event_type, victim), (rule, kinds_and_victims(text))


def test_find_events_the_newspaper_is_the_outlet_named_before():
    text = (
        "Authorities arrested the editor of the newspaper Fergana Times, Sardor Aliyev, in May. "
        "The newspaper closed in June after his arrest."
    )
    assert has_event(text, "blocking_or_censorship", "Fergana Times"), kinds_and_victims(text)


def test_find_events_custody_cue_in_a_list_does_not_make_a_death_in_custody():
    text = (
        "In 2020 the government stated 41 persons had been killed during the unrest in May, "
        "including at least two deaths due to torture in detention."
    )
    found = kinds_and_victims(text)
    assert ("killing", "41 persons") in found, found
    assert not any(kind == "death_in_custody" and "41" in name for kind, name in found), found


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("counted", "Press freedom NGO Justice recorded 15 attacks on journalists in 2020."),
        ("death without a killer", "Journalist Aida Ismailova reported on the deaths of miners "
         "during a fire on August 17."),
    ],
)  # fmt: skip
def test_find_events_rule_finds_no_incident(rule, text):
    found = {(e.event_type, tuple(e.victims)) for e in events_of(text)}
    assert not any(kind in ("killing", "attack_on_journalist_or_activist") for kind, _ in found), (
        rule,
        found,
    )


def test_find_events_each_joined_clause_dates_and_names_its_own_conviction():
    text = (
        "On May 4, three police officers in Osh received prison sentences for the beating of "
        "Ulan Abdyrov, and two guards in Naryn received prison sentences on August 9 for the "
        "beating of Timur Sadykov."
    )
    convictions = {
        v: e.date
        for e in events_of(text)
        if e.event_type == "conviction_or_sentence"
        for v in e.victims
    }
    assert convictions == {"Ulan Abdyrov": "2021-05-04", "Timur Sadykov": "2021-08-09"}


@pytest.mark.parametrize(
    "text",
    [
        "In September a Tashkent court acquitted six policemen accused of torturing detainees.",
        "In October authorities arrested three guards in response to accusations that they "
        "tortured two inmates.",
        "In March, Akmal Usmonov testified at his trial in Andijan that guards had beaten him.",
    ],
)
def test_find_events_act_told_as_a_charge_or_allegation_keeps_no_date_of_the_act_around_it(text):
    abuses = [e for e in events_of(text) if e.event_type == "torture_or_ill_treatment"]
    assert abuses and all(e.date is None for e in abuses), abuses


@pytest.mark.parametrize(
    ("rule", "text", "event_type", "date"),
    [
        ("own_clause",
         "In 2020, the government stated 41 persons had been killed in connection with the "
         "unrest in May.",
         "killing", "2020-05"),
        ("earlier_in_paragraph",
         "In December 2020, Sherzod Kamolov died in police custody in Namangan. "
         "His family said guards had beaten him for days.",
         "torture_or_ill_treatment", "2020-12"),
        ("not_the_date_of_its_charge",
         "On June 24, a Delhi court convicted Ramesh Yadav of carrying out a raid in 2002, "
         "killing three students.",
         "conviction_or_sentence", "2021-06-24"),
        ("charge_dated_by_a_noun",
         "In December, a Minsk court sentenced nine officers in an August 2020 torture case on "
         "charges of torturing more than 30 protesters.",
         "torture_or_ill_treatment", "2020-08"),
    ],
)  # fmt: skip
def test_find_events_date_is_the_incidents(rule, text, event_type, date):
    found = [e for e in events_of(text) if e.event_type == event_type]
    assert found and found[0].date == date, (rule, found)


# Roles of accused acts, run-in labels and legal rights (each rule on its own sentence)


def roles_of(text: str, event_type: str, label: str | None = None) -> list[EventFact]:
    report = parse_report(text, [Paragraph(0, len(text), None, label)], 2021, None, nlp=load_nlp())
    return [e for e in events_of_report(report) if e.event_type == event_type]


@pytest.mark.parametrize(
    ("text", "victim", "perpetrator"),
    [
        ("On May 4, police officer Karim Haddad was accused of torturing a detainee in a "
         "Cairo police station.", "a detainee", "Karim Haddad"),
        ("In June prosecutors charged two officers accused of beating a detainee in Mandalay.",
         "a detainee", "two officers"),
        ("In March three police officers in Grodno were accused of torturing Andrei Kaminsky "
         "during interrogation.", "Andrei Kaminsky", "three police officers in Grodno"),
        ("In May a court in Tashkent found two guards guilty of torturing inmate Bakhrom "
         "Aliev.", "Bakhrom Aliev", "two guards"),
        ("On August 2, a court in Lagos convicted police officer Ade Bello of the killing of "
         "street vendor Musa Ibrahim.", "Musa Ibrahim", "Ade Bello"),
    ],
)  # fmt: skip
def test_find_events_accused_of_an_act_did_it(text, victim, perpetrator):
    acts = [e for kind in ("torture_or_ill_treatment", "killing") for e in roles_of(text, kind)]
    assert [(e.victims, e.perpetrators) for e in acts] == [([victim], [perpetrator])]


def test_find_events_accused_without_a_victim_makes_no_event_of_the_accusation():
    text = "In June, Sara Ruiz, who was accused of kidnapping and homicide, was released."
    assert roles_of(text, "disappearance") == []
    assert [e.victims for e in roles_of(text, "release_or_acquittal")] == [["Sara Ruiz"]]


@pytest.mark.parametrize(
    ("label", "text", "event_type", "perpetrator"),
    [
        ("Threats", "Threats: On April 9, unknown persons threatened journalist Maria Lopez "
         "in Caracas.", "attack_on_journalist_or_activist", "unknown persons"),
        (None, "Arrests: On July 2, police arrested activist Javier Ruiz in Maracaibo.",
         "arrest_or_detention", "police"),
        (None, "Violence and Harassment: Security services detained and harassed journalist "
         "Musa Bako in Kano on June 5.", "attack_on_journalist_or_activist",
         "Security services"),
    ],
)  # fmt: skip
def test_find_events_run_in_label_is_no_role(label, text, event_type, perpetrator):
    found = roles_of(text, event_type, label)
    assert [e.perpetrators for e in found] == [[perpetrator]], found
    head = text[: text.index(":")]
    assert not [e for e in events_of(text) if head in [*e.victims, *e.perpetrators]]


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("modal", "The law provides that detainees may be held for up to 72 hours before "
         "being brought before a judge."),
        ("legal", "The law prohibits arbitrary arrest and detention."),
        ("legal", "By law, police were required to inform a detainee's family within 12 hours "
         "of an arrest."),
        ("legal", "Detainees were entitled to a lawyer from the moment of their detention."),
        ("rights", "According to the constitution, detainees have the right to challenge the "
         "lawfulness of their detention in court."),
        ("generic_plural", "Under the criminal procedure code, authorities detained suspects for "
         "up to 10 days without charge."),
    ],
)  # fmt: skip
def test_find_events_statement_of_legal_rights_is_not_an_arrest(rule, text):
    assert events_of(text) == [], rule


def test_find_events_legal_rule_does_not_hide_the_incident_joined_to_it():
    text = (
        "The law required warrants for arrests, but police arrested journalist Yusuf Karim "
        "without a warrant on May 3."
    )
    assert kinds_and_victims(text) == {("arrest_or_detention", "Yusuf Karim")}


def test_find_events_decision_to_release_is_made_by_its_issuer():
    text = "On September 14, prosecutors issued a decision to release Ahmed Fathy."
    assert [e.perpetrators for e in roles_of(text, "release_or_acquittal")] == [["prosecutors"]]


@pytest.mark.parametrize(
    ("text", "event_type", "victim"),
    [
        (
            "In March authorities blocked the independent outlet Nurlan Live without a court "
            "order.",
            "blocking_or_censorship",
            "Nurlan Live",
        ),
        (
            "On May 4, police searched the offices of the news portal Aziz Ordo in Osh.",
            "raid_or_search",
            "Aziz Ordo",
        ),
    ],
)
def test_find_events_outlet_named_after_its_kind_is_the_victim(text, event_type, victim):
    # spaCy calls these names persons; after "the outlet" they name the medium, and the
    # outlet noun followed by a name is no reference back to an earlier outlet.
    found = kinds_and_victims(text)
    assert (event_type, victim) in found, found
    assert all(v == victim for kind, v in found if kind == event_type), found


# Rules found on reports of other countries (each on a sentence written for it)


@pytest.mark.parametrize(
    ("rule", "text", "event_type", "victim"),
    [
        ("whereabouts_unknown",
         "Police in Lahore took blogger Imran Qureshi from his office on May 3; his "
         "whereabouts remained unknown at year's end.",
         "disappearance", "Imran Qureshi"),
        ("whereabouts_unknown",
         "Journalist Tomas Ferrer was seized in Tegucigalpa on June 2, and his family said "
         "they had received no information about his whereabouts.",
         "disappearance", "Tomas Ferrer"),
        ("liquidation_noun",
         "On March 3, a court in Minsk ordered the liquidation of the human rights group "
         "Vyasna for allegedly violating the law on associations.",
         "registration_denied_or_banned", "Vyasna"),
        ("banned_from_leaving",
         "On April 9, airport police in Baku prevented his daughter, a student, from "
         "boarding a flight to Istanbul.",
         "travel_ban", "his daughter"),
        ("attack",
         "On July 4, unknown gunmen shot and wounded radio journalist Pedro Salinas outside "
         "his home in Tijuana.",
         "attack_on_journalist_or_activist", "Pedro Salinas"),
        ("set_fire",
         "Unknown assailants set fire to the car of reporter Ana Petrovic in Nis on the night "
         "of April 12.",
         "attack_on_journalist_or_activist", "Ana Petrovic"),
        ("pair_noun",
         "On May 2, activists Rudo Dube and Nyasha Banda were abducted in Harare. Police "
         "arrested both women on June 1 for allegedly lying about the abduction.",
         "arrest_or_detention", "Nyasha Banda"),
        ("raped",
         "On June 10, police officer Rahul Verma allegedly raped a woman in Lucknow.",
         "torture_or_ill_treatment", "a woman"),
        ("death_in_custody",
         "On March 3, Samuel Marak died at the Tura police station hours after his arrest.",
         "death_in_custody", "Samuel Marak"),
        ("name_befallen",
         "On June 13, police in Cuttack arrested Bimal Behera and Ratan Behera.",
         "arrest_or_detention", "Ratan Behera"),
    ],
)  # fmt: skip
def test_find_events_rule_on_other_countries(rule, text, event_type, victim):
    assert (event_type, victim) in kinds_and_victims(text), rule


def test_find_events_named_officers_convicted_for_abuse_are_its_perpetrators():
    text = (
        "On March 2, a Tbilisi court convicted police officers Giorgi Beridze and Levan "
        "Kapanadze of beating Irakli Tsiklauri during an interrogation and sentenced each to "
        "four years in prison."
    )
    convictions = [e for e in events_of(text) if e.event_type == "conviction_or_sentence"]
    assert [e.victims for e in convictions] == [["Irakli Tsiklauri"]]
    assert {"Giorgi Beridze", "Levan Kapanadze"} <= set(convictions[0].perpetrators)


def test_find_events_the_accused_is_not_the_victim_of_his_charge():
    text = (
        "On May 5, Dennis Otieno died in police custody in Nakuru. On May 20, prosecutors "
        "charged the station commander, Inspector Paul Mwangi, with his murder."
    )
    victims = {v for e in events_of(text) for v in e.victims}
    assert "Paul Mwangi" not in victims


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Unknown assailants set fire to the car of reporter Ana Petrovic in Nis on the night "
         "of May 12.", "May"),
        ("Police arrested activist Kofi Mensah and took him to Nsawam Prison.", "Nsawam Prison"),
        ("Student protest leader Somchai Rattana, who was arrested on February 9, was released "
         "on bail on May 11.", "protest_dispersed"),
    ],
)  # fmt: skip
def test_find_events_no_date_place_or_protest_leader_as_what_it_is_not(text, wrong):
    found = kinds_and_victims(text)
    assert all(wrong not in (kind, victim) for kind, victim in found), found


def test_find_events_count_over_a_stretch_of_time_is_no_incident():
    assert not events_of(
        "From January through November, border guards allegedly killed 33 villagers."
    )
    assert not events_of("Officials said 2,500 detainees were killed by the police every year.")
    assert events_of("On May 4, police detained 40 protesters in Lagos.")


def test_find_events_agent_of_two_joined_verbs_is_the_perpetrator():
    [killing] = [
        e
        for e in events_of("On April 8, John Okafor was shot and killed by soldiers in Jos.")
        if e.event_type == "killing"
    ]
    assert killing.perpetrators == ["soldiers in Jos"]


def test_find_events_respectively_gives_each_victim_its_date():
    text = (
        "Ravi Kumar and Devi Lal died in custody in Ranchi on April 9 and December 11, "
        "respectively."
    )
    dates = {e.victims[0]: e.date for e in events_of(text) if e.event_type == "death_in_custody"}
    assert dates == {"Ravi Kumar": "2021-04-09", "Devi Lal": "2021-12-11"}


def test_find_events_them_after_two_named_objects_is_those_two():
    text = (
        "On June 13, police in Cuttack arrested Bimal Behera and Ratan Behera and allegedly "
        "subjected them to torture."
    )
    tortured = {
        v for e in events_of(text) if e.event_type == "torture_or_ill_treatment" for v in e.victims
    }
    assert tortured == {"Bimal Behera", "Ratan Behera"}


def test_find_events_an_official_named_once_is_one_at_every_mention():
    text = (
        "On June 10, police officer Rahul Verma allegedly raped a woman in Lucknow. "
        "Police arrested Verma on charges of rape."
    )
    arrests = [e for e in events_of(text) if e.event_type == "arrest_or_detention"]
    assert arrests and all("Rahul Verma" in e.perpetrators for e in arrests), arrests
    assert all("Rahul Verma" not in e.victims for e in arrests)


def test_find_events_people_are_not_named_by_a_clause_about_them():
    text = "In May, hundreds of people accused of links to Ansar Dine were detained by soldiers."
    victims = {v for e in events_of(text) for v in e.victims}
    assert "Ansar Dine" not in victims
