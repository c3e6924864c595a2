"""Data problems as GitHub Actions annotations: printed by a workflow step as
`::error file=PATH,line=N,title=FIELD::MESSAGE`, each shows on the line of the file it is about, in
the pull request that brings it.

A problem names its file and, for a table of the data, the table (a program by its id, or any
table by its position) and the field; the line is the field's own line in that table, or the
table's first line when the field is missing. A file's own line (a TOML syntax error) is kept.
"""
from __future__ import annotations

import re
from pathlib import Path

# "FILE[:LINE[:COLUMN]]: REST"
_PROBLEM = re.compile(r"(?P<file>[^:\n]+?)(?::(?P<line>\d+)(?::\d+)?)?: (?P<rest>.*)", re.S)
# Where in the file: a program by its id, a table by its position, or a group by its name or slug.
_PROGRAM = re.compile(r"program (?P<id>\d+)(?: \(the \w+ \[\[programs\]\] table\))?: ")
_POSITION = re.compile(r"the (?P<n>\d+)\w\w \[\[(?P<key>\w+)\]\] table: ")
_GROUP = re.compile(r"(?P<kind>instrument|topic|mode|quote) '(?P<name>[^']*)': ")
_FIELD = re.compile(r"(?P<field>[a-z_]+): |unknown key '(?P<key>[^']+)'")


def annotations(problems: list[str]) -> list[str]:
    """Each problem as a workflow command, on the line it is about."""
    texts: dict[str, list[str]] = {}
    commands = []
    for problem in problems:
        found = _PROBLEM.fullmatch(problem)
        if not found:
            commands.append(f"::error::{_escaped(problem)}")
            continue
        file, rest = found["file"], found["rest"]
        if file not in texts:
            try:
                texts[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                texts[file] = []
        line, field = _located(texts[file], rest)
        line = int(found["line"]) if found["line"] else line
        properties = f"file={_property(file)}" + (f",line={line}" if line else "") + f",title={_property(field or 'data')}"
        commands.append(f"::error {properties}::{_escaped(problem)}")
    return commands


def _located(lines: list[str], rest: str) -> tuple[int | None, str | None]:
    """The line a problem is about (from 1) and its field, as far as the problem says."""
    table, rest = _table(lines, rest)
    field = _FIELD.match(rest)
    name = (field["field"] or field["key"]) if field else None
    if table is None:
        return None, name
    first, last = table
    if name:
        for number in range(first, last):
            if re.match(rf"\s*{name}\s*=", lines[number]):
                return number + 1, name
    return first + 1, name


def _table(lines: list[str], rest: str) -> tuple[tuple[int, int] | None, str]:
    """The lines of the table a problem names, if it names one, and the rest of the problem."""
    if where := _PROGRAM.match(rest):
        key, chosen = "programs", lambda n, body: _holds(body, "id", where["id"])
    elif where := _POSITION.match(rest):
        key, chosen = where["key"], lambda n, body: n == int(where["n"])
    elif where := _GROUP.match(rest):
        key = where["kind"] + "s"
        chosen = lambda n, body: any(_holds(body, name, f'"{where["name"]}"') for name in ("name", "slug", "text"))
    else:
        return None, rest
    tables = _tables(lines, key)
    found = next((table for n, table in enumerate(tables, start=1) if chosen(n, lines[table[0]:table[1]])), None)
    return found, rest[where.end():]


def _holds(body: list[str], key: str, value: str) -> bool:
    return any(re.fullmatch(rf"\s*{key}\s*=\s*{re.escape(value)}\s*(#.*)?", line) for line in body)


def _tables(lines: list[str], key: str) -> list[tuple[int, int]]:
    """The line ranges (first, after the last) of each [[key]] table."""
    starts = [n for n, line in enumerate(lines) if re.match(rf"\s*\[\[\s*{key}\s*\]\]", line)]
    ends = [next((m for m in range(start + 1, len(lines)) if re.match(r"\s*\[", lines[m])), len(lines))
            for start in starts]
    return list(zip(starts, ends))


def _escaped(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _escaped(text).replace(":", "%3A").replace(",", "%2C")
