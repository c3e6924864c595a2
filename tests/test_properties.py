"""Property-based tests (hypothesis): any valid catalog builds and its pages and downloads carry
its data exactly; any corruption of a valid file gives a clean error and leaves the output intact."""
import csv
import io
import json
import re
import shutil
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import examples, heading, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sodrm import urls
from sodrm.errors import DataError
from sodrm.load import FORMULA_STARTS, MAX_HOURS, MAX_ID, load
from sodrm.paths import PROJECT
from sodrm.pipeline import build
from sodrm.sources import Source, read_sources

SITE_DATA = PROJECT / "data" / "site.toml"
PROGRAMS = (PROJECT / "data" / "programs.toml").read_text(encoding="utf-8")
INSTRUMENTS = [instrument["name"] for instrument in tomllib.loads(SITE_DATA.read_text())["instruments"]]
TOPICS = [topic["slug"] for topic in tomllib.loads(SITE_DATA.read_text())["topics"]]

# Titles as a person could type them: any printable text, at least one visible character.
titles = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Cn")), min_size=1, max_size=60).filter(
    lambda title: title.strip() == title and title and not title.startswith(FORMULA_STARTS))
hours = st.one_of(
    st.floats(min_value=0.01, max_value=MAX_HOURS, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal("0.1"), max_value=Decimal("9999.9"), places=1).map(float),
)
programs = st.lists(
    st.fixed_dictionaries({
        "id": st.integers(min_value=1, max_value=MAX_ID),
        "hours": hours,
        "title": titles,
        "instrument": st.sampled_from(INSTRUMENTS),
        "topics": st.lists(st.sampled_from(TOPICS), unique=True, max_size=3),
    }),
    min_size=1, max_size=12, unique_by=lambda program: program["id"],
)


def toml(programs) -> str:
    tables = []
    for program in programs:
        table = (f'[[programs]]\nid = {program["id"]}\nhours = {program["hours"]!r}\n'
                 f'title = {json.dumps(program["title"], ensure_ascii=False)}\ninstrument = "{program["instrument"]}"\n')
        if program["topics"]:
            table += f'topics = {json.dumps(program["topics"])}\n'
        tables.append(table)
    return "\n".join(tables)


def folded(text: str) -> str:
    return " ".join(text.split())


def hours_text(value: float) -> str:
    return format(Decimal(repr(value)), "f")


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_any_valid_catalog_builds_and_carries_its_data_exactly(programs):
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "programs.toml"
        data.write_text(toml(programs), encoding="utf-8")
        out = Path(folder) / "site"
        build(data, SITE_DATA, out, cache=Path(folder) / "cache")
        ordered = sorted(programs, key=lambda program: program["id"])

        index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
        rows = [[folded(cell.get_text()) for cell in row.find_all(["th", "td"])]
                for row in index.select("table.programs tbody tr")]
        assert rows == [[str(p["id"]), hours_text(p["hours"]), folded(p["title"]), p["instrument"]] for p in ordered]

        for program in ordered:
            page = BeautifulSoup((out / urls.program(program["id"])).read_text(encoding="utf-8"), "html.parser")
            assert page.h1.get_text() == f"{heading(program['id'], program['instrument'])} {program['title']}"

        document = json.loads((out / "programs.json").read_text(encoding="utf-8"))
        assert [(p["id"], p["hours"], p["title"], p["instrument"], p["topics"]) for p in document["programs"]] == [
            (p["id"], p["hours"], p["title"], p["instrument"], p["topics"]) for p in ordered]
        rows = list(csv.DictReader(io.StringIO((out / "programs.csv").read_text(encoding="utf-8"), newline="")))
        assert [(int(r["id"]), float(r["hours"]), r["title"], r["instrument"]) for r in rows] == [
            (p["id"], p["hours"], p["title"], p["instrument"]) for p in ordered]


# Corruptions that always make the file invalid: a wrong value for a field, a required line gone,
# an id used twice.
WRONG_VALUES = {
    "id": ['"96000"', "96000.5", "true", "-4", "0", "[96000]"],
    "hours": ['"12.3"', "0", "-1.5", "nan", "inf", "-inf", "true", "{}"],
    "title": ['""', '"   "', "12", "false"],
    "instrument": ['"Nircam"', '"nirspec"', '""', '"JWST"', "3"],
}
program_lines = [n for n, line in enumerate(PROGRAMS.splitlines()) if line.split(" = ")[0] in WRONG_VALUES]


@st.composite
def invalid_files(draw):
    lines = PROGRAMS.splitlines()
    number = draw(st.sampled_from(program_lines))
    key = lines[number].split(" = ")[0]
    how = draw(st.sampled_from(["wrong value", "line removed", "id repeated"]))
    if how == "wrong value":
        lines[number] = f"{key} = {draw(st.sampled_from(WRONG_VALUES[key]))}"
    elif how == "line removed":
        del lines[number]
    else:
        ids = [n for n, line in enumerate(lines) if line.startswith("id = ")]
        first, second = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        lines[second] = lines[first]
    return "\n".join(lines) + "\n"


