"""Rebuild-skipping (sodrm/incremental.py): a rebuild into the old folder makes byte for byte
the site a fresh build makes into a new one, after any edit; and a page's key follows what it
shows, never the order anything was inserted in."""
import re
import tempfile
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from conftest import PROGRAMS, build_project, command, examples, project_copy, run_build, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from sodrm import urls
from sodrm.incremental import Keys, Manifest, FileState
from sodrm.pages import Page
from sodrm.pipeline import build


def keys() -> Keys:
    return Keys("code", {"a.html": "template"}, {"site": "shared"})


def test_a_key_does_not_depend_on_the_order_of_the_context():
    one = Page("a.html", "a.html", {"x": 1, "y": (Decimal("2.5"), "z")})
    other = Page("a.html", "a.html", {"y": (Decimal("2.5"), "z"), "x": 1})
    assert keys().of(one) == keys().of(other)


@pytest.mark.parametrize("changed", [
    Page("a.html", "a.html", {"x": 2}), Page("b.html", "a.html", {"x": 1}), Page("a.html", "b.html", {"x": 1}),
    Page("a.html", "a.html", {"x": "1"}), Page("a.html", "a.html", {"x": 1.0}), Page("a.html", "a.html", {"x": Markup("1")}),
    Page("a.html", "a.html", {"x": 1, "y": None}), Page("a.html", "a.html", {"z": 1}),
])
def test_a_key_changes_with_the_path_the_template_and_every_value(changed):
    assert keys().of(Page("a.html", "a.html", {"x": 1})) != keys().of(changed)


def test_a_key_changes_with_the_code_the_templates_and_the_shared_values():
    page = Page("a.html", "a.html", {"x": 1})
    base = keys().of(page)
    assert Keys("other code", {"a.html": "template"}, {"site": "shared"}).of(page) != base
    assert Keys("code", {"a.html": "changed"}, {"site": "shared"}).of(page) != base
    assert Keys("code", {"a.html": "template"}, {"site": "other"}).of(page) != base


def test_decimals_that_print_differently_have_different_keys():
    assert keys().of(Page("a", "a", {"h": Decimal("1.0")})) != keys().of(Page("a", "a", {"h": Decimal("1")}))


def test_a_value_that_cannot_be_digested_is_refused_rather_than_guessed():
    with pytest.raises(TypeError):
        keys().of(Page("a", "a", {"x": object()}))


def _made_of(text):
    return text.upper()


def test_a_files_key_changes_with_its_path_its_function_and_every_argument():
    base = keys().of_file("a.csv", partial(_made_of, "x", b"1"))
    assert keys().of_file("a.csv", partial(_made_of, "x", b"1")) == base
    changed = [keys().of_file("b.csv", partial(_made_of, "x", b"1")), keys().of_file("a.csv", partial(str, "x", b"1")),
               keys().of_file("a.csv", partial(_made_of, "y", b"1")), keys().of_file("a.csv", partial(_made_of, "x", b"2")),
               keys().of_file("a.csv", partial(_made_of, "x", b"1", z=1)),
               Keys("other code", {"a.html": "template"}, {"site": "shared"}).of_file("a.csv", partial(_made_of, "x", b"1"))]
    assert base not in changed and len(set(changed)) == len(changed)


def test_a_files_key_does_not_follow_the_templates_or_what_every_page_shows():
    make = partial(_made_of, "x")
    assert Keys("code", {"a.html": "other"}, {"site": "other"}).of_file("a.csv", make) == keys().of_file("a.csv", make)


def test_a_file_made_by_a_function_whose_arguments_cannot_be_seen_has_no_key_and_is_made_every_time():
    assert keys().of_file("a.csv", lambda: b"x") == ""


@pytest.fixture
def made(monkeypatch):
    """The CSV downloads and the static files made, as the build calls their makers (the
    writer would leave a file it made with the same bytes as it was: only the calls tell)."""
    import functools

    from sodrm import downloads, render

    calls = {"csv": [], "static": []}
    for module, name, kind in ((downloads, "_csv", "csv"), (render, "_asset", "static")):
        def spy(*args, _made=getattr(module, name), _kind=kind):
            calls[_kind].append(args)
            return _made(*args)
        monkeypatch.setattr(module, name, functools.wraps(getattr(module, name))(spy))
    return calls


def test_an_edit_of_a_program_makes_again_only_the_downloads_that_hold_it(tmp_path, catalog, made):
    folder = project_copy(tmp_path)
    build_project(folder, tmp_path / "site")
    edited = next(program for program in catalog.programs if program.title == "Flat Field Monitor")
    text = (folder / "data/programs.toml").read_text()
    (folder / "data/programs.toml").write_text(text.replace('"Flat Field Monitor"', '"Flat Field Watch"', 1))
    made["csv"].clear()
    build_project(folder, tmp_path / "site")
    # The site's, its instrument's, each of its topics' and modes'.
    assert len(made["csv"]) == 2 + len(edited.topics) + len(edited.modes)
    assert all(edited.id in {program.id for program in args[0].programs} for args in made["csv"])


