"""`python build.py`: one summary line, exit codes, and an output folder it keeps exact. Every
expectation comes from the folders built, never from counts typed in here."""
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROGRAMS, build_project, command, html_pages, project_copy, site_pages, snapshot

from sodrm import urls
from sodrm.errors import RenderError
from sodrm.paths import PROJECT
from sodrm.write import MARKER

SUMMARY = re.compile(r"Built (\d+) pages and (\d+) other files into (.+) in \d+\.\d\d s: "
                     r"(\d+) written, (\d+) unchanged, (\d+) removed\n")


def summary(result) -> tuple[int, int, int, int, int]:
    """pages, other files, written, unchanged, removed, from the one line a build prints."""
    assert result.returncode == 0, result.stderr
    match = SUMMARY.fullmatch(result.stdout)
    assert match, result.stdout
    pages, others, _, written, unchanged, removed = match.groups()
    return int(pages), int(others), int(written), int(unchanged), int(removed)


def differing(one, other) -> set[str]:
    """The files that differ between two folders' snapshots, or are in one only."""
    return {path for path in one.keys() | other.keys() if one.get(path) != other.get(path)}


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "programs.toml"
    path.write_text(PROGRAMS, encoding="utf-8")
    return path


def test_the_build_prints_one_summary_line_of_what_it_made(tmp_path):
    out = tmp_path / "site"
    result = command("--out", out)
    pages, others, written, unchanged, removed = summary(result)
    files = snapshot(out)
    assert result.stderr == ""
    assert pages == html_pages(out)
    assert pages + others == written == len(files) - 1  # all but the marker
    assert (unchanged, removed) == (0, 0)


def test_a_second_build_of_the_same_data_writes_nothing_and_keeps_modification_times(tmp_path):
    out = tmp_path / "site"
    first = summary(command("--out", out))
    before = snapshot(out, times=True)
    pages, others, written, unchanged, removed = summary(command("--out", out))
    assert (written, unchanged, removed) == (0, first[2], 0)
    assert snapshot(out, times=True) == before


def test_a_changed_title_rewrites_exactly_the_files_that_show_it(tmp_path, data_file):
    out = tmp_path / "site"
    command("--data", data_file, "--out", out)
    before = snapshot(out, times=True)
    data_file.write_text(PROGRAMS.replace('"Coronagraphic Mode"', '"Coronagraphic Modes"'), encoding="utf-8")
    _, _, written, unchanged, _ = summary(command("--data", data_file, "--out", out))
    fresh = tmp_path / "fresh"
    command("--data", data_file, "--out", fresh)
    after = snapshot(out, times=True)
    changed = differing({path: data for path, (data, _) in before.items()}, snapshot(fresh))
    assert urls.program(96080) in changed and urls.INDEX in changed
    assert written == len(changed)
    # Every other file is the very same file: same bytes and modification time.
    assert {path for path in after if after[path] != before.get(path)} == changed
    assert snapshot(out) == snapshot(fresh)


def test_the_files_of_a_removed_program_disappear_on_the_next_build(tmp_path, data_file):
    out = tmp_path / "site"
    command("--data", data_file, "--out", out)
    start = PROGRAMS.index("[[programs]]\nid = 96680")
    data_file.write_text(PROGRAMS[:start], encoding="utf-8")
    _, _, _, _, removed = summary(command("--data", data_file, "--out", out))
    assert removed == 1 + len(urls.former_programs(96680))  # its page, and any page at an old address of it
    assert not (out / urls.program(96680)).exists()
    assert (out / urls.program(96670)).exists()


def test_bad_data_exits_1_with_a_clear_message_no_traceback_and_no_folder(tmp_path, data_file):
    data_file.write_text(PROGRAMS.replace("hours = 372.0", 'hours = "372.0"'), encoding="utf-8")
    result = command("--data", data_file, "--out", tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert 'programs.toml: program 96000: hours: found "372.0" (text), expected a number of hours' in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path, data_file):
    out = tmp_path / "site"
    command("--data", data_file, "--out", out)
    before = snapshot(out, times=True)
    data_file.write_text(PROGRAMS.replace('instrument = "MIRI"', 'instrument = "Miri"'), encoding="utf-8")
    result = command("--data", data_file, "--out", out)
    assert result.returncode == 1
    assert "did you mean 'MIRI'?" in result.stderr
    assert snapshot(out, times=True) == before


