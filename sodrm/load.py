"""Load: the bytes of the data files and content/ -> a validated Catalog and the content's
Markdown, or every problem found in them at once.

Each problem names the file, the table (a program by its id, or by its position when the id itself
is bad), the field, what was found and what was expected, so that the person editing the data can
fix them all in one go. Every value is bounded (length, range, nesting) before anything is made
of it, so no input can crash the parser or make a build run for long.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any, Callable, Collection, Iterable, NamedTuple

import toml_rs

from . import urls
from .errors import DataError, printable
from .fields import PROGRAM_FIELDS, texts
from .figures import ordinal
from .model import Catalog, Instrument, Mode, Program, Quote, Site, Topic
from .sources import Source, Sources
from .text import markdown_problem, site_links

MAX_NESTING = 8  # arrays and inline tables inside each other; the data needs 2
MAX_ID = 999_999_999
MAX_HOURS = 100_000  # a year has 8,766: every sum of hours stays exact and finite
MAX_TITLE = 300
MAX_DESCRIPTION = 2_000
MAX_WORDS = 60  # a keyword, or a word readers search by
MAX_NOTES = 10_000
MAX_ALL_NOTES = 250_000
# How many tables each group may have, well above any real catalogue (JWST has 4 instruments; the
# data 10 topics), and why there is a bound: what each table adds to the site.
MAX_TABLES = {"instrument": 12, "topic": 60, "mode": 60, "quote": 20}
_EACH_ADDS = {"instrument": "every instrument has a page, a filter option and a column of the topic matrix",
              "topic": "every topic has a page, a filter option and a row of the topic matrix",
              "mode": "every mode has a page and a filter option", "quote": "the about page shows every quote"}
CONTENT_PAGES = {"intro": True, "about": False}  # content/NAME.md: required or not


class Loaded(NamedTuple):
    catalog: Catalog
    content: dict[str, str]  # Markdown by name: "intro" always, "about" when there is one
    lines: dict[int, int]  # the line of each program's [[programs]] table, by program id


def load(sources: Sources) -> Loaded:
    problems: list[str] = []
    site_data = _parse(sources.site, problems)
    header_lines: list[int] = []
    programs_data = _parse(sources.programs, problems, header_lines)
    content = _content(sources.content, problems)
    if problems:
        raise DataError(problems)
    site_file = _File(sources.site.shown, problems)
    site_file.only_keys(site_data, {"site", "quotes", "instruments", "topics", "modes"}, "the file")
    site = _site(site_file, site_data)
    quotes = _quotes(site_file, site_data)
    instruments = _instruments(site_file, site_data)
    topics = _vocabulary(site_file, site_data, "topics", Topic)
    modes = _vocabulary(site_file, site_data, "modes", Mode)
    if problems:
        # The site file's groups are not known whole: each program names its instrument, topics and
        # modes as a past version does, so that a problem in a group is said once, not again for
        # every program that names it.
        known = _Past(Instrument), _Past(Topic), _Past(Mode)
    else:
        known = ({instrument.name: instrument for instrument in instruments}, {topic.slug: topic for topic in topics},
                 {mode.slug: mode for mode in modes})
    programs_file = _File(sources.programs.shown, problems)
    programs_file.only_keys(programs_data, {"programs"}, "the file")
    tables = programs_file.array(programs_data, "programs")
    programs, positions = _programs(programs_file, tables, *known)
    # The topics page exists when the site file declares topics (a declaration with problems is said as such).
    _check_site_links(sources, content, programs, programs_file, "topics" in site_data, problems)
    if problems:
        raise DataError(problems)
    return Loaded(Catalog(site, quotes, instruments, topics, modes, programs), content,
                  _table_lines(header_lines, len(tables), positions))


def past_version(data: bytes) -> dict[int, dict[str, str]]:
    """A past version of the programs file, read through the same checks as the current one:
    each program's fields as texts, by id. Its instruments, topics and modes are those of its own
    time, which data/site.toml may no longer declare: each is checked as a name or a slug, not
    looked up. Raises a DataError with the problems found."""
    problems: list[str] = []
    parsed = _parse(Source("this version", data), problems, [])
    if not problems:
        file = _File("this version", problems)
        file.only_keys(parsed, {"programs"}, "the file")
        programs, _ = _programs(file, file.array(parsed, "programs"), _Past(Instrument), _Past(Topic), _Past(Mode))
    if problems:
        raise DataError(problems)
    return {program.id: texts(program) for program in programs}


class _Past(dict):
    """A past version's instruments, topics or modes: any name or slug, as a record whose every
    required field is that name or slug (the change log reads an instrument's name, and a topic's
    or a mode's slug: fields.plain)."""

    def __init__(self, record: type) -> None:
        super().__init__()
        self._record = record

    def __missing__(self, key: str) -> Any:
        return self._record(*[key] * (len(self._record._fields) - len(self._record._field_defaults)))

    def __contains__(self, key: object) -> bool:
        return True

    def get(self, key: str, default: Any = None) -> Any:
        return self[key]


def _content(pages: dict[str, Source], problems: list[str]) -> dict[str, str]:
    texts = {}
    for name, source in pages.items():
        if name not in CONTENT_PAGES:
            problems.append(f"{source.shown}: not a page of the site; expected only "
                            + " and ".join(f"{page}.md" for page in CONTENT_PAGES))
            continue
        text = _decoded(source, problems)
        if text is None:
            continue
        problem = _control_characters(text, allowed="\n\r\t") or markdown_problem(text)
        if problem:
            problems.append(f"{source.shown}: {problem}")
        else:
            texts[name] = text
    for name, required in CONTENT_PAGES.items():
        if required and name not in pages:
            problems.append(f"content/{name}.md: file not found; expected the {name} page in Markdown")
    return texts


def _check_site_links(sources: Sources, content: dict[str, str], programs: tuple[Program, ...],
                      programs_file: _File, has_topics: bool, problems: list[str]) -> None:
    """Every site:NAME link of the authored Markdown names a page this site has."""
    # The topics page and the about page exist only with topics and with content/about.md.
    names = [name for name in urls.LINKABLE
             if (name != "topics" or has_topics) and (name != "about" or "about" in content)]

    def check(text: str, report: Callable[[str], None]) -> None:
        for name in site_links(text):
            if name not in names:
                report(f"a link to site:{printable(name)}{_suggestion(name, names)}, which names no page of this "
                       f"site; expected site: followed by one of {_listed(names)}")

    for name, text in content.items():
        check(text, lambda message: problems.append(f"{sources.content[name].shown}: {message}"))
    for program in programs:
        check(program.notes, lambda message: programs_file.add(f"program {program.id}", f"notes: {message}"))


def _decoded(source: Source, problems: list[str]) -> str | None:
    try:
        return source.data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = source.data[: error.start].count(b"\n") + 1
        problems.append(f"{source.shown}:{line}: not UTF-8 text (byte 0x{source.data[error.start]:02x}); "
                        "save the file as UTF-8")
        return None


# TOML's strings and comments, so that brackets inside them are not counted as nesting, and the
# [[programs]] headers outside them. Inside a multi-line string a quote may stand in runs of one or
# two (or escaped, in a basic one), and its closing run may be five long: the last two quotes are
# its own.
_TOKENS = re.compile(
    r"(?m:^[ \t]*\[\[[ \t]*programs[ \t]*\]\])"  # a [[programs]] header
    r'|"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}'  # multi-line basic string
    r"|'''(?:[^']|'{1,2}(?!'))*'{3,5}"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*|[\[\]{}]")


class _Scanned(NamedTuple):
    deepest: int  # how deep arrays and inline tables nest
    line: int  # where they first nest deepest
    headers: list[int]  # where each [[programs]] header starts


def _nesting(text: str) -> _Scanned:
    """How deep arrays and inline tables nest, where, and where the [[programs]] tables start."""
    depth = deepest = at = 0
    headers = []
    for match in _TOKENS.finditer(text):
        token = match[0]
        if token == "[" or token == "{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif token == "]" or token == "}":
            depth -= 1
        elif token.endswith("]]"):
            if depth == 0:
                headers.append(match.start())
            elif depth + 2 > deepest:  # not a header: two brackets inside a value
                deepest, at = depth + 2, match.start()
    return _Scanned(deepest, text.count("\n", 0, at) + 1, headers)


