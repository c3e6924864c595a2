"""The data as downloads: programs.csv and programs.json at the site root, exactly as loaded.
Both follow the field declarations of fields.py: their columns, order and descriptions.

Titles go out unchanged, even one that starts with "=": the files carry the data, not a
spreadsheet's reading of it (the CSV quotes every text field, so nothing can break a row).
"""
from __future__ import annotations

import csv
import io
import json

from . import urls
from .fields import PROGRAM_FIELDS, json_value, plain
from .model import Catalog


def downloads(catalog: Catalog) -> dict[str, bytes]:
    return {urls.CSV: _csv(catalog), urls.JSON: _json(catalog)}


def _csv(catalog: Catalog) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([field.name for field in PROGRAM_FIELDS])
    for program in catalog.programs:
        # Hours are Decimals: written unquoted, exactly as in the data file; lists as words.
        values = (plain(field, value) for field, value in zip(PROGRAM_FIELDS, program))
        writer.writerow([" ".join(value) if isinstance(value, list) else value for value in values])
    return text.getvalue().encode("utf-8")


def _json(catalog: Catalog) -> bytes:
    document = {
        "source": {
            "title": catalog.site.source_title,
            "url": catalog.site.source_url,
            "publisher": catalog.site.source_publisher,
        },
        "fields": {field.name: field.description + (f" ({field.unit})" if field.unit else "")
                   for field in PROGRAM_FIELDS},
        "instruments": [
            {"name": i.name, "slug": i.slug, "full_name": i.full_name} for i in catalog.instruments
        ],
        "topics": [{"slug": t.slug, "name": t.name, "description": t.description} for t in catalog.topics],
        "programs": [
            {field.name: json_value(plain(field, value)) for field, value in zip(PROGRAM_FIELDS, program)}
            for program in catalog.programs
        ],
    }
    return (json.dumps(document, ensure_ascii=False) + "\n").encode("utf-8")
