"""What is large is made and read a part at a time, so that a large catalogue builds in bounded
memory: the data file a thousand tables at a time, long pages as they are rendered, downloads
a thousand rows at a time. Each makes the same site as the whole would."""
from pathlib import Path

import pytest

from bench import catalog as generator

from sodrm.paths import PROJECT
from sodrm.pipeline import build


def _loaded(text, tmp_path):
    from sodrm.load import load
    from sodrm.sources import read_sources

    data = tmp_path / "programs.toml"
    data.write_text(text, encoding="utf-8")
    sources = read_sources(data, PROJECT / "data" / "site.toml", PROJECT / "content", PROJECT / "templates",
                           PROJECT / "static")
    return load(sources)


# A large file is parsed a part of load.PART tables at a time; headers that are not where the
# file is cut (inside a multi-line string, spelled with quotes) must not change what it holds.
HIDDEN_HEADERS = {
    "none": "",
    "in a multi-line string": 'notes = """\n[[programs]]\nid = 1\n"""\n',
    "in a multi-line literal string": "notes = '''\n[[programs]]\n'''\n",
    "spelled with quotes": None,
}


@pytest.mark.parametrize("hidden", HIDDEN_HEADERS, ids=list(HIDDEN_HEADERS))
def test_a_large_file_loads_in_parts_as_it_loads_whole(tmp_path, monkeypatch, hidden):
    from sodrm import load as loading

    made = generator.programs(2 * loading.PART + 7)
    text = generator.toml(made)
    tables = text.split("[[programs]]\n")
    if HIDDEN_HEADERS[hidden] is None:
        text = "[[programs]]\n".join(tables[: loading.PART + 1]) + '[["programs"]]\n' + "[[programs]]\n".join(
            tables[loading.PART + 1:])
    else:
        tables[loading.PART] += HIDDEN_HEADERS[hidden]
        text = "[[programs]]\n".join(tables)
    in_parts = _loaded(text, tmp_path)
    monkeypatch.setattr(loading, "PART", len(made) + 1)
    whole = _loaded(text, tmp_path)
    assert in_parts == whole
    assert len(in_parts.catalog.programs) == len(made)
    assert bool(in_parts.lines) == (HIDDEN_HEADERS[hidden] is not None)


def test_a_large_file_with_an_error_in_a_late_part_says_where_as_a_whole_file_would(tmp_path):
    from sodrm import load as loading
    from sodrm.errors import DataError

    text = generator.toml(generator.programs(2 * loading.PART + 7))
    lines = text.splitlines(keepends=True)
    broken = len(lines) - 5
    lines[broken] = "hours = = 1\n"
    with pytest.raises(DataError) as raised:
        _loaded("".join(lines), tmp_path)
    assert f"programs.toml:{broken + 1}:" in str(raised.value)
    assert "not valid TOML" in str(raised.value)


