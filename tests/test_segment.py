"""The segmenter: report headings placed on the topic tree by meaning, on real report text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rightslens.model import Block, MappedText, ReportMeta, Source
from rightslens.segment import segment
from rightslens.segment.headings import heading_form, run_in_label
from rightslens.segment.topics import topic_tree, words
from tests.conftest import CORPUS, GOLD, SHARED, needs_corpus

PARAGRAPH = "The government generally respected this right, with some exceptions noted below."


def _blocks(lines: list[str]) -> tuple[list[Block], list[int]]:
    """Headings as given, each followed by a paragraph unless the next line is one ("|" marks
    a line that is a paragraph), and the block index of each line."""
    blocks: list[Block] = []
    line_blocks: list[int] = []
    offset = 0
    for number, line in enumerate(lines):
        is_paragraph = line.startswith("|")
        text = line.removeprefix("|")
        line_blocks.append(len(blocks))
        kind = "paragraph" if is_paragraph else "heading"
        blocks.append(Block(MappedText.literal(text, offset), kind))
        offset += len(text) + 2
        next_is_paragraph = number + 1 < len(lines) and lines[number + 1].startswith("|")
        if not is_paragraph and not next_is_paragraph:
            blocks.append(Block(MappedText.literal(PARAGRAPH, offset)))
            offset += len(PARAGRAPH) + 2
    return blocks, line_blocks


def _placed(lines: list[str]) -> list[str | None]:
    """The id each given line opens (None where it stays text), in order."""
    blocks, line_blocks = _blocks(lines)
    marks = {mark.block: mark.id for mark in segment(blocks, ReportMeta()).marks}
    return [marks.get(index) for index in line_blocks]


# ---------------------------------------------------------------- words and forms


def test_segment_words_are_stems_without_small_words():
    assert words("Freedoms of Peaceful Assembly and Association") == [
        "freedom",
        "peac",
        "assembl",
        "associ",
    ]
    assert words("Children’s rights") == ["children", "right"]
    assert words("Section 6. 2019") == []


def test_segment_heading_form_splits_number_letter_and_title():
    form = heading_form("Section  1. Respect for the Integrity of the Person")
    assert (form.section, form.letter, form.title) == (
        1,
        None,
        "Respect for the Integrity of the Person",
    )
    assert heading_form("SECTION 7. WORKER RIGHTS").section == 7
    assert heading_form("Section 2.").title == ""
    form = heading_form("h. Arbitrary or Unlawful Interference with Privacy")
    assert (form.letter, form.title) == ("h", "Arbitrary or Unlawful Interference with Privacy")
    assert heading_form("D. Arbitrary Arrest or Detention").letter == "d"
    assert heading_form("Women").letter is None


@pytest.mark.parametrize(
    ("paragraph", "label"),
    [
        ("Physical Conditions: Prisons were overcrowded.", "Physical Conditions"),
        ("Rape and Domestic Violence: The law criminalizes rape.", "Rape and Domestic Violence"),
        ("Pretrial Detention: The law allows police to hold a detainee.", "Pretrial Detention"),
        (
            "Detainee’s Ability to Challenge Lawfulness of Detention before a Court: The code "
            "allows a detainee to challenge the arrest.",
            "Detainee’s Ability to Challenge Lawfulness of Detention before a Court",
        ),
        (
            "Press and Media, Including Online Media: Independent media",
            "Press and Media, Including Online Media",
        ),
        ("Libel/Slander Laws: The law provides enhanced penalties.", "Libel/Slander Laws"),
        ("The law provides: that detainees may see a lawyer.", None),
        ("On July 4: civil activist Oksana Shevchuk was arrested.", None),
        ("There were no reports of politically motivated disappearances.", None),
        ("Head of state: Nursultan Nazarbaev", None),
        ("According to the World Bank’s Shifting Gears: Women reached parity.", None),
    ],
)
def test_segment_run_in_label_is_a_short_title_case_phrase_and_colon(paragraph, label):
    assert run_in_label(paragraph) == label


def test_segment_run_in_labels_are_kept_apart_from_topics():
    lines = [
        "c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment",
        "Prison and Detention Center Conditions",
        "|Physical Conditions: The NPM reported concerns included poor health.",
        "|Administration: Authorities typically did not conduct proper investigations.",
    ]
    blocks, _ = _blocks(lines)
    result = segment(blocks, ReportMeta())
    assert [mark.id for mark in result.marks] == ["s1.torture", "s1.torture.prisons"]
    assert sorted(result.labels.values()) == ["Administration", "Physical Conditions"]


@needs_corpus
def test_segment_taxonomy_data_has_every_id_of_the_reference_tree():
    reference = (SHARED / "taxonomy.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| `([\w.-]+)` \|", reference, re.MULTILINE))
    assert ids == set(topic_tree().topics)
    for topic in topic_tree().topics.values():
        parent = topic_tree().topics.get(topic.parent) if topic.parent else None
        assert topic.level == (parent.level + 1 if parent else 1)


# ---------------------------------------------------------------- headings by meaning

OUTLINE_2016_WEB = [
    ("KAZAKHSTAN 2016 HUMAN RIGHTS REPORT", None),
    ("EXECUTIVE SUMMARY", "exec"),
    ("Section 1.", "s1"),
    ("Respect for the Integrity of the Person, Including Freedom from:", None),
    (
        "a. Arbitrary Deprivation of Life and other Unlawful or Politically Motivated Killings",
        "s1.killings",
    ),
    ("b. Disappearance", "s1.disappearance"),
    ("c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment", "s1.torture"),
    ("PRISON AND DETENTION CENTER CONDITIONS", "s1.torture.prisons"),
    ("d. Arbitrary Arrest or Detention", "s1.arrest"),
    ("ROLE OF THE POLICE AND SECURITY APPARATUS", "s1.arrest.security-forces"),
    ("ARREST PROCEDURES AND TREATMENT OF DETAINEES", "s1.arrest.procedures"),
    ("e. Denial of Fair Public Trial", "s1.trial"),
    ("TRIAL PROCEDURES", "s1.trial.procedures"),
    ("POLITICAL PRISONERS AND DETAINEES", "s1.trial.political-prisoners"),
    ("CIVIL JUDICIAL PROCEDURES AND REMEDIES", "s1.trial.civil-remedies"),
    ("PROPERTY RESTITUTION", "s1.property"),
    (
        "f. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence",
        "s1.privacy",
    ),
    ("g. Abuses in Internal Conflict", "s1.conflict"),
    ("Section 2.", "s2"),
    ("Respect for Civil Liberties, Including:", None),
    ("a. Freedom of Speech and Press", "s2.expression"),
    ("INTERNET FREEDOM", "s2.expression.internet"),
    ("ACADEMIC FREEDOM AND CULTURAL EVENTS", "s2.expression.academic"),
    ("b. Freedom of Peaceful Assembly and Association", "s2.assembly-association"),
    ("FREEDOM OF ASSEMBLY", "s2.assembly"),
    ("FREEDOM OF ASSOCIATION", "s2.association"),
    ("c. Freedom of Religion", "s2.religion"),
    (
        "d. Freedom of Movement, Internally Displaced Persons, Protection of Refugees, and "
        "Stateless Persons",
        "s2.movement",
    ),
    ("INTERNALLY DISPLACED PERSONS (IDPS)", "s2.idps"),
    ("PROTECTION OF REFUGEES", "s2.refugees"),
    ("STATELESS PERSONS", "s2.stateless"),
    ("Section 3.", "s3"),
    ("Freedom to Participate in the Political Process", None),
    ("Elections and Political Participation", "s3.elections"),
    ("Section 4.", "s4"),
    ("Corruption and Lack of Transparency in Government", None),
    ("Section 5.", "s5"),
    (
        "Governmental Attitude Regarding International and Nongovernmental Investigation of "
        "Alleged Violations of Human Rights",
        None,
    ),
    ("Section 6.", "s6"),
    ("Discrimination, Societal Abuses, and Trafficking in Persons", None),
    ("Women", "s6.women"),
    ("Children", "s6.children"),
    ("Anti-Semitism", "s6.antisemitism"),
    ("Trafficking in Persons", "s6.trafficking"),
    ("Persons with Disabilities", "s6.disabilities"),
    ("National/Racial/Ethnic Minorities", "s6.minorities"),
    ("Indigenous People", None),  # the same topic as the minorities before it
    (
        "Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and "
        "Gender Identity",
        "s6.lgbtqi",
    ),
    ("HIV and AIDS Social Stigma", "s6.hiv"),
    ("Other Societal Violence or Discrimination", "s6.other"),
    ("Section 7.", "s7"),
    ("Worker Rights", None),
    ("a. Freedom of Association and the Right to Collective Bargaining", "s7.association"),
    ("b. Prohibition of Forced or Compulsory Labor", "s7.forced-labor"),
    ("c. Prohibition of Child Labor and Minimum Age for Employment", "s7.child-labor"),
    ("d. Discrimination with Respect to Employment and Occupation", "s7.discrimination"),
    ("e. Acceptable Conditions of Work", "s7.conditions"),
]

OUTLINE_2023_WEB = [
    ("Section 1. Respect for the Integrity of the Person", "s1"),
    (
        "a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings",
        "s1.killings",
    ),
    ("e. Denial of Fair Public Trial", "s1.trial"),
    ("Political Prisoners and Detainees", "s1.trial.political-prisoners"),
    ("Politically Motivated Reprisal Against Individuals Located Outside the Country", None),
    ("Transnational Repression", "s1.transnational-repression"),
    ("Civil Judicial Procedures and Remedies", "s1.trial.civil-remedies"),
    ("f. Transnational Repression", "s1.transnational-repression"),
    ("g. Property Seizure and Restitution", "s1.property"),
    (
        "h. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence",
        "s1.privacy",
    ),
    ("i. Conflict-related Abuses", "s1.conflict"),
    ("Section 2. Respect for Civil Liberties", "s2"),
    (
        "a. Freedom of Expression, Including for Members of the Press and Other Media",
        "s2.expression",
    ),
    ("Restrictions on Academic Freedom and Cultural Events", "s2.expression.academic"),
    ("d. Freedom of Movement and the Right to Leave the Country", "s2.movement"),
    ("e. Protection of Refugees", "s2.refugees"),
    ("f. Status and Treatment of Internally Displaced Persons (IDPs)", "s2.idps"),
    ("g. Stateless Persons", "s2.stateless"),
    ("Section 4. Corruption in Government", "s4"),
    (
        "Section 5. Governmental Posture Towards International and Nongovernmental Monitoring and "
        "Investigation of Alleged Abuses of Human Rights",
        "s5",
    ),
    ("Section 6. Discrimination and Societal Abuses", "s6"),
    ("Systemic Racial or Ethnic Violence and Discrimination", "s6.racial-ethnic-violence"),
    ("Antisemitism", "s6.antisemitism"),
    (
        "Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation, Gender "
        "Identity or Expression, or Sex Characteristics",
        "s6.lgbtqi",
    ),
    ("Section 7. Worker Rights", "s7"),
    ("d. Discrimination (see section 6)", "s7.discrimination"),
    ("e. Acceptable Conditions of Work", "s7.conditions"),
]

OUTLINE_2024 = [
    ("Executive Summary", "exec"),
    ("Section 1. Life", "life"),
    ("a. Extrajudicial Killings", "s1.killings"),
    ("b. Coercion in Population Control", "life"),  # fits no topic: its part
    (
        "c. War Crimes, Crimes against Humanity, and Evidence of Acts that May Constitute "
        "Genocide, or Conflict-Related Abuses",
        "s1.conflict",
    ),
    ("Liberty", "liberty"),
    ("a. Freedom of the Press", "s2.expression"),
    ("Physical Attacks, Imprisonment, and Pressure", None),
    (
        "Censorship by Governments, Military, Intelligence, or Police Forces, Criminal Groups, or "
        "Armed Extremist or Rebel Groups",
        None,
    ),
    ("b. Worker Rights", "s7"),
    ("Freedom of Association and Collective Bargaining", "s7.association"),
    ("Forced or Compulsory Labor", "s7.forced-labor"),
    ("Acceptable Work Conditions", "s7.conditions"),
    ("Wage and Hour Laws", None),
    ("c. Disappearance and Abduction", "s1.disappearance"),
    ("Disappearance", None),
    ("Prolonged Detention without Charges", "s1.arrest"),
    ("d. Violations in Religious Freedom", "s2.religion"),
    ("e. Trafficking in Persons", "s6.trafficking"),
    ("Section 3. Security of the Person", "security-of-person"),
    ("a. Torture and Cruel, Inhuman, or Degrading Treatment or Punishment", "s1.torture"),
    ("b. Protection of Children", "s6.children"),
    ("Child Labor", "s7.child-labor"),
    ("Child Marriage", None),
    ("c. Protection to Refugees", "s2.refugees"),
    ("Provision of First Asylum", None),
    ("d. Acts of Antisemitism and Antisemitic Incitement", "s6.antisemitism"),
    ("e. Instances of Transnational Repression", "s1.transnational-repression"),
    ("Threats, Harassment, Surveillance, or Coercion", None),
]


@pytest.mark.parametrize(
    "outline", [OUTLINE_2016_WEB, OUTLINE_2023_WEB, OUTLINE_2024], ids=["2016", "2023", "2024"]
)
def test_segment_outline_headings_map_by_meaning_not_letter(outline):
    lines = [heading for heading, _ in outline]
    assert _placed(lines) == [expected for _, expected in outline]


def test_segment_same_words_mean_different_topics_under_different_sections():
    lines = [
        "Section 2. Respect for Civil Liberties",
        "b. Freedoms of Peaceful Assembly and Association",
        "Freedom of Association",
        "c. Freedom of Religion",
        "d. Freedom of Movement",
        "Section 7. Worker Rights",
        "a. Freedom of Association and the Right to Collective Bargaining",
        "d. Discrimination with Respect to Employment and Occupation",
    ]
    assert _placed(lines) == [
        "s2",
        "s2.assembly-association",
        "s2.association",
        "s2.religion",
        "s2.movement",
        "s7",
        "s7.association",
        "s7.discrimination",
    ]


def test_segment_running_headers_and_short_lines_stay_text():
    lines = [
        "KAZAKHSTAN 2019 HUMAN RIGHTS REPORT",
        "EXECUTIVE SUMMARY",
        "Section 1. Respect for the Integrity of the Person, Including Freedom from:",
        "a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings",
        "Country Reports on Human Rights Practices for 2019",
        "United States Department of State • Bureau of Democracy, Human Rights and Labor",
        "KAZAKHSTAN",
        "b. Disappearance",
        "In-country Movement",
        "Torture.",
    ]
    assert _placed(lines) == [
        None,
        "exec",
        "s1",
        "s1.killings",
        None,
        None,
        None,
        "s1.disappearance",
        None,
        None,
    ]


def test_segment_heading_wrapped_over_two_lines_is_one_topic():
    blocks, _ = _blocks(
        [
            "Section 1. Respect for the Integrity of the Person, Including Freedom from:",
            "c. Torture and Other Cruel, Inhuman, or Degrading Treatment or",
        ]
    )
    blocks.insert(3, Block(MappedText.literal("Punishment", 500), "heading"))
    marks = segment(blocks, ReportMeta()).marks
    assert [(mark.id, mark.heading) for mark in marks] == [
        ("s1", "Section 1. Respect for the Integrity of the Person, Including Freedom from:"),
        ("s1.torture", "c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment"),
    ]


@pytest.mark.parametrize(
    ("heading", "accepted"),
    [
        # Human Rights Watch chapters
        ("Parliamentary Elections", {"s3.elections"}),
        (
            "Conduct of Police and Security Forces",
            {"s1", "s1.killings", "s1.arrest.security-forces"},
        ),
        ("Detention of Activists", {"s1.trial.political-prisoners", "s1.arrest"}),
        ("Freedom of Assembly", {"s2.assembly", "s2.assembly-association"}),
        ("Child Labor in Agriculture and Labor Rights", {"s7", "s7.child-labor", "s7.association"}),
        ("Key International Actors", {"intl"}),
        ("THE ROLE OF THE INTERNATIONAL COMMUNITY", {"intl"}),
        ("DEFENDING HUMAN RIGHTS", {"s5"}),
        # Amnesty International entries
        ("Excessive use of force", {"s1.killings"}),
        ("Torture and other ill-treatment", {"s1.torture"}),
        ("Unfair trials", {"s1.trial"}),
        ("Freedom of expression", {"s2.expression"}),
        ("Refugees and asylum-seekers", {"s2.refugees"}),
        ("Unlawful killings", {"s1.killings"}),
        ("Justice system", {"s1.trial"}),
        ("Children’s rights", {"s6.children"}),
        ("Women’s rights", {"s6.women"}),
        ("Violence against women and girls", {"s6.women"}),
        ("Rights of lesbian, gay, bisexual, transgender and intersex people", {"s6.lgbtqi"}),
        ("Police and security forces", {"s1.arrest.security-forces"}),
        ("Indigenous Peoples’ rights", {"s6.minorities"}),
        ("Background", {"exec"}),
    ],
)
def test_segment_chapter_headings_map_over_the_whole_tree(heading, accepted):
    (placed,) = _placed(["KAZAKHSTAN", heading])[1:]
    assert placed in accepted


def test_segment_untitled_opening_of_a_chapter_is_the_summary():
    lines = [
        "KAZAKHSTAN",
        "|Kazakhstan's human rights record seriously deteriorated in 2012, after violent clashes.",
        "Parliamentary Elections",
        "Freedom of Religion",
        "Amnesty International visits/reports",
    ]
    blocks, _ = _blocks(lines)
    marks = segment(blocks, ReportMeta(publisher="hrw")).marks
    assert [(mark.block, mark.id, mark.heading, mark.level) for mark in marks] == [
        (1, "exec", "", 1),
        (2, "s3.elections", "Parliamentary Elections", 2),
        (4, "s2.religion", "Freedom of Religion", 2),
    ]


def test_segment_empty_report_has_no_topics():
    assert segment([], ReportMeta()).marks == []


# ---------------------------------------------------------------- gold files, real cleaners

GOLD_SECTIONS = sorted((GOLD / "sections").glob("*.json")) if GOLD.is_dir() else []


def _source(path: Path) -> Source:
    from rightslens.ingest.read import read_source

    return read_source(str(path), path.read_bytes())


def _report_blocks(source: Source) -> list[Block]:
    """Blocks from the project's reader for the source's format."""
    from rightslens.clean import clean

    return clean(source)


@needs_corpus
@pytest.mark.parametrize("gold_path", GOLD_SECTIONS, ids=lambda path: path.stem)
def test_segment_gold_sequence_of_topics(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    source = _source(SHARED / gold["document"])
    marks = segment(_report_blocks(source), ReportMeta()).marks
    got = [(mark.id, mark.heading) for mark in marks]
    expected = [(entry["id"], entry["heading"]) for entry in gold["sections"]]
    accepted = [{entry["id"], *entry.get("also", [])} for entry in gold["sections"]]
    assert [heading for _, heading in got] == [heading for _, heading in expected]
    assert all(topic in ok for (topic, _), ok in zip(got, accepted, strict=True)), got


@needs_corpus
def test_segment_2024_web_page_and_pdf_text_give_the_same_topics():
    web = _source(CORPUS / "usdos-web" / "2024" / "kazakhstan.html.gz")
    text = _source(CORPUS / "usdos" / "kazakhstan-2024.txt")
    web_ids = [mark.id for mark in segment(_report_blocks(web), ReportMeta()).marks]
    text_ids = [mark.id for mark in segment(_report_blocks(text), ReportMeta()).marks]
    assert web_ids == text_ids
    assert web_ids[:4] == ["exec", "life", "s1.killings", "life"]
    assert {"liberty", "security-of-person", "s7", "s1.torture", "s6.children"} <= set(web_ids)


MAIN_IDS = [
    "exec",
    *("s1", "s1.killings", "s1.disappearance", "s1.torture", "s1.arrest", "s1.trial", "s1.privacy"),
    *("s2", "s2.expression", "s2.assembly-association", "s2.religion", "s2.movement"),
    *("s3", "s4", "s5", "s6"),
    *("s7", "s7.association", "s7.forced-labor", "s7.child-labor", "s7.conditions"),
]
MAIN_IDS_2024 = [
    *("exec", "life", "liberty", "security-of-person"),
    *("s1.killings", "s2.expression", "s7", "s1.disappearance", "s6.trafficking", "s1.torture"),
    *("s6.children", "s2.refugees"),
]


@needs_corpus
@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("usdos/india-2014.txt", MAIN_IDS + ["s1.conflict", "s2.idps", "s6.women"]),
        ("usdos/india-2015.txt", MAIN_IDS + ["s1.conflict", "s2.idps", "s6.women"]),
        (
            "amnesty/kazakhstan-2012.txt",
            ["exec", "s1.killings", "s1.torture", "s1.trial", "s2.refugees"],
        ),
        (
            "amnesty/nigeria-2012.txt",
            ["exec", "s1.killings", "s1.torture", "s6.women", "s6.lgbtqi"],
        ),
        ("hrw/kazakhstan-2001.html", ["exec", "s5", "intl"]),
    ],
)
def test_segment_other_reports_get_their_main_topics(document, expected):
    marks = segment(_report_blocks(_source(CORPUS / document)), ReportMeta()).marks
    ids = [mark.id for mark in marks]
    assert set(expected) <= set(ids), sorted(set(expected) - set(ids))
    assert ids[0] == "exec"
