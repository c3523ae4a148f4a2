"""The extraction quality gate: one scorer (rightslens.evaluate), gold answers, floors that
only rise (tests/eval_baseline.json), in the manner of trafilatura's evaluation gate."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from rightslens import api
from tests.conftest import GOLD, needs_corpus

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())


def gold_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((GOLD / "facts").glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def evaluation(sample_store):
    return api.evaluate(sample_store, GOLD)


@needs_corpus
def test_quality_gate_measures_every_gold_report(evaluation):
    assert sorted(evaluation.reports) == [
        "hrw/KZ/2012",
        "usdos/KZ/2012",
        "usdos/KZ/2017",
        "usdos/KZ/2019",
        "usdos/KZ/2023",
    ]


@needs_corpus
def test_quality_gate_gold_is_the_one_the_floors_were_measured_on():
    assert gold_digest() == BASELINE["gold_sha256"], "gold changed: measure again, update floors"


@needs_corpus
@pytest.mark.parametrize("fact_type", sorted(BASELINE["f1"]))
def test_quality_gate_f1_stays_above_floor(evaluation, fact_type):
    score = evaluation.events if fact_type == "event" else evaluation.by_type[fact_type]
    print(f"{fact_type}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")
    assert score.f1 >= BASELINE["f1"][fact_type]


@needs_corpus
def test_quality_gate_every_fact_span_is_its_quote(evaluation):
    assert evaluation.facts > 1000
    assert evaluation.exact_span_share >= BASELINE["exact_span_share"]


def test_quality_gate_matching_is_one_to_one():
    from rightslens.evaluate import one_to_one

    # Two predictions of one gold item: one pair. A prediction that fits two gold items takes
    # the one the other prediction cannot.
    assert one_to_one([[2], [1]]) == {0: 0}
    assert one_to_one([[2, 1], [1, 0]]) == {0: 1, 1: 0}
    assert one_to_one([[0, 0]]) == {}


def test_quality_gate_date_line_counts_dates_the_sentence_writes():
    from rightslens.evaluate import sentence_around, writes_date

    text = (
        "On Dec. 5, police in Gulu shot two protesters. Three more people died in the clashes. "
        "During 2019, courts heard 40 cases."
    )
    second = text.index("Three")
    assert sentence_around(text, (0, 10)).startswith("On Dec. 5, police in Gulu shot")
    assert sentence_around(text, (second, second + 5)) == "Three more people died in the clashes. "
    assert writes_date(sentence_around(text, (0, 10)), "2019-12-05")
    # The day the clashes began is the event's date, but this sentence does not write it.
    assert not writes_date(sentence_around(text, (second, second + 5)), "2019-12-05")
    assert writes_date("During 2019, courts heard 40 cases.", "2019")
    assert not writes_date("The mayor of Gulu resigned.", "2019-05")


INCIDENTS = Path(__file__).parent / "data" / "incidents"


def incident_set_digest() -> str:
    """What the dev floors were measured on: the set's sections and its splits."""
    digest = hashlib.sha256((INCIDENTS / "splits.toml").read_bytes())
    for path in sorted((INCIDENTS / "sections").glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def incidents_dev():
    from rightslens.evaluate_incidents import evaluate_incidents
    from tests.conftest import CORPUS

    return evaluate_incidents(INCIDENTS, CORPUS, "dev")


def test_quality_gate_incident_set_is_the_one_the_floors_were_measured_on():
    floors = BASELINE["incidents_dev"]
    assert incident_set_digest() == floors["set_sha256"], "set changed: measure again"


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("measure", ["incidents", "all_four", "persons"])
def test_quality_gate_incidents_of_the_dev_split_stay_above_floor(incidents_dev, measure):
    score = getattr(incidents_dev, measure)
    print(f"{measure}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")
    assert score.f1 >= BASELINE["incidents_dev"]["f1"][measure]
