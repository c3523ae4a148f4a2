"""The incident set (tests/data/incidents) and the scorer that counts incidents: the set is
what its README promises, each mention is exact, the splits keep countries apart, and the
scorer pairs, counts and compares fields as docs/annotation.md and its docstring say."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from rightslens.errors import RightslensError
from rightslens.evaluate_incidents import (
    Incident,
    IncidentEvaluation,
    Predicted,
    Section,
    agreement,
    date_right,
    load_sections,
    perpetrators_right,
    same_agent,
    score_section,
    victims_right,
)

SET = Path(__file__).parent / "data" / "incidents"
SECTIONS = [json.loads(path.read_text()) for path in sorted((SET / "sections").glob("*.json"))]
SPLITS = tomllib.loads((SET / "splits.toml").read_text())


def test_incident_set_is_large_and_diverse():
    countries = {s["country"] for s in SECTIONS}
    assert len(SECTIONS) >= 40 and len(countries) >= 25
    assert {s["publisher"] for s in SECTIONS} == {"usdos", "hrw", "amnesty"}
    assert {s["year"] // 10 for s in SECTIONS} >= {200, 201, 202}
    assert sum(len(s["incidents"]) for s in SECTIONS) >= 800
    assert "KZ" not in countries  # the samples the rules were written on are not in it


def test_incident_set_every_section_is_annotated_and_every_mention_is_exact():
    for section in SECTIONS:
        assert section["annotator"], section["id"]
        for incident in section["incidents"]:
            assert incident["mentions"], (section["id"], incident)
            for mention in incident["mentions"]:
                assert section["text"][mention["start"] : mention["end"]] == mention["quote"]


def test_incident_set_splits_keep_each_country_in_one_split():
    dev, test = set(SPLITS["dev"]), set(SPLITS["test"])
    assert not dev & test
    assert {s["country"] for s in SECTIONS} <= dev | test
    for split in ("dev", "test"):
        chosen = load_sections(SET, split)
        assert chosen and {s.country for s in chosen} <= set(SPLITS[split])
    assert len(load_sections(SET, "all")) == len(SECTIONS)


def test_incident_set_is_read_by_no_code_of_the_package():
    package = Path(__file__).parents[1] / "src" / "rightslens"
    for path in package.rglob("*.py"):
        assert "tests/data/incidents" not in path.read_text().replace("\\", "/") or (
            path.name in ("evaluate.py", "evaluate_incidents.py")  # help text and examples
        )


def test_incident_set_unknown_split_is_refused():
    with pytest.raises(RightslensError, match="unknown split"):
        load_sections(SET, "train")


def _incident(event_type="arrest_or_detention", victims=("Ana Ruiz",), **fields) -> Incident:
    values = {"perpetrators": ("police",), "date": "2019-03-03", "spans": ((0, 60),)}
    return Incident(event_type, tuple(victims), **{**values, **fields})


@pytest.mark.parametrize(
    ("predicted", "gold", "precision", "right"),
    [
        ("2019-03-03", "2019-03-03", "day", True),
        ("2019-03-04", "2019-03-03", "day", False),
        ("2019-03", "2019-03-03", "day", False),  # less precise than the gold
        ("2019-03-17", "2019-03", "month", True),
        ("2019-05-01", "2019", "during_year", True),
        ("2018-05-01", "2019", "year", False),
        ("2019-03-04", "2019-03-03/2019-03-05", "range", True),
        ("2019-04", "2019-03-03/2019-03-05", "range", False),
        (None, None, "unknown", True),
        ("2019-03-03", None, "unknown", False),
        (None, "2019", "during_year", False),
    ],
)
def test_incident_scorer_date_is_right_at_the_golds_precision(predicted, gold, precision, right):
    assert date_right(_incident(date=predicted), _incident(date=gold, precision=precision)) is right


def test_incident_scorer_victims_right_needs_every_gold_victim_and_no_other():
    gold = _incident(victims=("Ana Ruiz", "three students"))
    assert victims_right(_incident(victims=("Ruiz", "three students in Lima")), gold)
    assert not victims_right(_incident(victims=("Ana Ruiz",)), gold)
    assert not victims_right(_incident(victims=("Ana Ruiz", "three students", "Ivo Kos")), gold)


def test_incident_scorer_perpetrators_as_the_text_attributes_them():
    gold = _incident(perpetrators=("security forces", "a militant"))
    assert same_agent("the police", "Nigerian police officers")
    assert perpetrators_right(_incident(perpetrators=("Security Forces",)), gold)
    assert not perpetrators_right(_incident(perpetrators=("the army",)), gold)
    assert not perpetrators_right(_incident(perpetrators=()), gold)
    assert perpetrators_right(_incident(perpetrators=()), _incident(perpetrators=()))


def _section(*incidents: Incident) -> Section:
    text = "On March 3, police arrested journalist Ana Ruiz in Lima. " * 3
    return Section("s", "x.txt", "PE", 2019, text, incidents, ({"name": "Ana Ruiz"},))


def test_incident_scorer_pairs_one_to_one_and_counts_a_repeat_as_spurious():
    gold = _section(_incident())
    evaluation = IncidentEvaluation()
    predicted = Predicted((_incident(), _incident(spans=((5, 40),))), {"Ana Ruiz": set()})
    score_section(evaluation, gold, predicted, misses=True)
    assert evaluation.incidents.true_positives == 1 and evaluation.incidents.predicted == 2
    assert evaluation.incidents.precision == 0.5 and evaluation.incidents.recall == 1.0
    assert evaluation.all_four.true_positives == 1 and evaluation.share("all") == 1.0
    assert evaluation.persons.f1 == 1.0
    assert [m.side for m in evaluation.misses] == ["spurious"]


def test_incident_scorer_pairs_only_where_the_sentence_tells_of_the_incident():
    evaluation = IncidentEvaluation()
    elsewhere = _incident(spans=((120, 170),))
    score_section(evaluation, _section(_incident()), Predicted((elsewhere,), {}))
    assert evaluation.pairs == 0 and evaluation.incidents.recall == 0.0


def test_incident_scorer_a_wrong_type_pairs_but_is_no_incident_found():
    evaluation = IncidentEvaluation()
    wrong = _incident(event_type="conviction_or_sentence")
    score_section(evaluation, _section(_incident()), Predicted((wrong,), {}), misses=True)
    assert evaluation.pairs == 1 and evaluation.share("type") == 0.0
    assert evaluation.incidents.true_positives == 0
    assert evaluation.by_event_type["arrest_or_detention"].recall == 0.0
    assert evaluation.misses[0].side == "differs" and evaluation.misses[0].what.startswith("type")


def test_incident_scorer_misses_are_listed_for_the_dev_split_only(tmp_path):
    from rightslens.evaluate_incidents import evaluate_incidents

    with pytest.raises(RightslensError, match="dev split only"):
        evaluate_incidents(SET, tmp_path, "test", misses=True)


def test_incident_set_second_annotators_agree_on_most_incidents():
    result = agreement(SET)
    assert len(result.sections) >= 0.1 * len(SECTIONS)
    assert result.incidents.f1 >= 0.8 and result.share("type") >= 0.9


def test_incident_scorer_cli_prints_agreement_and_refuses_two_answer_sets():
    from typer.testing import CliRunner

    from rightslens.cli import app

    runner = CliRunner()
    shown = runner.invoke(app, ["evaluate", "--incidents", str(SET), "--agreement"])
    assert shown.exit_code == 0, shown.output
    assert "all four right" in shown.output and "of 87 paired incidents" in shown.output
    both = runner.invoke(app, ["evaluate", "--incidents", str(SET), "--gold", str(SET)])
    assert both.exit_code == 1 and "give one of" in both.output
    test_misses = runner.invoke(
        app, ["evaluate", "--incidents", str(SET), "--split", "test", "--misses"]
    )
    assert test_misses.exit_code == 1 and "dev split only" in test_misses.output