def test_the_build_refuses_to_write_into_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = command("--out", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "did not make" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(tmp_path) == {"notes.txt": b"mine"}


def test_the_build_refuses_to_write_into_the_project_folder():
    result = command("--out", PROJECT)
    assert result.returncode == 1
    assert "did not make" in result.stderr and "Traceback" not in result.stderr


def test_a_file_changed_by_hand_in_the_output_is_made_again(tmp_path):
    out = tmp_path / "site"
    command("--out", out)
    page = out / urls.program(96000)
    original = page.read_bytes()
    page.write_bytes(original.replace(b"372.0", b"999.9"))
    _, _, written, _, _ = summary(command("--out", out))
    assert written == 1
    assert page.read_bytes() == original


def test_without_its_cache_the_build_still_makes_the_folder_exact(tmp_path, data_file):
    out, cache = tmp_path / "site", tmp_path / "cache"
    command("--data", data_file, "--out", out, "--cache", cache)
    shutil.rmtree(cache)
    start = PROGRAMS.index("[[programs]]\nid = 96680")
    data_file.write_text(PROGRAMS[:start], encoding="utf-8")
    _, _, _, _, removed = summary(command("--data", data_file, "--out", out, "--cache", cache))
    assert removed == 1 + len(urls.former_programs(96680))
    fresh = tmp_path / "fresh"
    command("--data", data_file, "--out", fresh, "--cache", tmp_path / "other-cache")
    assert snapshot(out) == snapshot(fresh)


@pytest.mark.parametrize("damaged", [
    '{"stamp": "x", "files": {"index.html": ', '{"stamp": "x", "files": {"index.html": 3}}',
    '{"stamp": "x", "files": {"index.html": [1, 2]}}', '[]', '{"stamp": "x", "files": []}',
    '{"stamp": "x", "files": {"index.html": [1, "2", null]}}', '\x00\xff',
])
def test_a_damaged_manifest_is_discarded_with_a_note_and_changes_no_file(tmp_path, damaged):
    out, cache = tmp_path / "site", tmp_path / "cache"
    command("--out", out, "--cache", cache)
    before = snapshot(out, times=True)
    [manifest] = (cache / "builds").glob("*.json")
    manifest.write_text(damaged, encoding="utf-8", errors="surrogateescape")
    result = command("--out", out, "--cache", cache)
    _, _, written, _, _ = summary(result)
    assert written == 0
    assert "a damaged cache file; discarded" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out, times=True) == before


def test_an_edited_manifest_cannot_make_the_build_delete_outside_its_folder(tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    command("--out", out, "--cache", cache)
    outside = tmp_path / "keep.txt"
    outside.write_text("not the build's")
    [manifest] = (cache / "builds").glob("*.json")
    saved = json.loads(manifest.read_text())
    for path in ("../keep.txt", str(outside), "programs/../../keep.txt", "", "."):
        saved["files"][path] = ["key", 1, 1]
    saved["stamp"] = "changed"
    manifest.write_text(json.dumps(saved))
    result = command("--out", out, "--cache", cache)
    assert result.returncode == 0, result.stderr
    assert outside.read_text() == "not the build's"
    assert out.is_dir()


def test_a_changed_template_renders_every_page_again(tmp_path):
    project, out = project_copy(tmp_path), tmp_path / "site"
    build_project(project, out)
    base = project / "templates" / "base.html"
    base.write_text(base.read_text().replace('<main id="main">', '<main id="main" class="changed">'))
    assert build_project(project, out).written == len(site_pages(out))  # every page made from base.html
    assert 'class="changed"' in (out / urls.program(96000)).read_text()


def a_template_error(project: Path) -> None:
    program = project / "templates" / "program.html"
    program.write_text(program.read_text().replace("{{ program.title }}</h1>", "{{ program.subtitle }}</h1>"))


def test_a_template_error_is_located_and_leaves_the_site(tmp_path):
    project, out = project_copy(tmp_path), tmp_path / "site"
    build_project(project, out)
    before = snapshot(out, times=True)
    a_template_error(project)
    with pytest.raises(RenderError, match=f"templates/program.html: cannot render {urls.program(96000)}.*subtitle"):
        build_project(project, out)
    assert snapshot(out, times=True) == before
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".site")) == [".site.lock"]


def test_a_template_error_in_a_first_build_leaves_no_output_folder(tmp_path):
    project = project_copy(tmp_path)
    a_template_error(project)
    with pytest.raises(RenderError):
        build_project(project, tmp_path / "site")
    assert not (tmp_path / "site").exists() and not (tmp_path / ".site.next").exists()


def test_what_a_killed_build_left_beside_the_folder_is_removed_by_the_next(tmp_path):
    out = tmp_path / "site"
    command("--out", out)
    before = snapshot(out)
    leftover = tmp_path / ".site.next"
    (leftover / "programs").mkdir(parents=True)
    (leftover / MARKER).write_text("")
    (leftover / "programs" / "half.html").write_text("half a page")
    result = command("--out", out)
    assert result.returncode == 0, result.stderr
    assert not leftover.exists()
    assert snapshot(out) == before


def test_a_site_renamed_aside_by_a_killed_build_is_put_back(tmp_path):
    out = tmp_path / "site"
    command("--out", out)
    before = snapshot(out)
    out.rename(tmp_path / ".site.old")  # as the fallback of a system without an atomic exchange
    result = command("--out", out)
    assert result.returncode == 0, result.stderr
    assert snapshot(out) == before and not (tmp_path / ".site.old").exists()
