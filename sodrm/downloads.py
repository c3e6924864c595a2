"""The data as downloads at the site root, exactly as loaded: programs.csv (spreadsheets),
programs.json, programs.ecsv (astropy's Enhanced CSV 1.0) and programs.vot (VOTable 1.4, for
TOPCAT and the Virtual Observatory); and each group's programs (an instrument's, a topic's, a
mode's) in the same four, beside the group's page. Every one follows the field declarations of fields.py:
their columns, order, types, units and descriptions.

Titles go out unchanged, even one that starts with "=": the files carry the data, not a
spreadsheet's reading of it (the CSV quotes every text field, so nothing can break a row).
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ElementTree
from decimal import Decimal
from functools import partial
from html import escape
from typing import Callable, Iterable, Iterator

from . import urls
from .citation import cff, citation
from .fields import PROGRAM_FIELDS, TYPES, json_value, plain, text
from .groups import GROUP_KINDS, members
from .history import History
from .model import Catalog, Instrument, Mode, Program, Topic


# Each download's media type, as search engines and browsers are told it.
MEDIA_TYPES = {urls.CSV: "text/csv", urls.JSON: "application/json", urls.ECSV: "text/x-ecsv",
               urls.VOTABLE: "application/x-votable+xml"}


def downloads(catalog: Catalog, history: History | None = None,
              site_url: str | None = None) -> dict[str, Callable[[], bytes | Iterator[bytes]]]:
    """The four downloads of every program, and of each group's programs beside its page (where
    many readers arrive), the same files cut to those rows and saying which they are; and how to
    cite them, as CITATION.cff; and each past version's four, as it was (history.py keeps which).
    Each by the function that makes its bytes, called as it is written: a large catalog's files
    are never all held at once."""
    about = metadata(catalog, history)
    files = formats(catalog, about) | {urls.CITATION: partial(_citation, catalog, history, site_url)}
    for kind in GROUP_KINDS:
        for group, programs in members(kind, catalog).items():
            if programs:
                rows = about | {"rows": f"the programs of the {kind.one} {group.name}"}
                files |= {urls.group_download(kind.key, group.slug, path): made
                          for path, made in formats(catalog._replace(programs=programs), rows).items()}
    for entry in history.entries if history else ():
        if entry.id in history.kept:
            past = catalog._replace(programs=_past_programs(history.kept[entry.id]))
            at = metadata(catalog, None) | {"version": entry.id[:12], "date": entry.date[:10]}
            files |= {urls.version_download(entry.id[:12], path): made for path, made in formats(past, at).items()}
    return files


# How a past version's texts (history.py) are read back into values, by kind of field; its
# instruments, topics and modes are those of its time, each standing for itself.
_FROM_TEXT = {
    "id": int, "hours": Decimal, "text": str, "markdown": str,
    "instrument": lambda name: Instrument(name, name, name, "", ""),
    "topics": lambda slugs: tuple(Topic(slug, slug, "") for slug in slugs.split()),
    "modes": lambda slugs: tuple(Mode(slug, slug, "") for slug in slugs.split()),
}


def _past_programs(programs: dict[int, dict[str, str]]) -> tuple:
    return tuple(Program(*(_FROM_TEXT[field.kind](str(program_id) if field.kind == "id" else texts.get(field.name, ""))
                           for field in PROGRAM_FIELDS)) for program_id, texts in sorted(programs.items()))


def formats(catalog: Catalog, about: dict[str, str]) -> dict[str, Callable[[], Iterator[bytes]]]:
    """The catalog's programs in each format: the site-root path of that download, and the
    function that makes its bytes, in parts."""
    return {urls.CSV: partial(_csv, catalog), urls.JSON: partial(_json, catalog, about),
            urls.ECSV: partial(_ecsv, catalog, about), urls.VOTABLE: partial(_votable, catalog, about)}


def _citation(catalog: Catalog, history: History | None, site_url: str | None) -> bytes:
    return cff(citation(catalog.site, history, site_url)).encode("utf-8")


def metadata(catalog: Catalog, history: History | None) -> dict[str, str]:
    """What every download says of where its data comes from, and of which version it is."""
    site = catalog.site
    return {"title": site.title, "source_title": site.source_title, "source_url": site.source_url,
            "publisher": site.source_publisher, "caveat": site.caveat,
            "version": history.version if history else "unknown (built without the data's history in git)",
            "date": history.date if history and history.date else "unknown"}


ROWS = 1_000  # programs of a download made at once: a large catalog's file is written a part at a time


def _in_parts(programs: tuple, rows: Callable[[tuple], str], head: str, tail: str = "",
              separator: str = "") -> Iterator[bytes]:
    """A download as its head, then its programs' rows ROWS at a time (`rows` makes the text of a
    run of them; `separator` stands between two runs), then its tail, in UTF-8."""
    yield head.encode("utf-8")
    for start in range(0, len(programs), ROWS):
        yield ((separator if start else "") + rows(programs[start:start + ROWS])).encode("utf-8")
    yield tail.encode("utf-8")


def _csv(catalog: Catalog) -> Iterator[bytes]:
    def lines(rows: Iterable[list]) -> str:
        text = io.StringIO(newline="")
        csv.writer(text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n").writerows(rows)
        return text.getvalue()

    def values(program: Program) -> list:
        # Hours are Decimals: written unquoted, exactly as in the data file; lists as words.
        values = (plain(field, value) for field, value in zip(PROGRAM_FIELDS, program))
        return [" ".join(value) if isinstance(value, list) else value for value in values]

    return _in_parts(catalog.programs, lambda programs: lines(map(values, programs)),
                     lines([[field.name for field in PROGRAM_FIELDS]]))


def _json(catalog: Catalog, about: dict[str, str]) -> Iterator[bytes]:
    document = {
        "version": about["version"],
        "date": about["date"],
        **({"rows": about["rows"]} if "rows" in about else {}),
        "source": {
            "title": catalog.site.source_title,
            "url": catalog.site.source_url,
            "publisher": catalog.site.source_publisher,
        },
        "fields": {field.name: field.description + (f" ({field.unit})" if field.unit else "")
                   for field in PROGRAM_FIELDS},
        "caveat": catalog.site.caveat,
        "instruments": [
            {"name": i.name, "slug": i.slug, "full_name": i.full_name} for i in catalog.instruments
        ],
        "topics": [{"slug": t.slug, "name": t.name, "description": t.description} for t in catalog.topics],
        "programs": [],
    }
    # The programs, the document's last value, are written into its empty list, a run at a time.
    head, tail = json.dumps(document, ensure_ascii=False).rsplit("[]", 1)

    def rows(programs: tuple) -> str:
        return ", ".join(json.dumps({field.name: json_value(plain(field, value))
                                     for field, value in zip(PROGRAM_FIELDS, program)}, ensure_ascii=False)
                         for program in programs)
    return _in_parts(catalog.programs, rows, head + "[", "]" + tail + "\n", separator=", ")


# Kinds of text that may hold line breaks: in ECSV each such cell is a JSON string (subtype json,
# as astropy writes text with line breaks), since ECSV readers drop blank lines and lines that
# start with "#" even inside a quoted cell.
_JSON_IN_ECSV = {"markdown"}


def _ecsv(catalog: Catalog, about: dict[str, str]) -> Iterator[bytes]:
    # The header is YAML; every string is written as a JSON string, which YAML reads as a quoted
    # string (and which stays ASCII, so the file reads the same under any locale).
    def quoted(value: str) -> str:
        return json.dumps(value)

    lines = ["# %ECSV 1.0", "# ---", "# datatype:"]
    for field in PROGRAM_FIELDS:
        unit = f", unit: {quoted(field.unit)}" if field.unit else ""
        subtype = ", subtype: json" if field.kind in _JSON_IN_ECSV else ""
        lines.append(f"# - {{name: {field.name}{unit}, datatype: {TYPES[field.kind][0]}{subtype}, "
                     f"description: {quoted(field.description)}}}")
    lines.append("# meta: !!omap")
    lines += [f"# - {{{name}: {quoted(value)}}}" for name, value in about.items()]
    lines.append("# schema: astropy-2.0")
    lines.append(" ".join(field.name for field in PROGRAM_FIELDS))

    def line(program: Program) -> str:
        cells = []
        for field, value in zip(PROGRAM_FIELDS, program):
            value = text(field, value)
            if field.kind in _JSON_IN_ECSV:
                value = json.dumps(value)
            cells.append(value if TYPES[field.kind][0] != "string" else '"' + value.replace('"', '""') + '"')
        return " ".join(cells) + "\n"
    return _in_parts(catalog.programs, lambda programs: "".join(map(line, programs)), "\n".join(lines) + "\n")


def _votable(catalog: Catalog, about: dict[str, str]) -> Iterator[bytes]:
    namespace = "http://www.ivoa.net/xml/VOTable/v1.3"  # VOTable 1.4 keeps the 1.3 namespace
    votable = ElementTree.Element("VOTABLE", {"version": "1.4", "xmlns": namespace})
    resource = ElementTree.SubElement(votable, "RESOURCE", {"type": "results"})
    for name, value in about.items():
        ElementTree.SubElement(resource, "INFO", {"name": name, "value": value})
    table = ElementTree.SubElement(resource, "TABLE", {"name": "programs"})
    ElementTree.SubElement(table, "DESCRIPTION").text = catalog.site.description
    for field in PROGRAM_FIELDS:
        datatype = TYPES[field.kind][1]
        attributes = {"name": field.name, "ID": field.name, "datatype": datatype, "ucd": field.ucd}
        if datatype in ("char", "unicodeChar"):
            attributes["arraysize"] = "*"
        if field.unit:
            attributes["unit"] = field.unit
        element = ElementTree.SubElement(table, "FIELD", attributes)
        ElementTree.SubElement(element, "DESCRIPTION").text = field.description
    ElementTree.SubElement(ElementTree.SubElement(table, "DATA"), "TABLEDATA").text = "\0"
    ElementTree.indent(votable, space=" ")
    head, tail = ElementTree.tostring(votable, encoding="unicode").split("\0")
    # The rows, tens of thousands of cells, joined directly; each value escaped by the library.
    def rows(programs: tuple) -> str:
        return "".join("<TR>" + "".join(f"<TD>{escape(text(field, value), quote=False)}</TD>"
                                        for field, value in zip(PROGRAM_FIELDS, program)) + "</TR>\n"
                       for program in programs)
    return _in_parts(catalog.programs, rows, '<?xml version="1.0" encoding="UTF-8"?>\n' + head + "\n", tail + "\n")