def _files(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_pages_and_downloads_written_in_more_parts_are_the_same_files(tmp_path, monkeypatch):
    from sodrm import downloads, render, write

    data = tmp_path / "programs.toml"
    data.write_text(generator.toml(generator.programs(150)))
    whole = build(data, out=tmp_path / "whole", cache=tmp_path / "whole-cache")
    monkeypatch.setattr(render, "PIECES", 40)  # every page in several parts
    monkeypatch.setattr(downloads, "ROWS", 7)  # every download too
    monkeypatch.setattr(write, "SHORT", 0)  # and every file written as its parts come
    in_parts = build(data, out=tmp_path / "parts", cache=tmp_path / "parts-cache")
    assert in_parts.files == whole.files
    assert _files(tmp_path / "parts") == _files(tmp_path / "whole")


def test_a_page_written_in_parts_with_the_same_bytes_is_the_old_file_kept(tmp_path, monkeypatch):
    import shutil

    from sodrm import render, write

    monkeypatch.setattr(render, "PIECES", 40)
    monkeypatch.setattr(write, "SHORT", 0)
    data = tmp_path / "programs.toml"
    data.write_text(generator.toml(generator.programs(150)))
    build(data, out=tmp_path / "site", cache=tmp_path / "cache")
    before = (tmp_path / "site" / "index.html").stat()
    shutil.rmtree(tmp_path / "cache")  # nothing remembered: every page rendered again
    again = build(data, out=tmp_path / "site", cache=tmp_path / "cache")
    assert again.written == 0
    assert (tmp_path / "site" / "index.html").stat().st_ino == before.st_ino


def test_a_large_file_that_is_not_toml_as_a_whole_is_refused_as_a_whole_file_would_be(tmp_path):
    from sodrm import load as loading
    from sodrm.errors import DataError

    # Each part alone is TOML, and the part before the first table too; together they are not.
    text = "programs = []\n" + generator.toml(generator.programs(2 * loading.PART + 7))
    with pytest.raises(DataError) as raised:
        _loaded(text, tmp_path)
    assert "programs.toml:2:" in str(raised.value) and "not valid TOML" in str(raised.value)


def test_a_large_file_is_read_a_part_of_part_tables_at_a_time(tmp_path):
    import tomllib

    from sodrm import load as loading
    from sodrm.sources import Source

    text = generator.toml(generator.programs(2 * loading.PART + 7))
    problems, header_lines = [], []
    parsed = loading._parse(Source("programs.toml", text.encode()), problems, header_lines)
    assert problems == [] and len(header_lines) == 2 * loading.PART + 7
    assert [len(tables) for tables in parsed["programs"]._each()] == [loading.PART, loading.PART, 7]
    assert list(parsed["programs"]) == tomllib.loads(text)["programs"]


@pytest.mark.parametrize("where", ["before the first table", "in a late part"])
def test_a_large_file_is_read_as_toml_1_0_in_every_part(tmp_path, where):
    """TOML 1.1 (a trailing comma in an inline table) is refused in a large file as in a small one."""
    from sodrm import load as loading
    from sodrm.errors import DataError

    text = generator.toml(generator.programs(2 * loading.PART + 7))
    if where == "before the first table":
        text = "# 1.1\nx = {a = 1,}\n" + text
    else:
        at = text.rindex("[[programs]]")
        text = text[:at] + "x = {a = 1,}\n" + text[at:]
    with pytest.raises(DataError) as raised:
        _loaded(text, tmp_path)
    assert "not valid TOML" in str(raised.value)


def test_a_table_of_another_name_in_a_late_part_is_named_as_in_a_whole_file(tmp_path):
    from sodrm import load as loading
    from sodrm.errors import DataError

    text = generator.toml(generator.programs(2 * loading.PART + 7))
    at = text.rindex("[[programs]]")
    with pytest.raises(DataError) as raised:
        _loaded(text[:at] + "[extra]\na = 1\n" + text[at:], tmp_path)
    assert "programs.toml: the file: unknown key 'extra'" in str(raised.value)


def test_a_programs_header_inside_a_value_counts_as_nesting_and_cuts_nothing():
    from sodrm.load import _nesting

    scanned = _nesting("a = " + "[" * 7 + "\n[[programs]]\n" + "]" * 7 + "\n[[programs]]\nid = 1\n")
    assert scanned.deepest == 9 and scanned.line == 2
    assert len(scanned.headers) == 1


def test_a_long_file_is_on_the_disk_part_by_part_as_its_parts_are_made(tmp_path, monkeypatch):
    from sodrm import write

    monkeypatch.setattr(write, "SHORT", 10)  # bytes: two parts of 8 are more
    output = write.Output(tmp_path / "site")
    written_before = []  # how much of the file was on the disk when each part was asked for

    def parts(target):
        for _ in range(5):
            written_before.append(target.stat().st_size if target.exists() else 0)
            yield b"x" * 8

    with output.locked():
        output.check()
        with output.new_site() as site:
            made = site.put("long.txt", parts(Path(site.root) / "long.txt"))
            site.commit({"long.txt"})
    assert written_before == [0, 0, 16, 24, 32]
    assert made.size == 40 and (tmp_path / "site" / "long.txt").read_bytes() == b"x" * 40