def test_an_edit_of_a_static_file_makes_again_that_file_and_no_download(tmp_path, made):
    folder = project_copy(tmp_path)
    build_project(folder, tmp_path / "site")
    with (folder / "static/style.css").open("a") as file:
        file.write("\nmain { color: black; }\n")
    made["csv"].clear()
    made["static"].clear()
    build_project(folder, tmp_path / "site")
    assert [args[0] for args in made["static"]] == ["style.css"] and made["csv"] == []
    assert (tmp_path / "site" / urls.static("style.css")).read_bytes().endswith(b"main{color:black}\n")


def test_a_kept_file_must_have_the_same_key_and_be_as_it_was_left(tmp_path):
    (tmp_path / "a.html").write_bytes(b"abc")
    status = (tmp_path / "a.html").stat()
    manifest = Manifest("stamp", {"a.html": FileState("key", status.st_size, status.st_mtime_ns)})
    assert manifest.kept(str(tmp_path), "a.html", "key")
    assert manifest.kept(str(tmp_path), "a.html", "other key") is None
    assert manifest.kept(str(tmp_path), "b.html", "key") is None
    (tmp_path / "a.html").write_bytes(b"abcd")
    assert manifest.kept(str(tmp_path), "a.html", "key") is None


# Edits to every kind of input. Each takes the project copy's folder and a random source.
def edit_title(folder, draw):
    text = (folder / "data/programs.toml").read_text()
    (folder / "data/programs.toml").write_text(text.replace('"Flat Field Monitor"', f'"{draw(NAMES)}"', 1))


def edit_hours(folder, draw):
    text = (folder / "data/programs.toml").read_text()
    (folder / "data/programs.toml").write_text(text.replace("hours = 50.5", f"hours = {draw(HOURS)}", 1))


def add_program(folder, draw):
    with (folder / "data/programs.toml").open("a") as file:
        file.write(f'\n[[programs]]\nid = {draw(st.integers(99000, 99999))}\nhours = {draw(HOURS)}\n'
                   f'title = "{draw(NAMES)}"\ninstrument = "{draw(st.sampled_from(["MIRI", "NIRCam"]))}"\n'
                   f'topics = ["{draw(st.sampled_from(["dark", "flat"]))}"]\n')


def remove_program(folder, draw):
    text = (folder / "data/programs.toml").read_text()
    number = draw(st.sampled_from(["96040", "96440", "96680", "96201"]))
    start = text.find(f"[[programs]]\nid = {number}")
    if start == -1:
        return  # removed by an earlier edit
    end = text.find("[[programs]]", start + 1)
    (folder / "data/programs.toml").write_text(text[:start] + (text[end:] if end != -1 else ""))


def edit_topics(folder, draw):
    text = (folder / "data/programs.toml").read_text()
    topics = draw(st.lists(st.sampled_from(["dark", "flat", "psf", "flux"]), min_size=1, max_size=3, unique=True))
    (folder / "data/programs.toml").write_text(text.replace('topics = ["dark"]', f"topics = {topics!r}".replace("'", '"'), 1))


def edit_notes(folder, draw):
    text = (folder / "data/programs.toml").read_text()
    notes = draw(st.sampled_from(["*Note* one.", "A [link](https://www.stsci.edu/).", "Two:\n\n- a\n- b",
                                     "See [the fields](site:fields)."]))
    text = re.sub(r'\nnotes = """.*?"""', "", text, flags=re.S)  # an earlier edit's
    (folder / "data/programs.toml").write_text(
        text.replace('title = "Darks"', f'title = "Darks"\nnotes = """{notes}"""', 1))


def edit_site(folder, draw):
    text = (folder / "data/site.toml").read_text()
    change = draw(st.sampled_from([('name = "Flat field"', f'name = "{draw(NAMES)}"'),
                                   ('colour = "#0b6bcb"', 'colour = "#0072b2"'),
                                   ('full_name = "Mid-Infrared Instrument"', 'full_name = "MIRI itself"')]))
    (folder / "data/site.toml").write_text(text.replace(*change, 1))


def edit_content(folder, draw):
    name = draw(st.sampled_from(["intro.md", "about.md"]))
    with (folder / "content" / name).open("a") as file:
        file.write(f"\n\n{draw(NAMES)}\n")


def remove_about(folder, draw):
    # As a maintainer must: the intro's link to the about page goes with it (else the build says so).
    (folder / "content/about.md").unlink(missing_ok=True)
    intro = folder / "content/intro.md"
    intro.write_text(re.sub(r"\[([^\]]*)\]\(site:about\)", r"\1", intro.read_text()))


