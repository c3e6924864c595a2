"""`python build.py`: one summary line, exit codes, and an output folder it keeps exact."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sodrm.pipeline import PROGRAMS_FOR_A_PROCESS, PROJECT, build
from sodrm.write import STAGING

PROGRAMS = (PROJECT / "data" / "programs.toml").read_text(encoding="utf-8")


def run_build(*arguments):
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *map(str, arguments)],
                          capture_output=True, text=True, timeout=60)


def snapshot(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "programs.toml"
    path.write_text(PROGRAMS, encoding="utf-8")
    return path


def test_the_build_prints_one_summary_line_of_pages_files_and_time(tmp_path):
    result = run_build("--out", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("Built 56 pages and 6 other files into ")
    assert result.stdout.rstrip().endswith("62 written, 0 unchanged, 0 removed")
    assert " s: " in result.stdout


def test_a_second_build_of_the_same_data_writes_nothing_and_keeps_modification_times(tmp_path):
    out = tmp_path / "site"
    run_build("--out", out)
    times = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    result = run_build("--out", out)
    assert result.stdout.rstrip().endswith("0 written, 62 unchanged, 0 removed")
    assert times == {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}


def test_a_changed_title_rewrites_only_the_pages_that_show_it(tmp_path, data_file):
    out = tmp_path / "site"
    run_build("--data", data_file, "--out", out)
    data_file.write_text(PROGRAMS.replace('"Coronagraphic Mode"', '"Coronagraphic Modes"'), encoding="utf-8")
    result = run_build("--data", data_file, "--out", out)
    # The program's page, its two neighbours, the index, the NIRCam and coronagraphy pages and the two downloads.
    assert result.stdout.rstrip().endswith("8 written, 54 unchanged, 0 removed")
    assert "Coronagraphic Modes" in (out / "programs/96080.html").read_text()


def test_pages_of_a_removed_program_disappear_on_the_next_build(tmp_path, data_file):
    out = tmp_path / "site"
    run_build("--data", data_file, "--out", out)
    start = PROGRAMS.index("[[programs]]\nid = 96680")
    data_file.write_text(PROGRAMS[:start], encoding="utf-8")
    result = run_build("--data", data_file, "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("1 removed")
    assert not (out / "programs" / "96680.html").exists()
    assert (out / "programs" / "96670.html").exists()


def test_bad_data_exits_non_zero_with_a_clear_message_and_no_traceback(tmp_path, data_file):
    data_file.write_text(PROGRAMS.replace("hours = 372.0", 'hours = "372.0"'), encoding="utf-8")
    result = run_build("--data", data_file, "--out", tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert 'programs.toml: program 96000: hours: found "372.0" (text), expected a number of hours greater than 0' in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "site").exists()


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path, data_file):
    out = tmp_path / "site"
    run_build("--data", data_file, "--out", out)
    before = snapshot(out)
    data_file.write_text(PROGRAMS.replace('instrument = "MIRI"', 'instrument = "Miri"'), encoding="utf-8")
    result = run_build("--data", data_file, "--out", out)
    assert result.returncode == 1
    assert "did you mean 'MIRI'?" in result.stderr
    assert snapshot(out) == before


def test_the_build_refuses_to_write_into_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--out", "."],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert "did not make" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(tmp_path) == {Path("notes.txt"): b"mine"}


def test_the_build_refuses_to_write_into_the_project_folder():
    result = run_build("--out", PROJECT)
    assert result.returncode == 1
    assert "did not make" in result.stderr and "Traceback" not in result.stderr


def test_a_file_changed_by_hand_in_the_output_is_made_again(tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    run_build("--out", out, "--cache", cache)
    page = out / "programs" / "96000.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"372.0", b"999.9"))
    result = run_build("--out", out, "--cache", cache)
    assert result.stdout.rstrip().endswith("1 written, 61 unchanged, 0 removed")
    assert page.read_bytes() == original


def test_without_its_cache_the_build_still_keeps_the_folder_exact(tmp_path, data_file):
    out, cache = tmp_path / "site", tmp_path / "cache"
    run_build("--data", data_file, "--out", out, "--cache", cache)
    shutil.rmtree(cache)
    start = PROGRAMS.index("[[programs]]\nid = 96680")
    data_file.write_text(PROGRAMS[:start], encoding="utf-8")
    result = run_build("--data", data_file, "--out", out, "--cache", cache)
    assert result.returncode == 0, result.stderr
    assert not (out / "programs" / "96680.html").exists()
    assert result.stdout.rstrip().endswith("removed") and " 1 removed" in result.stdout
    fresh = tmp_path / "fresh"
    run_build("--data", data_file, "--out", fresh, "--cache", tmp_path / "other-cache")
    assert snapshot(out) == snapshot(fresh)


def test_a_damaged_manifest_only_makes_the_build_compare_files(tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    run_build("--out", out, "--cache", cache)
    [manifest] = (cache / "builds").glob("*.json")
    for damaged in ('{"stamp": "x", "files": {"index.html": ', '{"stamp": "x", "files": {"index.html": 3}}',
                    '{"stamp": "x", "files": {"index.html": [1, 2]}}', '[]', '{"stamp": "x", "files": []}',
                    '{"stamp": "x", "files": {"index.html": [1, "2", null]}}'):
        manifest.write_text(damaged)
        result = run_build("--out", out, "--cache", cache)
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip().endswith("0 written, 62 unchanged, 0 removed")


def test_an_edited_manifest_cannot_make_the_build_delete_outside_its_folder(tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    run_build("--out", out, "--cache", cache)
    outside = tmp_path / "keep.txt"
    outside.write_text("not the build's")
    [manifest] = (cache / "builds").glob("*.json")
    saved = json.loads(manifest.read_text())
    for path in ("../keep.txt", str(outside), "programs/../../keep.txt", "", "."):
        saved["files"][path] = ["key", 1, 1]
    saved["stamp"] = "changed"
    manifest.write_text(json.dumps(saved))
    result = run_build("--out", out, "--cache", cache)
    assert result.returncode == 0, result.stderr
    assert outside.read_text() == "not the build's"
    assert out.is_dir() and result.stdout.rstrip().endswith("0 removed")


def copy_of_the_project(folder):
    project = folder / "project"
    project.mkdir()
    for part in ("build.py", "sodrm", "templates", "static", "content", "data"):
        source = PROJECT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / part)
    return project


def test_a_changed_template_renders_every_page_again(tmp_path):
    project = copy_of_the_project(tmp_path)
    command = [sys.executable, str(project / "build.py"), "--out", str(tmp_path / "site")]
    subprocess.run(command, capture_output=True, check=True, timeout=60)
    base = project / "templates" / "base.html"
    base.write_text(base.read_text().replace("<main id=\"main\">", "<main id=\"main\" class=\"changed\">"))
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.stdout.rstrip().endswith("56 written, 6 unchanged, 0 removed")
    assert 'class="changed"' in (tmp_path / "site" / "programs" / "96000.html").read_text()


def test_a_template_error_is_reported_without_a_traceback_and_leaves_the_site(tmp_path):
    project = copy_of_the_project(tmp_path)
    command = [sys.executable, str(project / "build.py"), "--out", str(tmp_path / "site")]
    subprocess.run(command, capture_output=True, check=True, timeout=60)
    before = snapshot(tmp_path / "site")
    program = project / "templates" / "program.html"
    program.write_text(program.read_text().replace("{{ program.title }}</dd>", "{{ program.subtitle }}</dd>"))
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "program.html: cannot render programs/" in result.stderr and "subtitle" in result.stderr
    assert snapshot(tmp_path / "site") == before


def test_a_template_error_in_a_first_build_leaves_no_output_folder(tmp_path):
    project = copy_of_the_project(tmp_path)
    program = project / "templates" / "program.html"
    program.write_text(program.read_text().replace("{{ program.title }}</dd>", "{{ program.subtitle }}</dd>"))
    result = subprocess.run([sys.executable, str(project / "build.py"), "--out", str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_folder_left_with_only_a_killed_builds_staging_files_is_built_into(tmp_path):
    leftover = tmp_path / "site" / STAGING / "programs" / "96000.html"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("half a page")
    result = run_build("--out", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / STAGING).exists()
    assert "Program 96000" in (tmp_path / "site" / "programs" / "96000.html").read_text()


def catalog_of(count: int) -> str:
    """The real programs over and over, numbered anew: a catalog big enough to render on every core."""
    head, *programs = PROGRAMS.split("[[programs]]\nid = ")
    tables = (programs[n % len(programs)].split("\n", 1)[1] for n in range(count))
    return head + "".join(f"[[programs]]\nid = {10000 + n}\n{table}" for n, table in enumerate(tables))


def build_on_two_cores(data, out, cache) -> str:
    # In a process of its own: forking is only safe in a single-threaded one, which pytest need not be.
    script = ("import sys; from pathlib import Path; from sodrm.pipeline import build; "
              "print(build(*map(Path, sys.argv[1:4]), cache=Path(sys.argv[4]), processes=2))")
    result = subprocess.run([sys.executable, "-c", script, str(data), str(PROJECT / "data" / "site.toml"), str(out),
                             str(cache)], capture_output=True, text=True, timeout=120, cwd=PROJECT, check=True)
    return result.stdout


def manifest_of(cache) -> dict[str, list]:
    [manifest] = (cache / "builds").glob("*.json")
    return {path: entry[:2] for path, entry in json.loads(manifest.read_text())["files"].items()}  # not the time


def markdown_kept_in(cache) -> set[str]:
    return set(json.loads((cache / "markdown.json").read_text())["html"])


def test_the_markdown_of_pages_not_rendered_again_stays_in_the_cache(tmp_path, data_file):
    cache = tmp_path / "cache"
    run_build("--data", data_file, "--out", tmp_path / "site", "--cache", cache)
    converted = markdown_kept_in(cache)
    data_file.write_text(PROGRAMS.replace('"Coronagraphic Mode"', '"Coronagraphic Modes"'), encoding="utf-8")
    result = run_build("--data", data_file, "--out", tmp_path / "site", "--cache", cache)
    assert result.stdout.rstrip().endswith("8 written, 54 unchanged, 0 removed")  # not the about page
    assert markdown_kept_in(cache) == converted and len(converted) == 2  # the introduction and the about page


def test_a_build_on_two_cores_makes_the_same_files_as_on_one_and_rebuilds_the_same_pages(tmp_path):
    data = tmp_path / "programs.toml"
    data.write_text(catalog_of(PROGRAMS_FOR_A_PROCESS), encoding="utf-8")
    one = build(data, PROJECT / "data" / "site.toml", tmp_path / "one", cache=tmp_path / "cache-one", processes=1)
    two = build_on_two_cores(data, tmp_path / "two", tmp_path / "cache-two")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert manifest_of(tmp_path / "cache-one") == manifest_of(tmp_path / "cache-two")
    assert two.rstrip().endswith(f"{one.report.written} written, 0 unchanged, 0 removed")
    # Every process's Markdown is kept, so that the next build converts none of it again.
    assert markdown_kept_in(tmp_path / "cache-one") == markdown_kept_in(tmp_path / "cache-two")

    data.write_text(data.read_text().replace("Readnoise", "Read noise", 1), encoding="utf-8")
    one = build(data, PROJECT / "data" / "site.toml", tmp_path / "one", cache=tmp_path / "cache-one", processes=1)
    two = build_on_two_cores(data, tmp_path / "two", tmp_path / "cache-two")
    assert 0 < one.report.written < 20
    assert two.rstrip().endswith(f"{one.report.written} written, {one.report.unchanged} unchanged, 0 removed")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert manifest_of(tmp_path / "cache-one") == manifest_of(tmp_path / "cache-two")