def _parse(source: Source, problems: list[str], header_lines: list[int] | None = None) -> dict[str, Any]:
    """The file's tables, or {} and its problems. For a programs file (`header_lines` given, and
    filled with the line of each [[programs]] header), a large one's tables come as _Parts."""
    text = _decoded(source, problems)
    if text is None:
        return {}
    if not text.strip():
        problems.append(f"{source.shown}: the file is empty")
        return {}
    scanned = _nesting(text)
    if scanned.deepest > MAX_NESTING:
        problems.append(f"{source.shown}:{scanned.line}: arrays or tables nested {scanned.deepest} deep; "
                        f"expected at most {MAX_NESTING}")
        return {}
    if header_lines is not None:
        header_lines += _lines(text, scanned.headers)
        if len(scanned.headers) > PART:
            parsed = _Parts.parsed(text, scanned.headers)
            if parsed is not None:
                return parsed
    try:
        # toml-rs parses large catalogs in a fraction of tomllib's time; tomllib has the clearer
        # messages, so it reads again only a file that toml-rs rejected. TOML 1.0, as tomllib
        # and GitHub's tools read it.
        return toml_rs.loads(text, toml_version="1.0.0")
    except (toml_rs.TOMLDecodeError, ValueError, OverflowError):
        pass
    import tomllib  # only for a file toml-rs rejected: its messages say where, and why

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"{source.shown}:{at[1]}:{at[2]}" if at else source.shown
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        problems.append(f"{where}: not valid TOML: {reason}")
    except (ValueError, RecursionError):  # a number of thousands of digits
        problems.append(f"{source.shown}: not valid TOML: a value is far too long or deep; "
                        "expected numbers of at most 9 digits")
    return {}


