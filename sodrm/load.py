"""Load: the TOML data files -> a validated Catalog, or every problem found in them at once.

Each problem names the file, the table (a program by its id, or by its position when the id itself
is bad), the field, what was found and what was expected, so that the person editing the data can
fix them all in one go.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Callable, Collection, NamedTuple

import toml_rs

from .errors import DataError
from .figures import ordinal
from .model import Catalog, Instrument, Program, Site, Topic


def load(programs_path: Path, site_path: Path) -> Catalog:
    problems: list[str] = []
    site_data = _read_toml(site_path, problems)
    programs_data = _read_toml(programs_path, problems)
    if problems:
        raise DataError(problems)
    site_file = _File(_shown(site_path), problems)
    site_file.only_keys(site_data, {"site", "instruments", "topics"}, "the file")
    site = _site(site_file, site_data)
    instruments = _instruments(site_file, site_data)
    topics = _topics(site_file, site_data)
    programs_file = _File(_shown(programs_path), problems)
    programs_file.only_keys(programs_data, {"programs"}, "the file")
    programs = _programs(programs_file, programs_data, instruments, topics)
    if problems:
        raise DataError(problems)
    return Catalog(site, instruments, topics, programs)


def load_content(folder: Path) -> dict[str, str]:
    """The Markdown texts of content/, by file name without .md."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_toml(path: Path, problems: list[str]) -> dict[str, Any]:
    shown = _shown(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(f"{shown}: file not found")
        return {}
    except OSError as error:
        problems.append(f"{shown}: cannot be read ({error.strerror})")
        return {}
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            f"{shown}:{line}: not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        )
        return {}
    if not text.strip():
        problems.append(f"{shown}: the file is empty")
        return {}
    try:
        # toml-rs (Rust) parses a large catalog many times faster than tomllib (10,000 programs:
        # 8 ms, rtoml 25, tomllib 140); tomllib has the clearer messages, so it reads again only
        # a file that toml-rs rejected. TOML 1.0, as tomllib and GitHub's tools read it.
        return toml_rs.loads(text, toml_version="1.0.0")
    except toml_rs.TOMLDecodeError:
        pass
    import tomllib  # only for a file toml-rs rejected: its messages say where, and why

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"{shown}:{at[1]}:{at[2]}" if at else shown
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        problems.append(f"{where}: not valid TOML: {reason}")
        return {}


# A field check takes the value found and returns it converted, or raises _Expected.
class _Expected(Exception):
    pass


class _Field(NamedTuple):
    check: Callable[[Any], Any]
    required: bool = True


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Expected("non-empty text in quotes")
    return value


def _optional_text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Expected("text in quotes")
    return value


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise _Expected('a slug of lowercase letters, digits and hyphens in quotes (e.g. "nircam")')
    return value


def _url(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"https?://\S+", value):
        raise _Expected('an http(s) address in quotes (e.g. "https://www.stsci.edu/")')
    return value


def _program_id(value: Any) -> int:
    # bool is a subclass of int in Python: TOML's `true` must not pass as program 1.
    if type(value) is not int or value <= 0:
        raise _Expected("a whole positive number without quotes (e.g. 96000)")
    return value


def _hours(value: Any) -> Decimal:
    if type(value) not in (int, float) or not math.isfinite(value) or value <= 0:
        raise _Expected("a number of hours greater than 0, without quotes (e.g. 12.5)")
    return _exact_hours(value) if type(value) is float else Decimal(value)


@cache  # thousands of programs share a few thousand values
def _exact_hours(value: float) -> Decimal:
    # repr gives the shortest text that reads back as the same float: the number as written
    # (372.0 stays "372.0"); format "f" spells out an exponent (1e-05 becomes "0.00001").
    return Decimal(format(Decimal(repr(value)), "f"))


def _list_of_slugs(value: Any) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _Expected('a list of one or more topic slugs (e.g. ["dark", "flat"])')
    return value


class _File:
    """Problems found in one data file; the helpers check one table at a time."""

    def __init__(self, shown: str, problems: list[str]):
        self.shown = shown
        self.problems = problems

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{self.shown}: {where}: {message}")

    def only_keys(self, table: dict[str, Any], known: Collection[str], where: str) -> None:
        for key in table:
            if key not in known:
                self.add(where, f"unknown key {key!r}{_suggestion(key, known)}; expected one of {_listed(known)}")

    def fields(self, table: Any, fields: dict[str, _Field], where: str | None = None) -> dict[str, Any] | None:
        """The checked values of a table's fields, or None when any is missing or wrong. Without
        `where`, quietly: None at its first problem, an unknown key included, so that a caller
        can name the table (which takes time that thousands of good tables need not) and check
        again only a table with problems."""
        if not isinstance(table, dict):
            if where is not None:
                self.add(where, f"found {_found(table)}, expected a table")
            return None
        if not table.keys() <= fields.keys():
            if where is None:
                return None
            self.only_keys(table, fields.keys(), where)
        values: dict[str, Any] = {}
        complete = True
        for name, field in fields.items():
            if name not in table:
                if field.required:
                    if where is None:
                        return None
                    self.add(where, f"{name}: missing; expected {_expected_of(field)}")
                    complete = False
                continue
            try:
                values[name] = field.check(table[name])
            except _Expected as expected:
                if where is None:
                    return None
                self.add(where, f"{name}: found {_found(table[name])}, expected {expected}")
                complete = False
        return values if complete else None

    def array(self, data: dict[str, Any], key: str) -> list[Any]:
        tables = data.get(key)
        if tables is None:
            self.add(f"[[{key}]]", f"none found; expected at least one [[{key}]] table")
            return []
        if not isinstance(tables, list) or not tables:
            self.add(key, f"found {_found(tables)}, expected one or more [[{key}]] tables")
            return []
        return tables


def _expected_of(field: _Field) -> str:
    try:
        field.check(object())
    except _Expected as expected:
        return str(expected)
    raise AssertionError("a field check accepted an arbitrary object")


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"{_quoted(value)} (text)" if value.strip() else "empty text"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "an empty list" if not value else f"a list ({len(value)} items)"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _quoted(text: str) -> str:
    return '"' + (text if len(text) <= 60 else text[:57] + "...") + '"'


def _suggestion(found: str, choices: Collection[str]) -> str:
    by_folded = {choice.casefold(): choice for choice in choices}
    import difflib  # only when there is a mistake to suggest a fix for

    close = difflib.get_close_matches(found.casefold(), list(by_folded), n=1, cutoff=0.6)
    return f" (did you mean {by_folded[close[0]]!r}?)" if close else ""


def _listed(names: Collection[str]) -> str:
    return ", ".join(repr(name) for name in sorted(names))


_SITE_FIELDS = {
    "title": _Field(_text),
    "description": _Field(_text),
    "source_title": _Field(_text),
    "source_url": _Field(_url),
    "source_publisher": _Field(_text),
}


def _site(file: _File, data: dict[str, Any]) -> Site:
    if "site" not in data:
        file.add("[site]", "missing; expected a [site] table with " + _listed(list(_SITE_FIELDS)))
        return Site(*("",) * len(_SITE_FIELDS))
    values = file.fields(data["site"], _SITE_FIELDS, "[site]")
    return Site(**values) if values else Site(*("",) * len(_SITE_FIELDS))


def _unique(file: _File, values: list[tuple[str, Any]], kind: str, key: str) -> None:
    """Reports every value of `key` that more than one table uses; values are (where, value)."""
    first_seen: dict[Any, str] = {}
    for where, value in values:
        if value in first_seen:
            file.add(where, f"{key}: {value!r} is already used by {first_seen[value]}; expected each {kind} {key} once")
        else:
            first_seen[value] = where


def _records(file: _File, data: dict[str, Any], kind: str, fields: dict[str, _Field], record: type,
             unique: tuple[str, ...]) -> tuple[Any, ...]:
    """The [[<kind>s]] tables as records; the first of `unique` names each in messages."""
    checked = []
    for position, table in enumerate(file.array(data, f"{kind}s"), start=1):
        values = file.fields(table, fields, f"the {ordinal(position)} [[{kind}s]] table")
        if values:
            checked.append((f"{kind} {values[unique[0]]!r}", record(**values)))
    for key in unique:
        _unique(file, [(where, getattr(item, key)) for where, item in checked], kind, key)
    return tuple(item for _, item in checked)


def _instruments(file: _File, data: dict[str, Any]) -> tuple[Instrument, ...]:
    fields = {"name": _Field(_text), "slug": _Field(_slug), "full_name": _Field(_text)}
    return _records(file, data, "instrument", fields, Instrument, unique=("name", "slug"))


def _topics(file: _File, data: dict[str, Any]) -> tuple[Topic, ...]:
    # Topics are optional as a whole: a catalog without them builds without topic pages.
    if "topics" not in data:
        return ()
    fields = {"slug": _Field(_slug), "name": _Field(_text), "description": _Field(_text)}
    return _records(file, data, "topic", fields, Topic, unique=("slug", "name"))


_PROGRAM_FIELDS = {
    "id": _Field(_program_id),
    "hours": _Field(_hours),
    "title": _Field(_text),
    "instrument": _Field(_text),
    "topics": _Field(_list_of_slugs, required=False),
    "notes": _Field(_optional_text, required=False),
}


def _programs(
    file: _File, data: dict[str, Any], instruments: tuple[Instrument, ...], topics: tuple[Topic, ...]
) -> tuple[Program, ...]:
    instrument_by_name = {instrument.name: instrument for instrument in instruments}
    topic_by_slug = {topic.slug: topic for topic in topics}
    checked: list[tuple[int, Program]] = []
    for position, table in enumerate(file.array(data, "programs"), start=1):
        values = file.fields(table, _PROGRAM_FIELDS)
        if values is None:
            values = file.fields(table, _PROGRAM_FIELDS, _program_where(table, position))
            if values is None:
                continue
        instrument = instrument_by_name.get(values["instrument"])
        if instrument is None:
            found = values["instrument"]
            file.add(_program_where(table, position),
                     f"instrument: found {_quoted(found)}{_suggestion(found, list(instrument_by_name))}, "
                     f"expected one of {_listed(list(instrument_by_name))}")
            continue
        program_topics = []
        for slug in values.get("topics", ()):
            if slug not in topic_by_slug:
                file.add(_program_where(table, position),
                         f"topics: found {_quoted(slug)}{_suggestion(slug, list(topic_by_slug))}, "
                         f"expected topic slugs from {_listed(list(topic_by_slug)) or 'the [[topics]] tables'}")
            elif topic_by_slug[slug] in program_topics:
                file.add(_program_where(table, position),
                         f"topics: {_quoted(slug)} is listed twice; expected each topic once")
            else:
                program_topics.append(topic_by_slug[slug])
        checked.append((position, Program(values["id"], values["hours"], values["title"], instrument,
                                          tuple(program_topics), values.get("notes", ""))))
    if len({program.id for _, program in checked}) < len(checked):  # worded only if needed: 10,000 of them
        _unique(file, [(f"program {program.id} (the {ordinal(position)} [[programs]] table)", program.id)
                       for position, program in checked], "program", "id")
    return tuple(sorted((program for _, program in checked), key=lambda program: program.id))


def _program_where(table: Any, position: int) -> str:
    """How messages name a program: by its id, or by its position when the id itself is bad."""
    if isinstance(table, dict) and _is_valid(_program_id, table.get("id")):
        return f"program {table['id']}"
    return f"the {ordinal(position)} [[programs]] table"


def _is_valid(check: Callable[[Any], Any], value: Any) -> bool:
    try:
        check(value)
    except _Expected:
        return False
    return True