# Corruptions that may or may not leave valid TOML: bytes inserted anywhere, or the file cut short.
@st.composite
def damaged_files(draw):
    raw = PROGRAMS.encode("utf-8")
    at = draw(st.integers(min_value=0, max_value=len(raw)))
    if draw(st.booleans()):
        return raw[:at]
    return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]


def names_the_file(problem: str) -> bool:
    return re.match(r"\S*programs\.toml(:\d+)*: \S", problem) is not None


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A folder holding a good site and its cache, and a copy of both, built once: each example
    starts from the copy put back at the same paths, as if it had built the good site itself."""
    folder = tmp_path_factory.mktemp("good")
    build(PROJECT / "data" / "programs.toml", SITE_DATA, folder / "site", cache=folder / "cache")
    kept = tmp_path_factory.mktemp("good-kept")
    for part in ("site", "cache"):
        shutil.copytree(folder / part, kept / part, symlinks=True)  # with their modification times
    return folder, kept, snapshot(folder / "site")


def build_over_a_good_site(good_site, content: bytes) -> tuple[bool, dict, dict, str]:
    folder, kept, before = good_site
    shutil.rmtree(folder)
    shutil.copytree(kept, folder, symlinks=True)
    out, cache, data = folder / "site", folder / "cache", folder / "programs.toml"
    data.write_bytes(content)
    try:
        build(data, SITE_DATA, out, cache=cache)
    except DataError as error:
        return False, before, snapshot(out), str(error)
    return True, before, snapshot(out), ""


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invalid_files())
def test_any_invalid_edit_gives_a_clean_error_and_leaves_the_output_intact(good_site, content):
    built, before, after, message = build_over_a_good_site(good_site, content.encode("utf-8"))
    assert not built
    assert after == before
    assert message and all(names_the_file(line) for line in message.splitlines())


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_files())
def test_any_damaged_file_either_builds_or_fails_cleanly_leaving_the_output_intact(good_site, content):
    # A DataError is the only exception allowed out: anything else would be a traceback.
    built, before, after, message = build_over_a_good_site(good_site, content)
    if not built:
        assert after == before
        assert all(names_the_file(line) for line in message.splitlines())


# Hostile input: whatever the bytes, loading ends quickly, in a catalog or a clean DataError.
REAL = read_sources(PROJECT / "data" / "programs.toml", SITE_DATA, PROJECT / "content", PROJECT / "templates",
                    PROJECT / "static")

nesting = st.tuples(st.sampled_from(["[", "{a = ", "[[", "{ a = ["]), st.integers(1, 20_000)).map(
    lambda pair: "x = " + pair[0] * pair[1])
huge_numbers = st.sampled_from(["id", "hours"]).flatmap(lambda key: st.sampled_from([
    "1" + "0" * 400, "9" * 300, "9" * 5000, "1e308", "-1e308", "1.7976931348623157e308", "0x" + "f" * 100,
    "1" + "0" * 4300 + ".5"]).map(lambda value: (key, value)))
# Control characters that no field allows (notes allow tabs and line breaks).
control_characters = st.text(st.characters(min_codepoint=0, max_codepoint=0x9f).filter(
    lambda char: not char.isprintable() and char not in "\t\n\r"), min_size=1, max_size=8)
bracket_runs = st.tuples(st.sampled_from(["[", "[a](", "> ", "- ", "    - ", "*a", "`", "![", "<"]),
                         st.sampled_from([1_000, 4_000, 16_000])).map(lambda pair: pair[0] * pair[1])


def refused(programs_text: str) -> None:
    """Loading must refuse the text, in located, printable lines."""
    with pytest.raises(DataError) as refusal:
        loaded(programs_text, reraise=True)
    assert refusal.value.problems and all(line.isprintable() for line in refusal.value.problems)


def loaded(programs_text: str, content: dict[str, str] | None = None, reraise: bool = False) -> None:
    texts = {"intro": "Introduction.", **(content or {})}
    sources = REAL._replace(
        programs=Source("programs.toml", programs_text.encode("utf-8", "surrogatepass")),
        content={name: Source(f"content/{name}.md", text.encode("utf-8", "surrogatepass"))
                 for name, text in texts.items()})
    try:
        load(sources)
    except DataError as error:
        assert error.problems
        assert all(line.isprintable() for line in error.problems)
        if reraise:
            raise


@settings(max_examples=examples(30), deadline=5000)
@given(nesting, st.booleans())
def test_deep_nesting_never_crashes_the_parser(text, broken):
    loaded(text + ("= =" if broken else ""))


@settings(max_examples=examples(30), deadline=5000)
@given(huge_numbers)
def test_huge_numbers_are_refused_cleanly(key_value):
    key, value = key_value
    refused(PROGRAMS.replace("id = 96000" if key == "id" else "hours = 372.0", f"{key} = {value}", 1))


@settings(max_examples=examples(50), deadline=5000)
@given(control_characters, st.sampled_from(["title", "notes", "instrument"]))
def test_control_characters_in_data_are_refused_and_shown_escaped(characters, field):
    text = PROGRAMS.replace('title = "Dark Current & Readnoise"',
                            f"title = \"Dark Current\"\n{field} = {json.dumps(characters)}"
                            if field != "title" else f"title = {json.dumps('Dark' + characters)}", 1)
    refused(text)


@settings(max_examples=examples(30), deadline=8000)
@given(bracket_runs, st.sampled_from(["notes", "about"]))
def test_pathological_markdown_is_converted_in_time_or_refused(markdown, where):
    from sodrm.text import markdown_html, markdown_problem

    if markdown_problem(markdown) is None:
        markdown_html(markdown)
    if where == "notes":
        loaded(PROGRAMS.replace('title = "Dark Current & Readnoise"',
                                f'title = "Dark Current"\nnotes = {json.dumps(markdown)}', 1))
    else:
        loaded(PROGRAMS, {"about": markdown})


# Strings of every TOML kind, holding brackets and the quotes that end or escape them, before an
# array nested to a known depth: the nesting pre-scan must see the array's depth exactly, or a
# deep one could reach the parser, which crashes on thousands of levels. Strings are drawn from
# pieces (escaped quotes, runs of quotes, brackets) and kept when TOML reads them.
_PIECES = st.sampled_from(["[", "]", "{", "}", "a", "#", " ", "\n", '"', '""', '\\"', "\\\\", "'", "''"])
_QUOTES = {"basic": '"', "literal": "'", "multi-line basic": '"""', "multi-line literal": "'''"}


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(_QUOTES)), st.lists(_PIECES, max_size=8).map("".join)), max_size=4),
       st.integers(1, 12))
