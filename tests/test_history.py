"""Provenance: the data's version and date, and every change to it, from its history in git;
shown in every footer, in every download's metadata, on the changes page and in an Atom feed."""
import json
import os
import subprocess
import sys
import tomllib

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import PROGRAMS, command, text

from sodrm import urls
from sodrm.paths import PROJECT

NEW_PROGRAM = '\n[[programs]]\nid = 96690\nhours = 5.0\ntitle = "Wavelength Check"\ninstrument = "MIRI"\n'
DATES = ["2026-01-05T10:00:00+00:00", "2026-02-10T11:30:00+00:00", "2026-03-15T09:15:00+00:00"]


def commit(repository, text_, date, message):
    (repository / "programs.toml").write_text(text_, encoding="utf-8")
    environment = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                   "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                   "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(["git", "-C", str(repository), "add", "programs.toml"], check=True, env=environment)
    subprocess.run(["git", "-C", str(repository), "commit", "-q", "-m", message], check=True, env=environment)
    return subprocess.run(["git", "-C", str(repository), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    repository = tmp_path_factory.mktemp("repository")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    first = commit(repository, PROGRAMS, DATES[0], "The data as published")
    second = commit(repository, PROGRAMS.replace("hours = 50.5", "hours = 52.0") + NEW_PROGRAM, DATES[1],
                    "A program added, an estimate revised")
    start = PROGRAMS.index("[[programs]]\nid = 96680")
    third = commit(repository, PROGRAMS[:start].replace("hours = 50.5", "hours = 52.0") + NEW_PROGRAM, DATES[2],
                   "A program removed")
    out = repository / "site"
    result = command("--data", repository / "programs.toml", "--out", out, "--site-url", "https://example.org/s/")
    assert result.returncode == 0, result.stderr
    return out, [first, second, third]


def parse(out, path):
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def test_every_footer_gives_the_version_and_the_date_of_the_last_change(history):
    out, commits = history
    for path in (urls.INDEX, urls.program(96000), urls.FIELDS):
        footer = text(parse(out, path).select_one(".site-footer"))
        assert f"Data last changed {DATES[-1][:10]}, version {commits[-1][:12]}; the estimates are from the 2012 SODRM." in footer


def test_the_changes_page_lists_each_change_with_its_date_newest_first(history):
    out, commits = history
    sections = parse(out, urls.CHANGES).select("section.change")
    assert [section.time["datetime"] for section in sections] == list(reversed(DATES))
    newest, middle, oldest = (text(section) for section in sections)
    assert "Program 96680: removed, “Absolute Flux Calibration (LRS)”" in newest
    assert "Program 96010: hours changed from “50.5” to “52.0”" in middle
    assert "Program 96690: added, “Wavelength Check”" in middle
    assert "The first version of the data, with 37 programs." in oldest


def test_the_feed_is_valid_atom_with_an_entry_for_each_change(history):
    out, commits = history
    feed = feedparser.parse((out / urls.FEED).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.updated[:10] for entry in feed.entries] == [date[:10] for date in reversed(DATES)]
    assert [entry.id.rsplit("#", 1)[1] for entry in feed.entries] == list(reversed(commits))
    assert "hours changed from \"50.5\" to \"52.0\"" in feed.entries[1].content[0].value
    assert feed.feed.links[0].href == "https://example.org/s/changes.xml"
    changes = urls.absolute("https://example.org/s/", urls.CHANGES)
    assert [link.href for link in feed.feed.links if link.rel == "alternate"] == [changes]
    assert [entry.link for entry in feed.entries] == [f"{changes}#change-{commit_[:12]}" for commit_ in reversed(commits)]


def test_every_page_links_the_feed_from_its_head(history):
    out, _ = history
    for path in (urls.INDEX, urls.program(96000), urls.CHANGES):
        link = parse(out, path).select_one('head link[rel="alternate"][type="application/atom+xml"]')
        assert link is not None


def test_every_download_carries_the_version_and_date(history):
    out, commits = history
    document = json.loads((out / urls.JSON).read_text())
    assert (document["version"], document["date"]) == (commits[-1][:12], DATES[-1][:10])
    assert f'{{version: "{commits[-1][:12]}"}}' in (out / urls.ECSV).read_text()
    assert f'<INFO name="date" value="{DATES[-1][:10]}"' in (out / urls.VOTABLE).read_text()


def test_an_uncommitted_change_is_marked_in_the_version(history, tmp_path):
    out, commits = history
    data = out.parent / "programs.toml"
    data.write_text(data.read_text().replace("hours = 52.0", "hours = 53.0"), encoding="utf-8")
    try:
        assert command("--data", data, "--out", tmp_path / "site").returncode == 0
        footer = text(parse(tmp_path / "site", urls.INDEX).select_one(".site-footer"))
        assert f"version {commits[-1][:12]}+;" in footer
        assert "The data of exactly this version" not in text(parse(tmp_path / "site", urls.ABOUT))  # none has its files
    finally:
        subprocess.run(["git", "-C", str(out.parent), "checkout", "--", "programs.toml"], check=True)


def test_without_a_history_the_site_says_so_plainly_and_builds(tmp_path):
    data = tmp_path / "programs.toml"
    data.write_text(PROGRAMS, encoding="utf-8")
    assert command("--data", data, "--out", tmp_path / "site").returncode == 0
    footer = text(parse(tmp_path / "site", urls.INDEX).select_one(".site-footer"))
    assert "no history in git: its version and date are not known" in footer
    feed = feedparser.parse((tmp_path / "site" / urls.FEED).read_bytes())
    assert feed.bozo == 0 and feed.feed.id.startswith("tag:")  # a tag URI (RFC 4151) where no address is known


def test_the_about_page_gives_a_citation_with_the_version_date_and_source(history):
    out, commits = history
    blocks = [text(block) for block in parse(out, urls.ABOUT).select("pre.citation")]
    assert len(blocks) == 2
    for block in blocks:
        assert commits[-1][:12] in block and DATES[-1][:10] in block
        assert "instrumentation-calibration-programs" in block and "https://example.org/s/" in block
    assert blocks[1].count("@misc{") == 1


# A history with a commit of each kind: the data as published; a layout-only and a comment-only
# commit (no change to the data); a commit that only sets modes; a commit whose data does not
# load; its fix.
@pytest.fixture(scope="module")
def kinds(tmp_path_factory):
    repository = tmp_path_factory.mktemp("kinds")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    dates = [f"2026-0{month}-01T12:00:00+00:00" for month in range(1, 7)]
    with_modes = PROGRAMS.replace('title = "Darks"\n', 'title = "Darks"\nmodes = ["imaging"]\n', 1)
    commits = {
        "published": commit(repository, PROGRAMS, dates[0], "published"),
        "layout": commit(repository, PROGRAMS.replace("hours = 50.5", "hours   =   50.50"), dates[1], "layout"),
        "comment": commit(repository, "# a comment\n" + PROGRAMS, dates[2], "comment"),
        "modes": commit(repository, with_modes, dates[3], "modes"),
        "broken": commit(repository, with_modes.replace("hours = 50.5", "hours = -1"), dates[4], "broken"),
        "fixed": commit(repository, "# fixed\n" + with_modes, dates[5], "fixed"),
    }
    out = repository / "site"
    result = command("--data", repository / "programs.toml", "--out", out, "--cache", repository / "cache")
    assert result.returncode == 0, result.stderr
    return out, commits, dates, result


def test_the_version_is_the_last_commit_that_changed_a_value_not_a_comment_or_the_layout(kinds):
    out, commits, dates, _ = kinds
    footer = text(parse(out, urls.INDEX).select_one(".site-footer"))
    assert f"{commits['modes'][:12]}" in footer and dates[3][:10] in footer
    entries = [section["aria-labelledby"].removeprefix("change-") for section in parse(out, urls.CHANGES).select("section.change")]
    assert commits["layout"][:12] not in entries and commits["comment"][:12] not in entries
    assert commits["fixed"][:12] not in entries  # it only restored the data of the version before the broken one


def test_a_change_of_any_declared_field_is_listed_and_an_empty_value_is_none(kinds):
    out, commits, _, _ = kinds
    section = parse(out, urls.CHANGES).select_one(f"#change-{commits['modes'][:12]}").parent
    assert "Program 96400: modes changed from “none” to “imaging”" in text(section)


def test_a_past_version_that_does_not_load_is_listed_as_such_and_the_build_goes_on(kinds):
    out, commits, _, result = kinds
    section = parse(out, urls.CHANGES).select_one(f"#change-{commits['broken'][:12]}").parent
    assert "This version of the data could not be read: this version: program 96010: hours: found -1" in text(section)
    assert text(parse(out, urls.CHANGES).select("section.change")[-1]).endswith("The first version of the data, with 37 programs.")


@pytest.mark.parametrize("data, problem", [
    (b"[[programs]\n", "this version:1:"), (b"", "this version: the file is empty"),
    (b"\xff", "this version:1: not UTF-8 text"), (b"x = 1\n", "this version: the file: unknown key 'x'"),
], ids=["not TOML", "empty", "not UTF-8", "not programs"])
def test_a_past_version_that_cannot_be_read_says_why_as_this_version(data, problem):
    from sodrm.errors import DataError
    from sodrm.load import past_version

    with pytest.raises(DataError) as raised:
        past_version(data)
    assert raised.value.problems[0].startswith(problem)
    assert all(problem.startswith("this version") for problem in raised.value.problems)


def test_each_version_of_the_data_is_kept_as_its_four_files_at_an_address_of_its_own(history):
    import csv
    import io

    from astropy.io.votable import parse as votable
    from astropy.table import Table

    out, commits = history
    expected = {commits[0]: PROGRAMS, commits[1]: PROGRAMS.replace("hours = 50.5", "hours = 52.0") + NEW_PROGRAM}
    for commit_, data in expected.items():
        programs = {p["id"]: p for p in tomllib.loads(data)["programs"]}
        folder = out / "versions" / commit_[:12]
        rows = list(csv.DictReader(io.StringIO((folder / urls.CSV).read_text(encoding="utf-8"), newline="")))
        assert [int(row["id"]) for row in rows] == sorted(programs)
        assert [row["hours"] for row in rows] == [str(programs[i]["hours"]) for i in sorted(programs)]
        made = json.loads((folder / urls.JSON).read_text(encoding="utf-8"))
        assert made["version"] == commit_[:12] and made["date"] == DATES[commits.index(commit_)][:10]
        assert [int(i) for i in Table.read(folder / urls.ECSV, format="ascii.ecsv")["id"]] == sorted(programs)
        assert [int(i) for i in votable(folder / urls.VOTABLE).get_first_table().to_table()["id"]] == sorted(programs)


def test_the_current_versions_files_are_the_sites_own_downloads(history):
    out, commits = history
    for download in (urls.CSV, urls.JSON, urls.ECSV, urls.VOTABLE):
        assert (out / "versions" / commits[-1][:12] / download).read_bytes() == (out / download).read_bytes()


def test_each_entry_of_the_changes_page_and_the_citation_link_their_versions_files(history):
    out, commits = history
    for commit_ in commits:
        section = parse(out, urls.CHANGES).select_one(f"#change-{commit_[:12]}").parent
        links = [a["href"] for a in section.select(".version-files a")]
        assert links == [f"../versions/{commit_[:12]}/{download}" for download in (urls.CSV, urls.JSON, urls.ECSV, urls.VOTABLE)]
        assert all((out / urls.CHANGES).parent.joinpath(link).resolve().is_file() for link in links)
    cited = [a["href"] for a in parse(out, urls.ABOUT).select("main a[href*='versions/']")]
    assert cited and all(f"versions/{commits[-1][:12]}/" in link for link in cited)


def test_only_versions_that_changed_the_data_and_could_be_read_have_files(kinds):
    out, commits, _, _ = kinds
    kept = {folder.name for folder in (out / "versions").iterdir()}
    assert kept == {commits["published"][:12], commits["modes"][:12]}


def test_past_versions_files_are_bounded_and_the_changes_page_says_so(kinds, tmp_path, monkeypatch):
    from sodrm import history as history_module

    monkeypatch.setattr(history_module, "MAX_KEPT_ROWS", 40)  # room for one version of 37 programs
    monkeypatch.setattr("sodrm.pages.MAX_KEPT_ROWS", 40)  # as the changes page says it
    out = tmp_path / "site"
    result = command("--data", kinds[0].parent / "programs.toml", "--out", out)
    assert result.returncode == 0, result.stderr
    assert {folder.name for folder in (out / "versions").iterdir()} == {kinds[1]["modes"][:12]}
    assert "The files of the older versions are not kept: a site keeps at most 40 rows" in text(parse(out, urls.CHANGES))


def test_what_was_read_of_each_past_version_is_kept_by_its_blob(kinds):
    out, commits, _, _ = kinds
    saved = json.loads((out.parent / "cache" / "history.json").read_text())["values"]
    blobs = {subprocess.run(["git", "-C", str(out.parent), "rev-parse", f"{commit_}:programs.toml"], check=True,
                            capture_output=True, text=True).stdout.strip() for commit_ in commits.values()}
    assert set(saved) == blobs
    assert "problem" in saved[subprocess.run(["git", "-C", str(out.parent), "rev-parse", f"{commits['broken']}:programs.toml"],
                                             check=True, capture_output=True, text=True).stdout.strip()]


def test_a_shallow_clone_says_its_history_is_partial_on_the_page_and_in_the_output(kinds, tmp_path):
    out, commits, _, _ = kinds
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{out.parent}", str(clone)], check=True)
    result = command("--data", clone / "programs.toml", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "shallow clone" in result.stderr
    page = parse(tmp_path / "site", urls.CHANGES)
    assert "shallow clone" in text(page.select_one("main"))
    assert "The first version of the data" not in text(page.select_one("main"))


def test_a_repository_git_refuses_is_said_in_the_output_and_the_site_builds(tmp_path, monkeypatch):
    from sodrm.history import read_log

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\necho 'fatal: detected dubious ownership in repository at /x' >&2\nexit 128\n")
    (fake / "git").chmod(0o755)
    data = tmp_path / "programs.toml"
    data.write_text(PROGRAMS, encoding="utf-8")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--data", str(data), "--out", str(tmp_path / "site")],
                            capture_output=True, text=True, env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    assert "the data's history could not be read from git (fatal: detected dubious ownership" in result.stderr
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    log = read_log(data)  # no commits, not shallow, and why
    assert log.commits == () and log.shallow is False and log.problem.startswith("fatal: detected dubious ownership")


def test_a_commit_dated_before_1970_is_said_in_the_output_and_on_the_pages(tmp_path):
    repository = tmp_path / "data"
    repository.mkdir()
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    first = commit(repository, PROGRAMS, DATES[0], "first")
    (repository / "programs.toml").write_text(PROGRAMS + NEW_PROGRAM, encoding="utf-8")
    git = ["git", "-C", str(repository)]
    subprocess.run([*git, "add", "programs.toml"], check=True)
    tree = subprocess.run([*git, "write-tree"], check=True, capture_output=True, text=True).stdout.strip()
    # git itself refuses such a date, but a commit object can carry one.
    old = f"tree {tree}\nparent {first}\nauthor T <t@example.org> -86400 +0000\ncommitter T <t@example.org> -86400 +0000\n\nold\n"
    made = subprocess.run([*git, "hash-object", "-t", "commit", "-w", "--stdin", "--literally"], input=old,
                          check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([*git, "update-ref", "HEAD", made], check=True)
    result = command("--data", repository / "programs.toml", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert f"git gives no date for 1 commit(s) of the data's history (dated before 1970" in result.stderr
    assert made[:12] in result.stderr
    changes = parse(tmp_path / "site", urls.CHANGES)
    assert [text(heading) for heading in changes.select("main h2[id^=change-]")][0].startswith("Date unknown")
    footer = parse(tmp_path / "site", urls.INDEX).select_one("footer")
    assert "on a date git cannot give" in text(footer)
    assert all(time["datetime"][:4].isdigit() for time in footer.select("time"))
    # Nothing that cites the version gives it a date it does not have.
    cff = (tmp_path / "site" / urls.CITATION).read_text(encoding="utf-8")
    assert f'version: "{made[:12]}"' in cff and "date-released" not in cff
    dataset = json.loads(parse(tmp_path / "site", urls.FIELDS).select_one('script[type="application/ld+json"]').string)
    assert dataset["version"] == made[:12] and "dateModified" not in dataset
    about = text(parse(tmp_path / "site", urls.ABOUT).select_one("main"))
    assert f"Version {made[:12]})" in about and "unknown" not in about


def test_a_blob_git_cannot_give_is_left_out_and_the_others_read(kinds):
    from sodrm.history import _contents

    out, commits, _, _ = kinds
    blob = subprocess.run(["git", "-C", str(out.parent), "rev-parse", f"{commits['modes']}:programs.toml"],
                          check=True, capture_output=True, text=True).stdout.strip()
    contents = _contents(out.parent, ["0" * 40, blob, "1" * 40])
    assert list(contents) == [blob]
    assert contents[blob] == subprocess.run(["git", "-C", str(out.parent), "cat-file", "blob", blob], check=True,
                                            capture_output=True).stdout


# The history's parts, as functions: what each version's entry says, from a log and a store.
class Store(dict):
    def get(self, key):
        return super().get(key)

    def put(self, key, value):
        self[key] = value


def log_of(*commits, shallow=False):
    from sodrm.history import Log

    return Log(tuple((commit, f"2026-01-0{len(commits) - n}T00:00:00+00:00", blob)
                     for n, (commit, blob) in enumerate(commits)), shallow, "")


def history_of(log, store, current, monkeypatch, tmp_path, contents=None, read_version=None):
    from sodrm import history

    asked = []
    monkeypatch.setattr(history, "_contents", lambda folder, blobs: asked.append(blobs) or (contents or {}))
    read = read_version or (lambda data: pytest.fail("a version the store knows was read again"))
    return history.read_history(log, tmp_path / "programs.toml", current, read, store), asked


def test_a_deleted_and_restored_data_file_is_each_version_as_it_was_and_nothing_is_read_twice(
        catalog, monkeypatch, tmp_path):
    from sodrm.fields import texts

    one, two = catalog.programs[:2]
    store = Store(b1={"programs": {str(one.id): texts(one)}}, b3={"programs": {str(two.id): texts(two)}})
    history, asked = history_of(log_of(("c3", "b3"), ("c2", ""), ("c1", "b1")), store, (two,),
                                monkeypatch=monkeypatch, tmp_path=tmp_path)
    assert asked == []  # every version known: git is not asked
    assert [entry.id for entry in history.entries] == ["c3", "c2", "c1"]
    assert [[(c.program, c.what) for c in entry.changes] for entry in history.entries] == [
        [(two.id, "added")], [(one.id, "removed")], [(one.id, "added")]]
    assert [(entry.unreadable, entry.first, entry.left_out) for entry in history.entries] == [
        ("", False, 0), ("", False, 0), ("", True, 0)]
    assert history.version == "c3" and history.date == "2026-01-03" and history.left_out == 0


def test_past_versions_are_kept_for_download_up_to_the_row_bound_and_not_past_it(catalog, monkeypatch, tmp_path):
    from sodrm import history as history_module
    from sodrm.fields import texts

    one, two = catalog.programs[:2]
    store = Store(b1={"programs": {str(one.id): texts(one)}}, b3={"programs": {str(two.id): texts(two)}})
    commits = log_of(("c3", "b3"), ("c2", ""), ("c1", "b1"))
    for bound, kept in ((2, ["c3", "c2", "c1"]), (1, ["c3", "c2"])):  # a row each, but c2's none
        monkeypatch.setattr(history_module, "MAX_KEPT_ROWS", bound)
        history, _ = history_of(commits, store, (two,), monkeypatch=monkeypatch, tmp_path=tmp_path)
        assert list(history.kept) == kept


def test_a_version_git_cannot_give_or_the_checks_refuse_is_said_shows_no_change_and_is_remembered(
        catalog, monkeypatch, tmp_path):
    from sodrm.errors import BuildError
    from sodrm.fields import texts

    one = catalog.programs[0]
    store = Store(b1={"programs": {str(one.id): texts(one)}})

    def refuse(data):
        raise BuildError("this version: hours: found -1\nmore")

    history, asked = history_of(log_of(("c4", "b4"), ("c3", "b3"), ("c2", "b1"), ("c1", "b1")), store, (one,),
                                contents={"b3": b"hours = -1"}, read_version=refuse, monkeypatch=monkeypatch,
                                tmp_path=tmp_path)
    assert asked == [["b4", "b3"]]
    # c2 left the programs as c1 had them: no entry. c4 is not in git's answer; c3 fails the checks.
    assert [(entry.id, entry.unreadable, entry.changes) for entry in history.entries[:2]] == [
        ("c4", "git could not give this version", ()), ("c3", "this version: hours: found -1", ())]
    assert [entry.id for entry in history.entries] == ["c4", "c3", "c1"]
    assert store["b4"] == {"problem": "git could not give this version"} and "problem" in store["b3"]
    assert history.version == "c1" and history.entries[-1].first


def test_when_no_version_can_be_read_the_newest_is_the_version_and_a_shallow_history_has_no_first(
        catalog, monkeypatch, tmp_path):
    history, _ = history_of(log_of(("c2", "b2"), ("c1", "b1"), shallow=True), Store(), catalog.programs[:1],
                            monkeypatch=monkeypatch, tmp_path=tmp_path)
    assert history.version == "c2+" and [entry.first for entry in history.entries] == [False, False]


def test_two_versions_differ_by_programs_added_and_removed_then_each_changed_field_in_declared_order():
    from sodrm.history import NONE, Change, _changes

    before = {1: {"title": "One", "hours": "1.0"}, 2: {"title": "Two", "hours": "2.0"}, 5: {"title": "Five", "hours": "5.0"}}
    after = {2: {"title": "Two", "hours": "2.5", "modes": "lrs"}, 3: {"title": "Three", "hours": "3.0"},
             5: {"title": "Five"}}
    assert _changes(before, after) == (
        Change(1, "removed", "One", ""), Change(2, "hours", "2.0", "2.5"), Change(2, "modes", NONE, "lrs"),
        Change(3, "added", "", "Three"), Change(5, "hours", "5.0", NONE))
    # A field declared since, and empty now, is no change; a program without a title shows none.
    assert _changes({7: {"title": "Seven"}}, {7: {"title": "Seven", "modes": ""}}) == ()
    assert _changes({7: {"title": "Seven", "modes": ""}}, {7: {"title": "Seven"}}) == ()
    assert _changes({8: {}}, {9: {}}) == (Change(8, "removed", NONE, ""), Change(9, "added", "", NONE))


def test_git_is_asked_for_the_latest_commits_only(history, monkeypatch):
    from sodrm import history as history_module

    monkeypatch.setattr(history_module, "MAX_COMMITS", 2)
    out, commits = history
    assert [commit for commit, _, _ in history_module.read_log(out.parent / "programs.toml").commits] == commits[:0:-1]


def test_a_value_in_a_change_is_none_when_empty_and_cut_to_its_bound_with_an_ellipsis():
    from sodrm.history import MAX_VALUE, NONE, _shown

    assert _shown("") == NONE and _shown("x") == "x" and _shown("a" * MAX_VALUE) == "a" * MAX_VALUE
    assert _shown("a" * (MAX_VALUE + 1)) == "a" * (MAX_VALUE - 1) + "…"


def test_the_log_holds_the_commits_that_changed_the_data_file_and_no_other(tmp_path):
    from sodrm.history import read_log

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    changed = commit(tmp_path, PROGRAMS, DATES[0], "The data")
    (tmp_path / "README").write_text("Another file\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "README"], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q",
                    "-m", "Not the data"], check=True)
    assert [commit_ for commit_, _, _ in read_log(tmp_path / "programs.toml").commits] == [changed]


def test_data_outside_any_repository_builds_without_a_word_about_its_history(tmp_path):
    data = tmp_path / "programs.toml"
    data.write_text(PROGRAMS, encoding="utf-8")
    result = command("--data", data, "--out", tmp_path / "site")
    assert result.returncode == 0 and result.stderr == ""


def test_the_log_knows_a_deleted_data_file_and_passes_over_a_merge_that_is_no_version_of_its_own(tmp_path):
    from sodrm.history import read_log

    def git(*arguments):
        return subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.org",
                               *arguments], check=True, capture_output=True, text=True).stdout.strip()

    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    base = commit(tmp_path, PROGRAMS, DATES[0], "The data")
    git("checkout", "-q", "-b", "side")
    side = commit(tmp_path, PROGRAMS.replace("hours = 50.5", "hours = 51.0", 1), DATES[1], "An estimate")
    git("checkout", "-q", "main")
    main = commit(tmp_path, PROGRAMS + NEW_PROGRAM, DATES[1], "A program")
    git("merge", "-q", "--no-edit", "side")  # both changes: git lists the merge, with no file of its own
    git("rm", "-q", "programs.toml")
    git("commit", "-q", "-m", "The data file removed")
    removed = git("rev-parse", "HEAD")
    log = read_log(tmp_path / "programs.toml")
    assert [commit_ for commit_, _, _ in log.commits][0] == removed and log.commits[0][2] == ""
    assert {commit_ for commit_, _, _ in log.commits[1:]} == {base, side, main} and log.commits[-1][0] == base
    assert all(blob for _, _, blob in log.commits[1:]) and not log.shallow and log.problem == ""


def test_a_clone_of_one_commit_is_shallow(kinds, tmp_path):
    from sodrm.history import read_log

    out, _, _, _ = kinds
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{out.parent}", str(tmp_path / "clone")], check=True)
    assert read_log(tmp_path / "clone" / "programs.toml").shallow


def test_a_git_that_cannot_be_run_is_said_in_one_line(tmp_path, monkeypatch):
    from sodrm.history import read_log

    (tmp_path / "git").write_text("#!/bin/sh\n")  # found, but not executable
    monkeypatch.setenv("PATH", str(tmp_path))
    log = read_log(tmp_path / "programs.toml")
    assert log.commits == () and log.shallow is False and "Permission denied" in log.problem
