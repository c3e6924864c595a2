"""Bad input: every mistake is reported with file, program, field, what was found and what was
expected; the build exits 1 without a traceback, and the site built before stays byte for byte."""
import json
import re
import tomllib

import pytest
from conftest import PROGRAMS, SITE_TOML, command, line_of, site_toml_without, snapshot

from sodrm.fields import PROGRAM_FIELDS
from sodrm.load import MAX_HOURS, MAX_NESTING, MAX_TABLES, MAX_TITLE

FIRST = "[[programs]]\nid = 96000\nhours = 372.0\ntitle = \"Dark Current & Readnoise\"\ninstrument = \"NIRCam\"\n"


# The instruments data/site.toml declares, as a message lists them.
DECLARED = ", ".join(repr(i["name"]) for i in sorted(tomllib.loads(SITE_TOML)["instruments"], key=lambda i: i["name"]))


def first_program(replacement: str) -> str:
    """The data file with program 96000's table replaced."""
    assert FIRST in PROGRAMS
    return PROGRAMS.replace(FIRST, replacement, 1)


# name: (the programs file's new text, or bytes; the lines the error output must contain)
CASES = {
    "toml syntax": (PROGRAMS.replace("hours = 50.5", "hours = 50.5.1"),
                    [f"programs.toml:{line_of(PROGRAMS, 'hours = 50.5')}:13: not valid TOML: Expected newline or end of "
                     "document after a statement\n"]),
    # toml-rs reads such a number; a file it refuses for another reason is then read by tomllib,
    # which cannot make an int of more than 4,300 digits.
    "a number of thousands of digits, then bad TOML": (first_program(FIRST.replace("id = 96000", "id = " + "9" * 5000))
                                                       + "x = = 1\n",
                                        ["programs.toml: not valid TOML: a value is far too long or deep; expected "
                                         "numbers of at most 9 digits\n"]),
    "empty file": ("", ["programs.toml: the file is empty"]),
    "no programs": ("# nothing yet\n", ["programs.toml: [[programs]]: none found; expected at least one [[programs]] table"]),
    "not utf-8": (PROGRAMS.encode("utf-8").replace(b"Readnoise", b"Readn\xf6ise"),
                  [f"programs.toml:{line_of(PROGRAMS, 'Readnoise')}: not UTF-8 text (byte 0xf6); save the file as UTF-8"]),
    "missing key": (first_program('[[programs]]\nid = 96000\nhours = 372.0\ninstrument = "NIRCam"\n'),
                    ["programs.toml: program 96000: title: missing; expected non-empty text in quotes"]),
    "misspelt key": (first_program(FIRST.replace("hours =", "hour =")),
                     ["programs.toml: program 96000: unknown key 'hour' (did you mean 'hours'?); expected one of "
                      + ", ".join(repr(name) for name in sorted(field.name for field in PROGRAM_FIELDS)),
                      "programs.toml: program 96000: hours: missing; expected a number of hours greater than 0 and at most 100000, without quotes (e.g. 12.5)"]),
    "unknown key": (first_program(FIRST + 'colour = "red"\n'),
                    [re.compile(r"programs\.toml: program 96000: unknown key 'colour'; expected one of ")]),
    "hours as text": (first_program(FIRST.replace("hours = 372.0", 'hours = "12.3"')),
                      ['programs.toml: program 96000: hours: found "12.3" (text), expected a number of hours greater than 0 and at most 100000, without quotes (e.g. 12.5)']),
    "hours true": (first_program(FIRST.replace("hours = 372.0", "hours = true")),
                   ["programs.toml: program 96000: hours: found true (true/false), expected a number of hours greater than 0"]),
    "hours zero": (first_program(FIRST.replace("hours = 372.0", "hours = 0.0")),
                   ["programs.toml: program 96000: hours: found 0.0, expected a number of hours greater than 0"]),
    "hours negative": (first_program(FIRST.replace("hours = 372.0", "hours = -3.5")),
                       ["programs.toml: program 96000: hours: found -3.5, expected a number of hours greater than 0"]),
    "hours nan": (first_program(FIRST.replace("hours = 372.0", "hours = nan")),
                  ["programs.toml: program 96000: hours: found nan, expected a number of hours greater than 0"]),
    "hours infinite": (first_program(FIRST.replace("hours = 372.0", "hours = inf")),
                       ["programs.toml: program 96000: hours: found inf, expected a number of hours greater than 0"]),
    "id with a fraction": (first_program(FIRST.replace("id = 96000", "id = 96000.5")),
                           ["programs.toml: the 1st [[programs]] table: id: found 96000.5, expected a whole positive number of at most 9 digits, without quotes (e.g. 96000)"]),
    "id as text": (first_program(FIRST.replace("id = 96000", 'id = "96000"')),
                   ['programs.toml: the 1st [[programs]] table: id: found "96000" (text), expected a whole positive number']),
    "id zero": (first_program(FIRST.replace("id = 96000", "id = 0")),
                ["programs.toml: the 1st [[programs]] table: id: found 0, expected a whole positive number"]),
    "a program that is not a table": ("programs = [5]\n", ["programs.toml: the 1st [[programs]] table: found 5, "
                                                           "expected a table\n"]),
    "instrument as a number": (first_program(FIRST.replace('instrument = "NIRCam"', "instrument = 5")),
                               ["programs.toml: program 96000: instrument: found 5, expected a name in quotes\n"]),
    "id true": (first_program(FIRST.replace("id = 96000", "id = true")),
                ["programs.toml: the 1st [[programs]] table: id: found true (true/false), expected a whole positive number"]),
    "duplicate id": (PROGRAMS.replace("id = 96010", "id = 96000"),
                     ["programs.toml: program 96000 (the 2nd [[programs]] table): id: 96000 is already used by program 96000 (the 1st [[programs]] table); expected each program id once"]),
    "empty title": (first_program(FIRST.replace('"Dark Current & Readnoise"', '"  "')),
                    ["programs.toml: program 96000: title: found empty text, expected non-empty text in quotes"]),
    "near-miss instrument": (first_program(FIRST.replace('"NIRCam"', '"Nircam"')),
                             ["programs.toml: program 96000: instrument: found \"Nircam\" (did you mean 'NIRCam'?), expected one of " + DECLARED]),
    "an unknown key of the file, and an unknown instrument": (
        "extra = 1\n" + first_program(FIRST.replace('"NIRCam"', '"WFC3"')),
        ["programs.toml: the file: unknown key 'extra'; expected one of 'programs'\n",
         "programs.toml: program 96000: instrument: found \"WFC3\", expected one of " + DECLARED]),
    "unknown instrument": (first_program(FIRST.replace('"NIRCam"', '"WFC3"')),
                           ["programs.toml: program 96000: instrument: found \"WFC3\", expected one of " + DECLARED]),
    "a long unknown instrument": (first_program(FIRST.replace('"NIRCam"', '"' + "W" * 61 + '"')),
                                  ['instrument: found "' + "W" * 57 + '...", expected one of ' + DECLARED]),
    "an unknown instrument of 60 characters": (first_program(FIRST.replace('"NIRCam"', '"' + "W" * 60 + '"')),
                                               ['instrument: found "' + "W" * 60 + '", expected one of ' + DECLARED]),
    "a long unknown key": (first_program(FIRST + "hours" * 21 + " = 1\n"),
                           ["program 96000: unknown key '" + "hours" * 21 + "'; expected one of "]),
    "topics empty": (PROGRAMS.replace('topics = ["dark"]', "topics = []", 1),
                     ['programs.toml: program 96000: topics: found an empty list, expected a list of one to 20 slugs']),
    "topics not text": (PROGRAMS.replace('topics = ["dark"]', "topics = [1]", 1),
                        ['programs.toml: program 96000: topics: found a list (1 items), expected a list of one to 20 slugs']),
    "topics too many": (PROGRAMS.replace('topics = ["dark"]', "topics = [" + '"dark", ' * 21 + "]", 1),
                        ['programs.toml: program 96000: topics: found a list (21 items), expected a list of one to 20 slugs']),
    "topics as text": (PROGRAMS.replace('topics = ["dark"]', 'topics = "dark"', 1),
                       ['programs.toml: program 96000: topics: found "dark" (text), expected a list of one to 20 slugs']),
    "twenty topics, the same": (PROGRAMS.replace('topics = ["dark"]', "topics = [" + '"dark", ' * 20 + "]", 1),
                                ['programs.toml: program 96000: topics: "dark" is listed twice; expected each once']),
    "unknown mode": (PROGRAMS.replace('modes = ["lrs"]', 'modes = ["lrss"]', 1),
                     ["programs.toml: program 96", ": modes: found \"lrss\" (did you mean 'lrs'?), expected slugs from "
                      + ", ".join(repr(m["slug"]) for m in sorted(tomllib.loads(SITE_TOML)["modes"], key=lambda m: m["slug"])) + "\n"]),
    "programs as a number": ("programs = 5\n", ["programs.toml: programs: found 5, expected one or more [[programs]] tables\n"]),
    "programs as an empty list": ("programs = []\n", ["programs.toml: programs: found an empty list, expected one or more "
                                                       "[[programs]] tables\n"]),
    "unknown topic": (PROGRAMS.replace('topics = ["dark"]', 'topics = ["darks"]', 1),
                      ["programs.toml: program 96000: topics: found \"darks\" (did you mean 'dark'?), expected slugs from "
                       + ", ".join(repr(t["slug"]) for t in sorted(tomllib.loads(SITE_TOML)["topics"], key=lambda t: t["slug"])) + "\n"]),
    "a link in notes to no page": (first_program(FIRST + 'notes = "See [the data](site:data)."\n'),
                                   ["programs.toml: program 96000: notes: a link to site:data, which names no page of "
                                    "this site; expected site: followed by one of 'about', "]),
    # Brackets after a string whose quotes a simple scan misreads: 7,000 arrays deep would crash
    # the TOML parser (a segfault, exit 139, no message).
    "nesting after an escaped quote": (PROGRAMS + 'a = """a\\"""b"""\nb = ' + "[" * 7000 + "]" * 7000 + '\nc = """x"""\n',
                                      [re.compile(r"programs\.toml:\d+: arrays or tables nested 7000 deep; expected at most 8")]),
    "nesting after a long literal": (PROGRAMS + "a = '''a''''\nb = " + "[" * 7000 + "]" * 7000 + "\nc = '''x'''\n",
                                    [re.compile(r"programs\.toml:\d+: arrays or tables nested 7000 deep; expected at most 8")]),
    "a formula as a title": (first_program(FIRST.replace('"Dark Current & Readnoise"', '"=1+1"')),
                             ['programs.toml: program 96000: title: found "=1+1" (text), expected text that does not '
                              "start with '=', which spreadsheets read as a formula (begin with a word: a list in notes "
                              "can follow a first sentence)\n"]),
    "a formula as notes": (first_program(FIRST + 'notes = "@SUM(1+1)"\n'),
                           ["programs.toml: program 96000: notes: found \"@SUM(1+1)\" (text), expected text that does not start with '@'"]),
    "a space at the end of a title": (first_program(FIRST.replace('"Dark Current & Readnoise"', '"Dark Current "')),
                                      ['programs.toml: program 96000: title: found "Dark Current " (text), expected '
                                       "text without spaces at either end"]),
    "a noncharacter": (first_program(FIRST.replace("Readnoise", "Read\ufffenoise")),
                       ["programs.toml: program 96000: title: found", "a noncharacter (U+FFFE) at character 20"]),
    "list markers on one line": (first_program(FIRST + 'notes = "Note:\\n' + "- " * 1000 + 'x"\n'),
                                 ["programs.toml: program 96000: notes: found",
                                  re.compile(r"expected Markdown without quotes or lists nested more than 8 levels deep$", re.M)]),
    "notes as a number": (first_program(FIRST + "notes = 5\n"),
                          ["programs.toml: program 96000: notes: found 5, expected text in quotes\n"]),
    "every problem at once": (PROGRAMS.replace("hours = 372.0", "hours = -1").replace('instrument = "MIRI"', 'instrument = "Miri"'),
                              ["program 96000: hours: found -1", "program 96610: instrument:", "program 96680: instrument:",
                               "Cannot build: 9 problems in the data; nothing was written."]),
}