def test_the_nesting_pre_scan_sees_through_every_kind_of_string(strings, depth):
    from hypothesis import assume

    from sodrm.load import _nesting

    values = [_QUOTES[kind] + body + _QUOTES[kind] for kind, body in strings]
    before = [f"a{n} = {value}" for n, value in enumerate(values)]
    after = [f"b{n} = {value}" for n, value in enumerate(values)]
    document = "\n".join([*before, "deep = " + "[" * depth + "]" * depth, *after])
    try:
        parsed = tomllib.loads(document)
    except tomllib.TOMLDecodeError:
        parsed = {}  # not TOML: the parser refuses it whatever its nesting
    expected = []
    for _ in range(depth - 1):
        expected = [expected]
    # Only documents in which the array is what it looks like, and every other value a string.
    assume(parsed.get("deep") == expected and all(type(v) is str for k, v in parsed.items() if k != "deep"))
    assert _nesting(document)[0] == depth


# Notes as a person could write them: Markdown with blank lines, headings and quotes (read without
# the blank space at either end, which Markdown ignores and XML readers drop).
notes = st.lists(st.sampled_from(["Para one.", "", "# A heading", "> quoted", "* item", 'Say "hi".', "a & b < c",
                                  "Ünïcode ✓", "  indented"]), min_size=1, max_size=6).map("\n".join).filter(
    lambda text: text.strip() and not text.startswith(FORMULA_STARTS))


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs, st.lists(notes, min_size=1, max_size=12))
def test_every_download_reads_back_the_data_with_its_real_reader(programs, texts):
    from xml.etree import ElementTree

    import feedparser
    from astropy.table import Table

    for program, text in zip(programs, texts):
        program["notes"] = text
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "programs.toml"
        data.write_text("\n".join(
            toml([program]) + (f'notes = {json.dumps(program["notes"], ensure_ascii=False)}\n' if "notes" in program else "")
            for program in programs), encoding="utf-8")
        out = Path(folder) / "site"
        build(data, SITE_DATA, out, site_url="https://example.org/s/", cache=Path(folder) / "cache")
        expected = [(p["id"], hours_text(p["hours"]), p["title"], p["instrument"], " ".join(p["topics"]), p.get("notes", "").strip())
                    for p in sorted(programs, key=lambda program: program["id"])]

        def rows(table):
            return [(int(r["id"]), hours_text(float(r["hours"])), str(r["title"]), str(r["instrument"]),
                     str(r["topics"]) if r["topics"] else "", str(r["notes"]) if r["notes"] else "") for r in table]

        assert rows(Table.read(out / urls.ECSV, format="ascii.ecsv")) == expected
        assert rows(Table.read(out / urls.VOTABLE, format="votable")) == expected
        assert rows(csv.DictReader(io.StringIO((out / urls.CSV).read_text(encoding="utf-8"), newline=""))) == expected
        assert rows({**p, "topics": " ".join(p["topics"])} for p in json.loads((out / urls.JSON).read_text())["programs"]) == expected
        assert not feedparser.parse((out / urls.FEED).read_bytes()).bozo
        sitemap = ElementTree.parse(out / urls.SITEMAP).getroot()
        assert {"https://example.org/s/" + urls.public(urls.program(p[0])) for p in expected} <= {
            loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