PART = 1_000  # [[programs]] tables parsed at once from a large file


class _Parts:
    """The [[programs]] tables of a large file, parsed a part of PART tables at a time whenever
    they are gone through: the parsed tables of the whole file, several times its size, never
    exist at once; the loader keeps only the records it makes of them."""

    def __init__(self, text: str, headers: list[int]) -> None:
        self._text = text
        self._bounds = headers[::PART] + [len(text)]
        self._count = len(headers)

    @classmethod
    def parsed(cls, text: str, headers: list[int]) -> dict[str, Any] | None:
        """The file as the whole would parse, its tables as _Parts; None when any part is not
        what it would be in the whole file (a part that is not TOML alone, or holds more than
        its [[programs]] tables): the file is then parsed whole, and said so as a whole. Every
        part is tried here, before the loader is given any table, so that it never starts on a
        file it would have to read again whole; each part is thus parsed twice."""
        try:
            first = toml_rs.loads(text[: headers[0]], toml_version="1.0.0")
            parts = cls(text, headers)
            for _ in parts._each():
                pass
        except (toml_rs.TOMLDecodeError, ValueError, OverflowError, _Expected):
            return None
        return None if "programs" in first else first | {"programs": parts}

    def _each(self):
        for n, (start, stop) in enumerate(zip(self._bounds, self._bounds[1:])):
            part = toml_rs.loads(self._text[start:stop], toml_version="1.0.0")
            tables = part.get("programs")
            if (part.keys() != {"programs"} or not isinstance(tables, list)
                    or len(tables) != min(PART, self._count - n * PART)):
                raise _Expected("a part that holds its own [[programs]] tables alone")
            yield tables

    def __iter__(self):
        for tables in self._each():
            yield from tables

    def __len__(self) -> int:
        return self._count


def _lines(text: str, offsets: list[int]) -> list[int]:
    """The line of each offset (in order) in the text."""
    lines, line, counted = [], 1, 0
    for at in offsets:
        line += text.count("\n", counted, at)  # from the last offset on: each newline counted once
        counted = at
        lines.append(line)
    return lines


def _table_lines(header_lines: list[int], tables: int, positions: dict[int, int]) -> dict[int, int]:
    """Where each program's table starts in the file: the line of its [[programs]] header, by
    the program's position among the `tables`."""
    if len(header_lines) != tables:  # a header spelled otherwise ([["programs"]]): no line is sure
        return {}
    return {program: header_lines[position - 1] for program, position in positions.items()}


# A field check takes the value found and returns it converted, or raises _Expected.
class _Expected(Exception):
    pass


class _Field(NamedTuple):
    check: Callable[[Any], Any]
    required: bool = True


