"""On GitHub Actions, every data problem is also a workflow command that GitHub shows on the line of
the file it is about (sodrm/annotations.py): one annotation a problem, on the right line."""
import re

import pytest
from conftest import PROGRAMS, SITE_TOML, command, line_of

FIRST = '[[programs]]\nid = 96000\nhours = 372.0\ntitle = "Dark Current & Readnoise"\ninstrument = "NIRCam"\n'


def annotated(tmp_path, monkeypatch, programs=PROGRAMS, site=SITE_TOML):
    (tmp_path / "programs.toml").write_text(programs, encoding="utf-8")
    (tmp_path / "site.toml").write_text(site, encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = command("--data", "programs.toml", "--site-data", "site.toml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    found = [re.fullmatch(r"::error file=([^,]*)(?:,line=(\d+))?,title=([^:]*)::(.*)", line)
             for line in result.stdout.splitlines()]
    assert all(found), result.stdout
    return [(match[1], int(match[2]) if match[2] else None, match[3], match[4]) for match in found], result


def test_bad_values_in_several_programs_are_one_annotation_each_on_the_values_line(tmp_path, monkeypatch):
    programs = (PROGRAMS.replace("hours = 372.0", "hours = -1", 1)
                .replace('title = "Flat Field Monitor"', 'title = ""', 1)
                .replace('instrument = "MIRI"', 'instrument = "Miri"', 1))
    annotations, result = annotated(tmp_path, monkeypatch, programs)
    assert [(file, line, title) for file, line, title, _ in annotations] == [
        ("programs.toml", line_of(programs, "hours = -1"), "hours"),
        ("programs.toml", line_of(programs, 'title = ""'), "title"),
        ("programs.toml", line_of(programs, 'instrument = "Miri"'), "instrument"),
    ]
    assert [message for *_, message in annotations] == result.stderr.splitlines()[1:]


@pytest.mark.parametrize("start", ["", "\n"], ids=["as it is", "after a blank first line"])
def test_a_missing_field_is_annotated_on_its_programs_table(tmp_path, monkeypatch, start):
    programs = start + PROGRAMS.replace(FIRST, FIRST.replace("hours = 372.0\n", ""), 1)
    [(file, line, title, message)] = annotated(tmp_path, monkeypatch, programs)[0]
    assert (file, line, title) == ("programs.toml", line_of(programs, "[[programs]]\nid = 96000"), "hours")
    assert "hours: missing" in message


def test_a_syntax_error_keeps_its_own_line_and_site_facts_their_table(tmp_path, monkeypatch):
    programs = PROGRAMS.replace("hours = 50.5", "hours = 50.5.1", 1)
    [(_, line, _, _)] = annotated(tmp_path, monkeypatch, programs)[0]
    assert line == line_of(programs, "hours = 50.5.1")
    site = SITE_TOML.replace('\ntext = "', '\ntext = 12\nold_text = "', 1)  # the first quote's text
    annotations = annotated(tmp_path, monkeypatch, site=site)[0]
    assert [(file, line, title) for file, line, title, _ in annotations] == [
        ("site.toml", line_of(site, "old_text ="), "old_text"), ("site.toml", line_of(site, "text = 12"), "text")]


def test_outside_github_actions_there_are_no_annotations(tmp_path):
    (tmp_path / "programs.toml").write_text(PROGRAMS.replace("hours = 372.0", "hours = -1", 1), encoding="utf-8")
    result = command("--data", "programs.toml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "::error" not in result.stdout + result.stderr
