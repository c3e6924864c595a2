"""The fields of a program, declared once: loading checks them, the Program record is made of
them, and every download (and its description of the fields) follows them.

To add a field: declare it here, then show it in a template. A field of a new kind also needs
that kind's check in load.py and its plain value in `plain` below.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple


class Field(NamedTuple):
    name: str  # the key in data/programs.toml, the Program attribute, the download column
    kind: str  # "id", "hours", "text", "instrument", "topics", "modes" or "markdown": how it is checked
    label: str  # the column heading a reader sees
    description: str
    ucd: str  # its meaning in the IVOA's Unified Content Descriptors, for VOTable readers
    unit: str = ""
    required: bool = True
    default: Any = None  # the value of an optional field that a program leaves out
    example: str = ""


PROGRAM_FIELDS = (
    Field("id", "id", "Program", "The program's number in the SODRM", "meta.id;meta.main", example="96000"),
    Field("hours", "hours", "Hours", "The estimated total time (exposure and direct overheads), in STScI's words; "
          "the source gives no unit, and this site reads it as hours", "time.duration",
          unit="h", example="372.0"),
    Field("title", "text", "Title", "The title, as STScI publishes it", "meta.title", example="Dark Current & Readnoise"),
    Field("instrument", "instrument", "Instrument", "The instrument, by its name", "instr", example="NIRCam"),
    Field("topics", "topics", "Calibration topics", "Calibration topics, by slug, the primary one first, separated by spaces",
          "meta.code", required=False, default=(), example="dark"),
    Field("modes", "modes", "Observing modes", "Observing modes that the title names, by slug, separated by spaces",
          "meta.code;instr.setup", required=False, default=(), example="lrs"),
    Field("notes", "markdown", "Notes", "Notes in Markdown, which may be empty", "meta.note", required=False,
          default="", example=""),
)

# How each kind of field is typed in the downloads: (ECSV datatype, VOTable datatype, its text type
# in the field dictionary).
TYPES = {
    "id": ("int32", "int", "integer"),
    "hours": ("float64", "double", "decimal number"),
    "text": ("string", "unicodeChar", "text"),
    "instrument": ("string", "unicodeChar", "text, one of the instruments"),
    "topics": ("string", "unicodeChar", "calibration topic slugs"),
    "modes": ("string", "unicodeChar", "observing mode slugs"),
    "markdown": ("string", "unicodeChar", "Markdown text"),
}


def text(field: Field, value: Any) -> str:
    """A field's value as one text: lists as words separated by spaces."""
    value = plain(field, value)
    return " ".join(value) if isinstance(value, list) else str(value)


def plain(field: Field, value: Any) -> Any:
    """A field's value as the downloads carry it: a number, a text or a list of texts."""
    if field.kind == "instrument":
        return value.name
    if field.kind in ("topics", "modes"):
        return [item.slug for item in value]
    return value


def texts(program: Any) -> dict[str, str]:
    """A program's fields but its number, each as one text, in declared order: what the change
    log compares from version to version."""
    return {field.name: text(field, value) for field, value in zip(PROGRAM_FIELDS, program) if field.kind != "id"}


def json_value(value: Any) -> Any:
    # Hours are exact Decimals; JSON readers expect a number.
    return float(value) if isinstance(value, Decimal) else value
