"""Cut the incident set's sections out of ``../shared/corpus``: the command that made
``sections/*.json`` before annotation (kept to show where each text comes from).

Each section is one topic of one report as the pipeline cleans it, without its
subtopics (prison conditions, internet freedom), cut at a paragraph end after about
``MAX_WORDS`` words. A file's offsets point into the decoded source text, so a
section can be found again in the original bytes. Annotations are added to these
files by hand; running this again rewrites only sections that do not exist yet.

    python tests/data/incidents/cut_sections.py ../shared/corpus
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from rightslens.pipeline import process

HERE = Path(__file__).parent
MAX_WORDS = 1800


def cut(corpus: Path, source: str, country: str, topic: str | None) -> dict:
    """The text of one topic (the whole entry when ``topic`` is None) and where it stands."""
    documents = process(source, (corpus / source).read_bytes(), extract=False)
    document = next(d for d in documents if d.meta.country == country)
    if topic is None:
        start, end = 0, len(document.text)
    else:
        section = next(s for s in document.sections if s.id == topic)
        children = [s.start for s in document.sections if s.id.startswith(topic + ".")]
        start, end = section.start, min([section.end, *children])
    kept_end, words = start, 0
    for paragraph in document.paragraphs:
        if paragraph.start < start or paragraph.end > end:
            continue
        kept_end = paragraph.end
        words += len(document.text[paragraph.start : paragraph.end].split())
        if words >= MAX_WORDS:
            break
    text = document.text[start:kept_end].strip()
    start = document.text.index(text, start)
    return {
        "source": source,
        "publisher": document.meta.publisher,
        "country": country,
        "year": document.meta.year,
        "topic": topic or "whole entry",
        "source_start": int(document.offsets[start]),
        "source_end": int(document.offsets[start + len(text) - 1]) + 1,
        "text": text,
    }


def main(corpus: Path) -> None:
    plan = tomllib.loads((HERE / "plan.toml").read_text())
    for entry in plan["section"]:
        path = HERE / "sections" / f"{entry['id']}.json"
        if path.exists():
            continue
        section = {
            "id": entry["id"],
            **cut(corpus, entry["source"], entry["country"], entry.get("topic")),
        }
        section.update(annotator=None, incidents=[], persons=[])
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(section, indent=1, ensure_ascii=False) + "\n")
        print(f"{entry['id']}: {len(section['text'].split())} words")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