def _control_characters(text: str, allowed: str = "") -> str | None:
    """Why the text cannot go into every output: a control or format character (XML 1.0 forbids
    most of them) or a noncharacter (U+FFFE, U+FDD0, ...: XML forbids some, no reader expects any)."""
    if text.isprintable():  # no control, format or separator character but the space, no noncharacter
        return None
    for position, char in enumerate(text, start=1):
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            shown = char.encode("unicode_escape").decode("ascii")
            return f"a control character ({shown}) at character {position}; expected plain text (remove it)"
        if 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE:
            return f"a noncharacter (U+{ord(char):04X}) at character {position}; expected plain text (remove it)"
    return None


# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection"): a text cell that
# starts so is refused rather than changed, so that every download carries the data as written.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula(text: str) -> str | None:
    if text.startswith(FORMULA_STARTS):
        return (f"text that does not start with {text[0]!r}, which spreadsheets read as a formula (begin with a "
                "word: a list in notes can follow a first sentence)")
    return None


def _text(limit: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise _Expected("non-empty text in quotes")
        if len(value) > limit:
            raise _Expected(f"text of at most {limit:,} characters")
        if value != value.strip():  # XML readers (VOTable's) drop it: no download could keep it
            raise _Expected("text without spaces at either end")
        problem = _control_characters(value)
        if problem:
            raise _Expected(f"text without control characters or noncharacters: {problem}")
        problem = _formula(value)
        if problem:
            raise _Expected(problem)
        return value
    return check


def _notes(value: Any) -> str:
    """Markdown, read as its meaning has it: lines end in \\n (as XML reads them), and blank space
    at either end, which Markdown ignores, is no part of it."""
    if not isinstance(value, str):
        raise _Expected("text in quotes")
    if len(value) > MAX_NOTES:
        raise _Expected(f"Markdown of at most {MAX_NOTES:,} characters")
    problem = _control_characters(value, allowed="\n\r\t")
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = problem or markdown_problem(value)
    if problem:
        raise _Expected(f"Markdown without {problem.split(';')[0]}")
    problem = _formula(value)
    if problem:
        raise _Expected(problem)
    return value


def _slug(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 40 or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise _Expected('a slug of at most 40 lowercase letters, digits and hyphens in quotes (e.g. "nircam")')
    return value


def _colour(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9a-f]{6}", value):
        raise _Expected('a colour as "#" and six lowercase hexadecimal digits in quotes (e.g. "#0072b2")')
    return value


def _url(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 500 or not re.fullmatch(r"https?://[!-~]+", value):
        raise _Expected('an http(s) address in quotes (e.g. "https://www.stsci.edu/")')
    return value


def _program_id(value: Any) -> int:
    # bool is a subclass of int in Python: TOML's `true` must not pass as program 1.
    if type(value) is not int or not 0 < value <= MAX_ID:
        raise _Expected("a whole positive number of at most 9 digits, without quotes (e.g. 96000)")
    return value


def _hours(value: Any) -> Decimal:
    if type(value) not in (int, float) or not 0 < value <= MAX_HOURS:  # NaN is neither > 0 nor <= max
        raise _Expected(f"a number of hours greater than 0 and at most {MAX_HOURS}, without quotes (e.g. 12.5)")
    # repr gives the shortest text that reads back as the same number: the number as written
    # (372.0 stays "372.0", 372 "372", 1e-05 "0.00001").
    return Decimal(repr(value))


def _name(value: Any) -> str:
    if not isinstance(value, str):
        raise _Expected("a name in quotes")
    return value


def _list_of_slugs(value: Any) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value) or len(value) > 20:
        raise _Expected('a list of one to 20 slugs (e.g. ["dark", "flat"])')
    return value


# How each kind of program field (fields.py) is checked; instrument and topics are then looked up.
_CHECKS = {"id": _program_id, "hours": _hours, "text": _text(MAX_TITLE), "instrument": _name,
           "topics": _list_of_slugs, "modes": _list_of_slugs, "markdown": _notes}
_PROGRAM_FIELDS = {field.name: _Field(_CHECKS[field.kind], field.required) for field in PROGRAM_FIELDS}


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

    def fields(self, table: Any, fields: dict[str, _Field], where: str) -> dict[str, Any] | None:
        """The checked values of a table's fields, or None when it has any problem (a field missing
        or wrong, a key unknown)."""
        if not isinstance(table, dict):
            self.add(where, f"found {_found(table)}, expected a table")
            return None
        problems_before = len(self.problems)
        self.only_keys(table, fields.keys(), where)
        values: dict[str, Any] = {}
        for name, field in fields.items():
            if name not in table:
                if field.required:
                    self.add(where, f"{name}: missing; expected {_expected_of(field)}")
                continue
            try:
                values[name] = field.check(table[name])
            except _Expected as expected:
                self.add(where, f"{name}: found {_found(table[name])}, expected {expected}")
        return values if len(self.problems) == problems_before else None

    def array(self, data: dict[str, Any], key: str) -> list[Any] | _Parts:
        tables = data.get(key)
        if tables is None:
            self.add(f"[[{key}]]", f"none found; expected at least one [[{key}]] table")
            return []
        if not isinstance(tables, (list, _Parts)) or not tables:
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
    if isinstance(value, int) and abs(value) >= 10**15:
        return "a number of more than 15 digits"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "an empty list" if not value else f"a list ({len(value)} items)"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _quoted(text: str) -> str:
    return '"' + printable(text if len(text) <= 60 else text[:57] + "...") + '"'


def _suggestion(found: str, choices: Collection[str]) -> str:
    if len(found) > 100:
        return ""
    by_folded = {choice.casefold(): choice for choice in choices}
    import difflib  # only when there is a mistake to suggest a fix for

    close = difflib.get_close_matches(found.casefold(), list(by_folded), n=1, cutoff=0.6)
    return f" (did you mean {by_folded[close[0]]!r}?)" if close else ""


def _listed(names: Collection[str]) -> str:
    return ", ".join(repr(name) for name in sorted(names))


_SITE_FIELDS = {
    "title": _Field(_text(MAX_TITLE)),
    "description": _Field(_text(MAX_DESCRIPTION)),
    "source_title": _Field(_text(MAX_TITLE)),
    "source_url": _Field(_url),
    "source_publisher": _Field(_text(MAX_TITLE)),
    "caveat": _Field(_text(MAX_DESCRIPTION)),
    "author": _Field(_text(MAX_TITLE)),
    "publisher": _Field(_text(MAX_TITLE)),
    "keywords": _Field(lambda value: _words(value, 'a list of keywords, e.g. ["JWST", "calibration"]')),
    "temporal_coverage": _Field(_text(40)),
}


def _site(file: _File, data: dict[str, Any]) -> Site:
    if "site" not in data:
        file.add("[site]", "missing; expected a [site] table with " + _listed(list(_SITE_FIELDS)))
        return _NO_SITE
    values = file.fields(data["site"], _SITE_FIELDS, "[site]")
    return Site(**values) if values else _NO_SITE


# What stands in for a [site] table with problems, which are reported: the build goes no further.
_NO_SITE = Site(*("",) * (len(_SITE_FIELDS) - 2), (), "")


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
    tables = file.array(data, f"{kind}s")
    if len(tables) > MAX_TABLES[kind]:
        file.add(f"[[{kind}s]]", f"{len(tables):,} tables; expected at most {MAX_TABLES[kind]} ({_EACH_ADDS[kind]}: "
                                 "the site stays readable)")
        return ()
    for position, table in enumerate(tables, start=1):
        values = file.fields(table, fields, f"the {ordinal(position)} [[{kind}s]] table")
        if values:
            checked.append((f"{kind} {values[unique[0]]!r}", record(**values)))
    for key in unique:
        _unique(file, [(where, getattr(item, key)) for where, item in checked], kind, key)
    return tuple(item for _, item in checked)


def _former_slugs(value: Any) -> tuple[str, ...]:
    try:
        return tuple(_slug(slug) for slug in _list_of_slugs(value))
    except _Expected:
        raise _Expected('a list of the slugs its page had before, e.g. ["old-name"]') from None


# A group's earlier slugs: its page is made at the new one, and each old address redirects to it.
_FORMER_SLUGS = _Field(_former_slugs, required=False)


def _instruments(file: _File, data: dict[str, Any]) -> tuple[Instrument, ...]:
    fields = {"name": _Field(_text(40)), "slug": _Field(_slug), "full_name": _Field(_text(MAX_TITLE)),
              "colour": _Field(_colour), "dark_colour": _Field(_colour), "former_slugs": _FORMER_SLUGS}
    return _records(file, data, "instrument", fields, Instrument, unique=("name", "slug"))


def _quotes(file: _File, data: dict[str, Any]) -> tuple[Quote, ...]:
    if "quotes" not in data:
        return ()
    fields = {"lead": _Field(_optional_text), "text": _Field(_text(MAX_DESCRIPTION)),
              "source_title": _Field(_text(MAX_TITLE)), "source_url": _Field(_url)}
    return _records(file, data, "quote", fields, Quote, unique=("text",))


def _optional_text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_TITLE:
        raise _Expected(f"text in quotes, at most {MAX_TITLE} characters")
    return value if value == "" else _text(MAX_TITLE)(value)


def _vocabulary(file: _File, data: dict[str, Any], key: str, record: type) -> tuple:
    """The [[topics]] or [[modes]] tables: each a slug, a name, a description and, if readers call
    it by other words, those (`search_words`). Both are optional
    as a whole: a catalog without topics builds without topic pages, one without modes without
    that facet."""
    if key not in data:
        return ()
    fields = {"slug": _Field(_slug), "name": _Field(_text(MAX_TITLE)), "description": _Field(_text(MAX_DESCRIPTION)),
              "search_words": _Field(_search_words, required=False), "former_slugs": _FORMER_SLUGS}
    return _records(file, data, key.removesuffix("s"), fields, record, unique=("slug", "name"))


def _search_words(value: Any) -> tuple[str, ...]:
    return _words(value, 'a list of words or phrases readers search for it by, e.g. ["wavecal", "time series"]')


def _words(value: Any, expected: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or len(value) > 20:
        raise _Expected(expected)
    try:
        return tuple(_text(MAX_WORDS)(word) for word in value)
    except _Expected:
        raise _Expected(f"{expected}, each at most {MAX_WORDS} characters") from None


def _programs(file: _File, tables: Iterable[Any], instrument_by_name: dict[str, Instrument], topic_by_slug:
              dict[str, Topic], mode_by_slug: dict[str, Mode]) -> tuple[tuple[Program, ...], dict[int, int]]:
    """The programs, in program-number order, and each one's position among the tables."""
    checked: list[tuple[int, Program]] = []
    all_notes = 0
    for position, table in enumerate(tables, start=1):
        where = _program_where(table, position)
        values = file.fields(table, _PROGRAM_FIELDS, where)
        if values is None:
            continue
        instrument = instrument_by_name.get(values["instrument"])
        if instrument is None:
            found = values["instrument"]
            file.add(where, f"instrument: found {_quoted(found)}{_suggestion(found, list(instrument_by_name))}, "
                            f"expected one of {_listed(list(instrument_by_name))}")
            continue
        values["topics"] = _looked_up(file, where, "topics", values.get("topics", ()), topic_by_slug)
        values["modes"] = _looked_up(file, where, "modes", values.get("modes", ()), mode_by_slug)
        values["instrument"] = instrument
        all_notes += len(values.get("notes", ""))
        record = {field.name: values.get(field.name, field.default) for field in PROGRAM_FIELDS}
        checked.append((position, Program(**record)))
    if all_notes > MAX_ALL_NOTES:
        file.add("notes", f"{all_notes:,} characters of notes in all; expected at most {MAX_ALL_NOTES:,}")
    if len({program.id for _, program in checked}) < len(checked):  # worded only when needed
        _unique(file, [(f"program {program.id} (the {ordinal(position)} [[programs]] table)", program.id)
                       for position, program in checked], "program", "id")
    return (tuple(sorted((program for _, program in checked), key=lambda program: program.id)),
            {program.id: position for position, program in checked})


def _looked_up(file: _File, where: str, field: str, slugs, known: dict[str, Any]) -> tuple:
    """The records that a program's slugs name, each once; every unknown or repeated slug reported."""
    found = []
    for slug in slugs:
        if slug not in known:
            file.add(where, f"{field}: found {_quoted(slug)}{_suggestion(slug, list(known))}, "
                            f"expected slugs from {_listed(list(known)) or f'the [[{field}]] tables'}")
        elif known[slug] in found:
            file.add(where, f"{field}: {_quoted(slug)} is listed twice; expected each once")
        else:
            found.append(known[slug])
    return tuple(found)


def _program_where(table: Any, position: int) -> str:
    """How messages name a program: by its id, or by its position when the id itself is bad."""
    if isinstance(table, dict):
        try:
            return f"program {_program_id(table.get('id'))}"
        except _Expected:
            pass
    return f"the {ordinal(position)} [[programs]] table"
