"""Add annotators' files to the incident set: the command that filled ``sections/*.json``
(first annotations) and ``agreement/*.json`` (the second, independent ones).

An annotator writes, per section, its incidents with each mention as an exact quote of
the section text (docs/annotation.md); this finds each quote and keeps its offsets.

    python tests/data/incidents/add_annotations.py first ANNOTATIONS/*.json
    python tests/data/incidents/add_annotations.py second ANNOTATIONS/*.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def with_offsets(text: str, quote: str) -> dict:
    start = text.find(quote)
    if start < 0:
        raise ValueError(f"quote not in the section: {quote[:80]!r}")
    return {"start": start, "end": start + len(quote), "quote": quote}


def annotation(section: dict, annotated: dict) -> dict:
    """The annotator's incidents and persons, mentions as offsets into the section text."""
    incidents = []
    for incident in annotated["incidents"]:
        date = incident.get("date") or {"value": None, "precision": "unknown"}
        incidents.append(
            {
                "event_type": incident["type"],
                "victims": incident["victims"],
                "perpetrators": incident.get("perpetrators", []),
                "date": date["value"],
                "date_precision": date["precision"],
                "place": incident.get("place"),
                "status": incident.get("status", "reported"),
                "mentions": [
                    with_offsets(section["text"], quote) for quote in incident["mentions"]
                ],
                **({"note": incident["note"]} if incident.get("note") else {}),
            }
        )
    persons = [
        {"name": p["name"], "variants": p.get("variants", [])} for p in annotated.get("persons", [])
    ]
    return {"annotator": annotated.get("annotator"), "incidents": incidents, "persons": persons}


def main(which: str, paths: list[str]) -> None:
    for path in paths:
        annotated = json.loads(Path(path).read_text())
        section_path = HERE / "sections" / f"{annotated['section']}.json"
        section = json.loads(section_path.read_text())
        added = annotation(section, annotated)
        if which == "first":
            section.update(added)
            target = section_path
            written = section
        else:
            target = HERE / "agreement" / section_path.name
            target.parent.mkdir(exist_ok=True)
            written = {"id": section["id"], **added}
        target.write_text(json.dumps(written, indent=1, ensure_ascii=False) + "\n")
        print(f"{target.name}: {len(added['incidents'])} incidents ({added['annotator']})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