@pytest.fixture(scope="module")
def built_before(tmp_path_factory):
    """A site built from good data, which no failed build may touch."""
    out = tmp_path_factory.mktemp("before") / "site"
    assert command("--out", out).returncode == 0
    return out


@pytest.mark.parametrize("case", CASES)
def test_bad_data_is_reported_clearly_and_leaves_the_site_as_it_was(tmp_path, built_before, case):
    content, expected_lines = CASES[case]
    data = tmp_path / "programs.toml"
    data.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = snapshot(built_before, times=True)
    result = command("--data", data, "--out", built_before, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Cannot build: ")
    for expected in expected_lines:
        if isinstance(expected, str):
            assert expected in result.stderr
        else:
            assert expected.search(result.stderr), result.stderr
    assert snapshot(built_before, times=True) == before


def test_a_missing_data_file_is_named(tmp_path):
    result = command("--data", tmp_path / "nowhere.toml", "--out", tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "nowhere.toml: file not found" in result.stderr
    assert not (tmp_path / "site").exists()


SITE = tomllib.loads(SITE_TOML)
# What names each table of a group once: a second table may not use it.
UNIQUE = {"instruments": ("name", "slug"), "topics": ("slug", "name"), "modes": ("slug", "name"), "quotes": ("text",)}


def another(group: str, n: int, **values) -> str:
    """A [[group]] table as TOML: the first one's fields, each that names it made its own by `n`,
    and `values` over them."""
    first = {key: value for key, value in SITE[group][0].items() if key != "former_slugs"}
    table = first | {key: f"{first[key]}-{n}" for key in UNIQUE[group]} | values
    return f"\n[[{group}]]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in table.items())


# What each table of a group adds to the site, as the message for too many says.
ADDS = {"instruments": "every instrument has a page, a filter option and a column of the topic matrix",
        "topics": "every topic has a page, a filter option and a row of the topic matrix",
        "modes": "every mode has a page and a filter option", "quotes": "the about page shows every quote"}


@pytest.mark.parametrize("group", UNIQUE)
@pytest.mark.parametrize("over", [0, 1], ids=["at the bound", "one past it"])
def test_a_group_of_at_most_its_bound_of_tables_builds_and_one_more_is_one_message(tmp_path, group, over):
    bound = MAX_TABLES[group.removesuffix("s")]
    count = bound + over
    result = built_with_site(tmp_path, SITE_TOML + "".join(another(group, n) for n in range(count - len(SITE[group]))))
    if over:
        assert result.returncode == 1
        assert result.stderr.startswith("Cannot build: 1 problem in the data; nothing was written.\n")
        assert result.stderr.endswith(f"site.toml: [[{group}]]: {count} tables; expected at most {bound} "
                                      f"({ADDS[group]}: the site stays readable)\n")
        assert not (tmp_path / "site").exists()
    else:
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("group, key", [(group, key) for group, keys in UNIQUE.items() for key in keys])
def test_a_name_or_slug_used_by_two_tables_of_a_group_is_refused(tmp_path, group, key):
    first = SITE[group][0]
    result = built_with_site(tmp_path, SITE_TOML + another(group, 2, **{key: first[key]}))
    kind, named_by = group.removesuffix("s"), UNIQUE[group][0]
    second = first[named_by] if key == named_by else f"{first[named_by]}-2"
    assert result.returncode == 1
    assert (f"site.toml: {kind} {second!r}: {key}: {first[key]!r} is already used by {kind} {first[named_by]!r}; "
            f"expected each {kind} {key} once\n") in result.stderr


@pytest.mark.parametrize("length", [40, 41])
def test_an_instrument_name_is_text_of_at_most_40_characters(tmp_path, length):
    result = built_with_site(tmp_path, SITE_TOML + another("instruments", 2, name="N" * length))
    assert result.returncode == (0 if length <= 40 else 1)
    assert ("[[instruments]] table: name: found" in result.stderr
            and "expected text of at most 40 characters" in result.stderr) == (length > 40)


def built_with_site(tmp_path, site_toml):
    """The command run with `site_toml` as data/site.toml: whatever it says, never a traceback."""
    assert site_toml != SITE_TOML  # the edit found what it changes
    site = tmp_path / "site.toml"
    site.write_text(site_toml, encoding="utf-8")
    result = command("--site-data", site, "--out", tmp_path / "site")
    assert "Traceback" not in result.stderr
    return result


def test_problems_in_the_site_facts_name_that_file_once(tmp_path):
    result = built_with_site(tmp_path, SITE_TOML.replace('slug = "miri"', 'slug = "MIRI!"'))
    assert result.returncode == 1
    # once: not again for each program of the instrument the table declares
    assert result.stderr.startswith("Cannot build: 1 problem in the data;")
    assert ("site.toml: the 4th [[instruments]] table: slug: found \"MIRI!\" (text), expected a slug of at most 40 "
            "lowercase letters, digits and hyphens") in result.stderr


def test_a_site_file_that_is_not_toml_is_named_with_the_line(tmp_path):
    result = built_with_site(tmp_path, SITE_TOML + "title =\n")
    assert result.returncode == 1
    assert re.search(rf"site\.toml:{SITE_TOML.count(chr(10)) + 1}:\d+: not valid TOML: ", result.stderr), result.stderr


def test_an_unknown_key_of_the_site_file_lists_its_tables(tmp_path):
    result = built_with_site(tmp_path, "colours = 1\n" + SITE_TOML)
    assert result.returncode == 1
    assert ("site.toml: the file: unknown key 'colours'; expected one of "
            + ", ".join(repr(key) for key in sorted(SITE)) + "\n") in result.stderr


def test_former_slugs_that_are_not_a_list_of_slugs_are_refused_with_the_form_expected(tmp_path):
    result = built_with_site(tmp_path, SITE_TOML.replace('slug = "flat"\n', 'slug = "flat"\nformer_slugs = ["Flat Field"]\n', 1))
    assert result.returncode == 1
    assert ('[[topics]] table: former_slugs: found a list (1 items), expected a list of the slugs its page had '
            'before, e.g. ["old-name"]') in result.stderr


def test_an_instrument_colour_that_is_not_a_hexadecimal_colour_is_refused_with_the_form_expected(tmp_path):
    result = built_with_site(tmp_path, SITE_TOML.replace('colour = "', 'colour = "red', 1))
    assert result.returncode == 1
    assert ('[[instruments]] table: colour: found "red#' in result.stderr and 'expected a colour as "#" and six '
            'lowercase hexadecimal digits in quotes (e.g. "#0072b2")') in result.stderr


@pytest.mark.parametrize("slug, refused", [("5", True), ('"' + "a" * 41 + '"', True), ('"' + "a" * 40 + '"', False)],
                         ids=["a number", "41 letters", "40 letters"])
def test_a_slug_is_text_of_at_most_40_characters(tmp_path, slug, refused):
    result = built_with_site(tmp_path, SITE_TOML.replace('slug = "miri"', f"slug = {slug}"))
    assert result.returncode == (1 if refused else 0)
    assert ("[[instruments]] table: slug: found" in result.stderr) == refused
    assert ("expected a slug of at most 40 lowercase letters" in result.stderr) == refused


@pytest.mark.parametrize("url, refused", [("5", True), ('"ftp://example.org/"', True),
                                         ('"https://example.org/' + "a" * 481 + '"', True),
                                         ('"https://example.org/' + "a" * 480 + '"', False)],
                         ids=["a number", "not http", "501 characters", "500 characters"])
def test_a_source_address_is_an_http_address_of_at_most_500_characters(tmp_path, url, refused):
    source = tomllib.loads(SITE_TOML)["site"]["source_url"]
    result = built_with_site(tmp_path, SITE_TOML.replace(f'source_url = "{source}"', f"source_url = {url}", 1))
    assert result.returncode == (1 if refused else 0)
    assert ('[site]: source_url: found' in result.stderr and 'expected an http(s) address in quotes (e.g. '
            '"https://www.stsci.edu/")' in result.stderr) == refused


def test_a_site_file_without_its_site_table_says_what_the_table_holds(tmp_path):
    result = built_with_site(tmp_path, site_toml_without("[site]"))
    assert result.returncode == 1
    fields = ", ".join(repr(name) for name in sorted(tomllib.loads(SITE_TOML)["site"]))
    assert f"site.toml: [site]: missing; expected a [site] table with {fields}\n" in result.stderr


@pytest.mark.parametrize("words", ['"wavecal"', '[]', '["wavecal", 3]'])
def test_search_words_that_are_not_a_list_of_words_are_refused_with_the_form_expected(tmp_path, words):
    result = built_with_site(tmp_path, SITE_TOML.replace('search_words = ["wavecal", "dispersion solution"]',
                                                         f"search_words = {words}"))
    assert result.returncode == 1
    assert "[[topics]] table: search_words: found" in result.stderr
    assert 'expected a list of words or phrases readers search for it by' in result.stderr


@pytest.mark.parametrize("count", [20, 21])
def test_a_list_of_search_words_holds_at_most_20(tmp_path, count):
    words = json.dumps([f"word {n}" for n in range(count)])
    result = built_with_site(tmp_path, SITE_TOML.replace('search_words = ["wavecal", "dispersion solution"]',
                                                         f"search_words = {words}"))
    assert result.returncode == (1 if count > 20 else 0)
    assert ("[[topics]] table: search_words: found a list (21 items), expected a list of words or phrases"
            in result.stderr) == (count > 20)


@pytest.mark.parametrize("lead, expected", [
    ("", None), ("a" * MAX_TITLE, None), ("a" * (MAX_TITLE + 1), f"text in quotes, at most {MAX_TITLE} characters"),
    (5, f"text in quotes, at most {MAX_TITLE} characters"), (" It is", "text without spaces at either end")],
    ids=["empty", "at its bound", "one past it", "a number", "a space first"])
def test_a_quotes_lead_is_empty_or_text_of_at_most_its_bound(tmp_path, lead, expected):
    first = SITE["quotes"][0]["lead"]
    result = built_with_site(tmp_path, SITE_TOML.replace(f"lead = {json.dumps(first)}", f"lead = {json.dumps(lead)}", 1))
    assert result.returncode == (0 if expected is None else 1), result.stderr
    if expected:
        assert re.search(rf"the 1st \[\[quotes\]\] table: lead: found .+, expected {re.escape(expected)}\n", result.stderr)


def test_a_bad_site_url_is_refused_with_the_form_expected(tmp_path):
    result = command("--site-url", "example.org", "--out", tmp_path / "site")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "expected an absolute http(s) address without spaces, such as https://USER.github.io/REPO/" in result.stderr


def test_notes_are_read_with_lf_line_ends_and_without_blank_space_at_either_end(tmp_path):
    from sodrm.load import past_version

    text = first_program(FIRST + 'notes = "\\r\\n  One.\\r\\n\\r\\nTwo.\\rThree.  \\n"\n')
    assert past_version(text.encode())[96000]["notes"] == "One.\n\nTwo.\nThree."


@pytest.mark.parametrize("value, shown", [
    (True, "true (true/false)"), (False, "false (true/false)"), ("Darks", '"Darks" (text)'), (" ", "empty text"),
    (float("nan"), "nan"), (float("-inf"), "-inf"), (10**15 - 1, "999999999999999"),
    (-(10**15), "a number of more than 15 digits"), (12.5, "12.5"), ([], "an empty list"),
    (["dark", "flat"], "a list (2 items)"), ({"a": 1}, "a table"), (__import__("datetime").date(2012, 1, 1), "date"),
])
def test_a_message_says_in_words_what_was_found(value, shown):
    from sodrm.load import _found

    assert _found(value) == shown


def test_notes_of_at_most_their_bound_are_read_and_longer_ones_refused():
    from sodrm.errors import DataError
    from sodrm.load import MAX_NOTES, past_version

    def with_notes(length):  # paragraphs of 98 letters, each line end written as \n
        paragraphs = "a" * (length % 100) + ("a" * 98 + "\\n\\n") * (length // 100)
        return past_version(first_program(FIRST + f'notes = "{paragraphs}"\n').encode())

    assert with_notes(MAX_NOTES)[96000]["notes"].count("a") == 98 * MAX_NOTES // 100
    with pytest.raises(DataError) as raised:
        with_notes(MAX_NOTES + 1)
    assert f"expected Markdown of at most {MAX_NOTES:,} characters" in str(raised.value)


def test_a_title_of_at_most_its_bound_is_read_and_a_longer_one_refused():
    from sodrm.errors import DataError
    from sodrm.load import MAX_TITLE, past_version

    def with_title(length):
        return past_version(first_program(FIRST.replace('"Dark Current & Readnoise"', f'"{"a" * length}"')).encode())

    assert with_title(MAX_TITLE)[96000]["title"] == "a" * MAX_TITLE
    with pytest.raises(DataError) as raised:
        with_title(MAX_TITLE + 1)
    assert f"title: found \"{'a' * 57}...\" (text), expected text of at most {MAX_TITLE:,} characters" in str(raised.value)


def test_a_program_number_of_at_most_its_bound_is_read():
    from sodrm.load import MAX_ID, past_version

    assert MAX_ID in past_version(first_program(FIRST.replace("id = 96000", f"id = {MAX_ID}")).encode())


@pytest.mark.parametrize("hours, shown", [("372", "372"), ("372.0", "372.0"), ("1e-05", "0.00001"),
                                          (str(MAX_HOURS), str(MAX_HOURS))])
def test_hours_are_read_as_written_with_any_exponent_spelt_out(hours, shown):
    from sodrm.load import past_version

    assert past_version(first_program(FIRST.replace("hours = 372.0", f"hours = {hours}")).encode())[96000]["hours"] == shown


def test_notes_of_at_most_their_bound_in_all_are_read_and_more_refused():
    from sodrm.errors import DataError
    from sodrm.load import MAX_ALL_NOTES, MAX_NOTES, past_version

    def notes(length):  # paragraphs of 98 letters, the last one of up to 199
        return "a" * length if length < 200 else ("a" * 98 + "\n\n") * (length // 100 - 1) + "a" * (100 + length % 100)

    def with_notes(length):  # as many programs as it takes, each with notes of at most MAX_NOTES
        lengths = [MAX_NOTES] * (length // MAX_NOTES) + [length % MAX_NOTES] * (length % MAX_NOTES > 0)
        return past_version("".join(f'[[programs]]\nid = {n}\nhours = 1.0\ntitle = "T"\ninstrument = "NIRCam"\n'
                                    f"notes = {json.dumps(notes(each))}\n" for n, each in enumerate(lengths, 1)).encode())

    assert sum(len(texts["notes"]) for texts in with_notes(MAX_ALL_NOTES).values()) == MAX_ALL_NOTES
    with pytest.raises(DataError) as raised:
        with_notes(MAX_ALL_NOTES + 1)
    assert f"notes: {MAX_ALL_NOTES + 1:,} characters of notes in all; expected at most {MAX_ALL_NOTES:,}" in str(raised.value)


# A character of each kind no output can carry: control (C0, DEL, C1), format, surrogate, line and
# paragraph separator; then noncharacters at the ends of their ranges.
UNWRITABLE = {"\x1b": "\\x1b", "\x7f": "\\x7f", "\x85": "\\x85", "\u202e": "\\u202e", "\ud800": "\\ud800",
              "\u2028": "\\u2028", "\u2029": "\\u2029"}
NONCHARACTERS = ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("char", UNWRITABLE, ids=lambda char: f"U+{ord(char):04X}")
def test_a_control_or_format_character_is_named_escaped_with_its_place(char):
    from sodrm.load import _control_characters

    assert _control_characters(f"ab{char}c") == (f"a control character ({UNWRITABLE[char]}) at character 3; "
                                                 "expected plain text (remove it)")
    assert _control_characters(f"ab{char}c", allowed=char) is None


@pytest.mark.parametrize("char", NONCHARACTERS, ids=lambda char: f"U+{ord(char):04X}")
def test_a_noncharacter_is_named_with_its_place(char):
    from sodrm.load import _control_characters

    assert _control_characters(f"ab{char}c") == (f"a noncharacter (U+{ord(char):04X}) at character 3; "
                                                 "expected plain text (remove it)")


@pytest.mark.parametrize("char", ["\ufdcf", "\ufdf0", "\ufffd", "\U0001fffd"], ids=lambda char: f"U+{ord(char):04X}")
def test_the_characters_beside_the_noncharacters_are_not_refused(char):
    from sodrm.load import _control_characters

    # after a tab, which is allowed, so that the text is not printable and every character is looked at
    assert _control_characters(f"\t{char}", allowed="\t") is None


@pytest.mark.parametrize("start", ["", "\n"], ids=["as it is", "after a blank first line"])
@pytest.mark.parametrize("depth", [MAX_NESTING, MAX_NESTING + 1])
def test_values_nested_at_most_their_bound_are_parsed_and_deeper_ones_refused_at_the_first_place(depth, start):
    from sodrm.errors import DataError
    from sodrm.load import past_version

    deep = "[" * depth + "]" * depth
    text = start + PROGRAMS + f"a = {deep}\nb = {deep}\n"
    with pytest.raises(DataError) as raised:
        past_version(text.encode())
    nested = f"this version:{line_of(text, 'a = ')}: arrays or tables nested {depth} deep; expected at most {MAX_NESTING}"
    assert (str(raised.value) == nested) == (depth > MAX_NESTING)
    assert ("unknown key 'a'" in str(raised.value)) == (depth <= MAX_NESTING)


def test_inline_tables_one_after_another_are_not_nested():
    from sodrm.errors import DataError
    from sodrm.load import past_version

    with pytest.raises(DataError) as raised:
        past_version((PROGRAMS + "a = [" + "{ x = 1 }, " * (MAX_NESTING + 1) + "]\n").encode())
    assert "unknown key 'a'" in str(raised.value) and "nested" not in str(raised.value)


def test_a_programs_header_inside_a_value_counts_as_two_brackets_more():
    from sodrm.errors import DataError
    from sodrm.load import past_version

    deepest, inner = MAX_NESTING + 1, MAX_NESTING - 1  # the header inside reaches as deep, but later
    text = (PROGRAMS + "a = " + "[" * deepest + "]" * deepest + "\nb = " + "[" * inner + "\n[[programs]]\n"
            + "]" * inner + "\n")
    with pytest.raises(DataError) as raised:
        past_version(text.encode())
    assert str(raised.value) == (f"this version:{line_of(text, 'a = ')}: arrays or tables nested {deepest} deep; "
                                 f"expected at most {MAX_NESTING}")
