"""The data as downloads: programs.csv and programs.json at the site root, exactly as loaded.

Titles go out unchanged, even one that starts with "=": the files carry the data, not a
spreadsheet's reading of it (the CSV quotes every text field, so nothing can break a row).
"""
from __future__ import annotations

import csv
import io
import json

from .model import Catalog

FIELDS = ("id", "hours", "title", "instrument", "topics", "notes")


def downloads(catalog: Catalog) -> dict[str, bytes]:
    return {"programs.csv": _csv(catalog), "programs.json": _json(catalog)}


def _csv(catalog: Catalog) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for program in catalog.programs:
        writer.writerow([
            program.id,
            program.hours,  # a Decimal: written unquoted, exactly as in the data file
            program.title,
            program.instrument.name,
            " ".join(topic.slug for topic in program.topics),
            program.notes,
        ])
    return text.getvalue().encode("utf-8")


def _json(catalog: Catalog) -> bytes:
    document = {
        "source": {
            "title": catalog.site.source_title,
            "url": catalog.site.source_url,
            "publisher": catalog.site.source_publisher,
        },
        "fields": {
            "id": "program number",
            "hours": "estimated total time in hours, exposure plus direct overheads",
            "title": "title as published",
            "instrument": "instrument name",
            "topics": "calibration topic slugs, the primary one first",
            "notes": "notes in Markdown, may be empty",
        },
        "instruments": [
            {"name": i.name, "slug": i.slug, "full_name": i.full_name} for i in catalog.instruments
        ],
        "topics": [{"slug": t.slug, "name": t.name, "description": t.description} for t in catalog.topics],
        "programs": [
            {
                "id": program.id,
                "hours": float(program.hours),
                "title": program.title,
                "instrument": program.instrument.name,
                "topics": [topic.slug for topic in program.topics],
                "notes": program.notes,
            }
            for program in catalog.programs
        ],
    }
    # Compact: json's fast C encoder only serves calls without indent.
    return (json.dumps(document, ensure_ascii=False) + "\n").encode("utf-8")