def edit_template(folder, draw):
    name = draw(st.sampled_from(["base.html", "program.html", "macros.html", "robots.txt"]))
    path = folder / "templates" / name
    path.write_text(path.read_text().replace("\n", f"\n<!-- {draw(st.integers(0, 9))} -->\n", 1)
                    if name != "robots.txt" else path.read_text() + "# edited\n")


def edit_static(folder, draw):
    name = draw(st.sampled_from(["style.css", "favicon.svg", "new.txt"]))
    with (folder / "static" / name).open("a") as file:
        file.write("\n/* edited */\n" if name == "style.css" else "\n")


EDITS = [edit_title, edit_hours, add_program, remove_program, edit_topics, edit_notes, edit_site, edit_content,
         remove_about, edit_template, edit_static]
NAMES = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz&<>", min_size=1, max_size=20).map(str.strip).filter(bool)
HOURS = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999.9"), places=1)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_after_any_edits_a_rebuild_equals_a_fresh_build(data):
    with tempfile.TemporaryDirectory() as temporary:
        folder = project_copy(Path(temporary))
        out, cache = folder / "site", folder / "cache"
        build_project(folder, out, cache)
        for edit in data.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3)):
            edit(folder, data.draw)
        build_project(folder, out, cache)
        build_project(folder, folder / "fresh", folder / "fresh-cache")
        assert snapshot(out) == snapshot(folder / "fresh")


def catalog_of(count: int) -> str:
    """The real programs over and over, numbered anew: a catalog large enough for several cores."""
    head, *programs = PROGRAMS.split("[[programs]]\nid = ")
    tables = (programs[n % len(programs)].split("\n", 1)[1] for n in range(count))
    return head + "".join(f"[[programs]]\nid = {10000 + n}\n{table}" for n, table in enumerate(tables))


ON_TWO_CORES = "import sodrm.parallel as parallel; parallel.MIN_PAGES = 1; parallel.MAX_PROCESSES = 2"


@pytest.mark.slow
@settings(max_examples=examples(6), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([edit_title, edit_hours, add_program, remove_program, edit_topics, edit_site,
                                 edit_template]), min_size=1, max_size=2), st.data())
def test_on_several_cores_a_rebuild_equals_a_fresh_build_on_one(edits, data):
    with tempfile.TemporaryDirectory() as temporary:
        folder = project_copy(Path(temporary))
        # Two cores whatever its size (ON_TWO_CORES): each process takes every other page and file.
        (folder / "data/programs.toml").write_text(catalog_of(300), encoding="utf-8")
        arguments = ["--data", folder / "data/programs.toml", "--site-data", folder / "data/site.toml",
                     "--cache", folder / "cache"]
        code = ON_TWO_CORES + f"; import sodrm.paths as p, pathlib; p.TEMPLATES = pathlib.Path({str(folder / 'templates')!r})"
        result = run_build(*arguments, "--out", folder / "site", python_code=code)
        assert result.returncode == 0, result.stderr
        for edit in edits:
            edit(folder, data.draw)
        result = run_build(*arguments, "--out", folder / "site", python_code=code)
        assert result.returncode == 0, result.stderr
        build(folder / "data/programs.toml", folder / "data/site.toml", folder / "fresh", cache=folder / "c1",
              templates=folder / "templates")
        assert snapshot(folder / "site") == snapshot(folder / "fresh")


def test_without_the_rebuild_skipping_module_the_site_is_the_same(tmp_path):
    """incremental.py is a seam: the build without it makes the same bytes, only with more work."""
    without = "import sys; sys.modules['sodrm.incremental'] = None"
    for name, code in {"with": None, "without": without}.items():
        for _ in range(2):  # the second build into the folder is the one that could skip work
            result = run_build("--out", tmp_path / name, "--cache", tmp_path / f"{name}-cache", python_code=code)
            assert result.returncode == 0, result.stderr
    assert "0 written" in result.stdout and not (tmp_path / "without-cache" / "builds").exists()
    assert snapshot(tmp_path / "with") == snapshot(tmp_path / "without")


@pytest.mark.parametrize("plant", ["file", "folder/file", "link"])
def test_a_file_the_build_did_not_make_is_removed_by_a_build_that_finds_no_change(tmp_path, plant):
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert command("--out", out, "--cache", cache).returncode == 0
    made = snapshot(out)
    planted = out / plant
    planted.parent.mkdir(exist_ok=True)
    if plant == "link":
        planted.symlink_to("/etc/passwd")
    else:
        planted.write_text("not the build's")
    result = command("--out", out, "--cache", cache)
    assert result.returncode == 0, result.stderr
    assert not planted.is_symlink() and not planted.exists() and snapshot(out) == made
    assert "1 removed" in result.stdout
