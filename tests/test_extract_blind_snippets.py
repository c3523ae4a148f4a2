"""A blind set for generality: 40 snippets about 40 countries other than the samples',
written with their answers by someone who had not read the extraction rules
(``tests/data/blind_snippets.json``). Each fact type is scored with the evaluation's
one-to-one pairing and must stay above its floor (``tests/eval_baseline.json``,
"blind_snippets"); the floors only rise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightslens.evaluate import Score, one_to_one, same_victim
from rightslens.extract import facts_of_parse
from rightslens.extract.parse import load_nlp, parse_report
from rightslens.model import DateFact, EventFact, Fact, FigureFact, Paragraph, PersonFact
from rightslens.resolve.names import fold_name

HERE = Path(__file__).parent
SNIPPETS = json.loads((HERE / "data" / "blind_snippets.json").read_text())["snippets"]
FLOORS = json.loads((HERE / "eval_baseline.json").read_text())["blind_snippets"]


def facts_of(snippet: dict) -> list[Fact]:
    text = snippet["text"]
    paragraphs = [Paragraph(0, len(text), snippet["section"], None)]
    report = parse_report(text, paragraphs, snippet["year"], snippet["country"], nlp=load_nlp())
    return facts_of_parse(report)


def said(facts: list[Fact]) -> dict[str, list]:
    """What the extraction says of a snippet, in the answers' terms."""
    return {
        "persons": sorted({f.name for f in facts if isinstance(f, PersonFact) and f.name}),
        "events": sorted(
            {
                (f.event_type, victim)
                for f in facts
                if isinstance(f, EventFact)
                for victim in f.victims or [""]
            }
        ),
        "dates": sorted({f.value for f in facts if isinstance(f, DateFact)}),
        "figures": sorted({float(f.value) for f in facts if isinstance(f, FigureFact)}),
    }


def _matches(kind: str, predicted, wanted) -> bool:
    if kind == "events":
        return predicted[0] == wanted[0] and same_victim(predicted[1], wanted[1])
    if kind == "persons":
        return fold_name(predicted) == fold_name(wanted)
    if kind == "figures":
        return abs(predicted - float(wanted)) < 1e-6
    return predicted == wanted


def pair_score(kind: str, predicted: list, wanted: list) -> Score:
    owner = one_to_one([[int(_matches(kind, p, w)) for w in wanted] for p in predicted])
    return Score(len(owner), len(predicted), len(wanted), len(owner))


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[Fact]]:
    return {name: facts_of(snippet) for name, snippet in SNIPPETS.items()}


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_extract_blind_snippets_f1_stays_above_floor(extracted, kind):
    total = Score()
    for name, snippet in SNIPPETS.items():
        wanted = [tuple(e) for e in snippet[kind]] if kind == "events" else snippet[kind]
        total.add(pair_score(kind, said(extracted[name])[kind], wanted))
    print(f"{kind}: P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.3f}")
    assert total.f1 >= FLOORS[kind]


def test_extract_blind_snippets_every_span_is_its_text(extracted):
    for name, facts in extracted.items():
        text = SNIPPETS[name]["text"]
        for fact in facts:
            assert text[fact.quote.start : fact.quote.end] == fact.quote.text
            assert text[fact.sentence.start : fact.sentence.end] == fact.sentence.text


def test_extract_blind_snippets_statements_make_no_event(extracted):
    quiet = [name for name, snippet in SNIPPETS.items() if not snippet["events"]]
    assert len(quiet) >= 8
    loud = {
        name: said(extracted[name])["events"] for name in quiet if said(extracted[name])["events"]
    }
    assert not loud
