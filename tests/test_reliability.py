"""Attacks on the build, each through the real command or the build it runs (in this process, or as
a process of its own where the test is about signals, the lock, the interpreter or a crash): one build per
folder, old site or new site after any interruption or fault, bounded work on any input, and
every fault one message.
Each checks the exit status, that there is no traceback, the message, and the folder's bytes."""
import fcntl
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from hashlib import blake2b
from pathlib import Path

import pytest
from conftest import PROGRAMS, SITE_TOML, command, require, run_build, snapshot

from bench import catalog
from sodrm import load, parallel, urls
from sodrm.paths import PROJECT
from sodrm.text import MAX_BLOCK


def one_message(result, *parts):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for part in parts:
        assert part in result.stderr, result.stderr


@pytest.fixture
def built(tmp_path):
    """A good site in tmp/site, from tmp/programs.toml; its snapshot with modification times."""
    data, out = tmp_path / "programs.toml", tmp_path / "site"
    data.write_text(PROGRAMS, encoding="utf-8")
    assert command("--data", data, "--out", out).returncode == 0
    return data, out, snapshot(out, times=True)


# Faults of the system, injected into the real command.
def failing(function: str, error: str, after: int = 0) -> str:
    """Python that makes `function` (as module.name) raise OSError(`error`) from its call `after`+1 on."""
    module, name = function.rsplit(".", 1)
    return f"""
import errno, os, importlib
target = importlib.import_module({module!r})
real, calls = getattr(target, {name!r}), [0]
def broken(*args, **kwargs):
    calls[0] += 1
    if calls[0] > {after}:
        raise OSError(errno.{error}, os.strerror(errno.{error}), str(args[0]) if args else None)
    return real(*args, **kwargs)
setattr(target, {name!r}, broken)
"""


@pytest.mark.parametrize("fault, message", [
    (failing("os.write", "ENOSPC", after=3), "the disk is full"),
    (failing("os.mkdir", "EROFS"), "the file system is read-only"),
    (failing("os.mkdir", "EACCES"), "check its permissions"),
    (failing("os.link", "EACCES"), "check its permissions"),
    (failing("os.replace", "EROFS"), "the file system is read-only"),
])
def test_a_fault_while_writing_leaves_the_old_site_byte_for_byte(built, fault, message):
    data, out, before = built
    data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
    one_message(run_build("--data", data, "--out", out, python_code=fault), "Cannot build: ", message)
    assert snapshot(out, times=True) == before
    assert not (out.parent / ".site.next").exists()


def test_a_cache_that_cannot_be_written_fails_the_build_and_leaves_the_site(built, tmp_path):
    data, out, before = built
    data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
    result = run_build("--data", data, "--out", out, python_code=failing("sodrm.write.put_file", "EROFS"))
    one_message(result, "the file system is read-only")
    assert snapshot(out, times=True) == before


def test_a_cache_that_is_a_file_is_named(built, tmp_path):
    data, out, before = built
    (tmp_path / "cache-file").write_text("not a folder")
    data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
    one_message(command("--data", data, "--out", out, "--cache", tmp_path / "cache-file"), "cache-file")
    assert snapshot(out, times=True) == before


def test_an_output_below_a_regular_file_is_named(tmp_path):
    (tmp_path / "file").write_text("a file")
    one_message(command("--out", tmp_path / "file" / "site"), str(tmp_path / "file"), "is a file, not a folder")


def test_an_output_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "site").write_text("a file")
    one_message(command("--out", tmp_path / "site"), "is a file, not a folder")
    assert (tmp_path / "site").read_text() == "a file"


def test_an_output_that_is_a_symbolic_link_is_built_where_it_leads(tmp_path):
    target = tmp_path / "real"
    link = tmp_path / "link"
    link.symlink_to(target)
    result = command("--out", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (target / urls.INDEX).is_file()
    assert command("--out", link).returncode == 0 and link.is_symlink()


def test_a_planted_lock_link_is_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".site.lock").symlink_to(victim)
    result = run_build("--out", tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "lock" in result.stderr
    assert victim.read_text() == "precious" and not (tmp_path / "site").exists()


@pytest.mark.parametrize("out, message", [("/", "the root of the file system cannot be the output"),
                                          ("/dev/null", "is a file, not a folder"),
                                          ("data", "this folder has files that the build did not make")])
def test_a_refused_output_is_one_message_and_leaves_no_lock_file(out, message):
    lock = (PROJECT / out).with_name(f".{(PROJECT / out).name}.lock") if out != "/" else Path("/..lock")
    lock.unlink(missing_ok=True)  # left by a build of an older version
    one_message(command("--out", out, cwd=PROJECT), message)
    assert not lock.exists()


def test_an_output_swapped_for_a_symbolic_link_during_the_build_is_not_written_into(built, tmp_path):
    data, out, _ = built
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
    swap = f"""
import os, sodrm.load as load
real = load.load
def swapped(*args):
    os.rename({str(out)!r}, {str(tmp_path / 'moved')!r})
    os.symlink({str(elsewhere)!r}, {str(out)!r})
    return real(*args)
load.load = swapped
import sodrm.pipeline
sodrm.pipeline.load = swapped
"""
    one_message(run_build("--data", data, "--out", out, python_code=swap), "is a symbolic link")
    assert list(elsewhere.iterdir()) == [] and out.is_symlink()


def test_a_folder_where_a_page_should_be_is_replaced_by_the_page(built, tmp_path):
    data, out, _ = built
    page = out / urls.program(96000)
    page.unlink()
    (page / "inside").mkdir(parents=True)
    assert command("--data", data, "--out", out).returncode == 0
    assert page.is_file()


@pytest.mark.parametrize("kind", ["fifo", "device", "too large", "folder"])
def test_data_that_is_not_a_readable_file_of_sensible_size_is_named(tmp_path, kind):
    data = tmp_path / "programs.toml"
    if kind == "fifo":
        os.mkfifo(data)
    elif kind == "device":
        data = Path("/dev/zero")
    elif kind == "too large":
        with data.open("wb") as file:
            file.truncate(9 * 1024 * 1024)
    else:
        data.mkdir()
    result = run_build("--data", data, "--out", tmp_path / "site", timeout=20)
    one_message(result, str(data.name))
    assert not (tmp_path / "site").exists()


def test_another_build_holding_the_folder_is_named_and_nothing_is_touched(built):
    data, out, before = built
    with open(out.parent / ".site.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
        result = run_build("--data", data, "--out", out, python_code="import sodrm.write as w; w.LOCK_WAIT = 0.5")
    one_message(result, f"another build (process {os.getpid()}) is writing into this folder")
    assert snapshot(out, times=True) == before


def test_a_data_file_changed_during_a_build_is_in_the_site_and_the_stamp_or_in_neither(built):
    data, out, _ = built
    fresh_a = snapshot(out)
    changed = PROGRAMS.replace("Readnoise", "Read noise")
    # The file changes on disk right after the build has read it.
    change = f"""
import pathlib, sodrm.sources as sources, sodrm.pipeline as pipeline
real = sources.read_sources
def read_then_change(*args):
    read = real(*args)
    pathlib.Path({str(data)!r}).write_text({changed!r}, encoding="utf-8")
    return read
pipeline.read_sources = read_then_change
"""
    assert run_build("--data", data, "--out", out, python_code=change).returncode == 0
    assert snapshot(out) == fresh_a  # built from the bytes it read
    assert "Read noise" not in (out / urls.program(96000)).read_text()
    assert command("--data", data, "--out", out).returncode == 0
    assert "Read noise" in (out / urls.program(96000)).read_text()  # the change is picked up next time
    data.write_text(PROGRAMS, encoding="utf-8")
    assert command("--data", data, "--out", out).returncode == 0
    assert snapshot(out) == fresh_a


# Input that used to crash the parser, raise a traceback or take minutes.
def program(**fields) -> str:
    table = {"id": "96000", "hours": "372.0", "title": '"Dark Current & Readnoise"', "instrument": '"NIRCam"'}
    table.update(fields)
    return "[[programs]]\n" + "".join(f"{key} = {value}\n" for key, value in table.items())


HOSTILE_DATA = {
    "10,000 nested arrays": ("x = " + "[" * 10_000 + "]" * 10_000, "nested 10000 deep; expected at most 8"),
    "5,000 nested inline tables": ("x = " + "{a = " * 5_000 + "}" * 5_000, "nested 5000 deep; expected at most 8"),
    "500 levels and a syntax error": ("x = " + "[" * 500 + "= =", "nested 500 deep"),
    "300-digit id": (program(id="9" * 300), "id: found a number of more than 15 digits"),
    "5,000-digit id": (program(id="9" * 5000), "at most 9 digits"),
    "hours 1e308": (program(hours="1e308") + "\n" + program(id="96001", hours="1e308"), "at most 100000"),
    "hours of 401 digits": (program(hours="1" + "0" * 400), "at most 100000"),
    "NUL in a title": (program(title='"Dark\\u0000Current"'), "control character (\\x00) at character 5"),
    "ESC in a title": (program(title='"\\u001b[2J\\u001b[HBuilt 56 pages"'), "control character (\\x1b)"),
    "C1 in a title": (program(title='"Dark\\u0085Current"'), "control character (\\x85)"),
    "bidi override in a title": (program(title='"Dark\\u202eCurrent"'), "control character (\\u202e)"),
    "title of 10,000 characters": (program(title='"' + "x" * 10_000 + '"'), "text of at most 300 characters"),
}


@pytest.mark.parametrize("case", HOSTILE_DATA)
def test_hostile_data_is_refused_in_one_message_within_seconds(tmp_path, case):
    text, message = HOSTILE_DATA[case]
    data = tmp_path / "programs.toml"
    data.write_text(text, encoding="utf-8")
    result = run_build("--data", data, "--out", tmp_path / "site", timeout=20)
    one_message(result, "Cannot build: ", message)
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr and "\u202e" not in result.stderr
    assert not (tmp_path / "site").exists()


MARKDOWN_ATTACKS = {f"{size // 1024} KB of {name}": (pattern * (size // len(pattern)))
                    for size in (16 * 1024, 32 * 1024, 64 * 1024)
                    for name, pattern in {"[": "[", "[a](": "[a](", "nested quotes": ">", "nested lists": "    - a\n"}.items()}


@pytest.mark.parametrize("case", MARKDOWN_ATTACKS)
@pytest.mark.parametrize("where", ["notes", "content"])
def test_pathological_markdown_is_refused_or_built_within_seconds(tmp_path, case, where):
    markdown = MARKDOWN_ATTACKS[case]
    data = tmp_path / "programs.toml"
    arguments = ["--data", data, "--out", tmp_path / "site"]
    code = None
    if where == "notes":
        data.write_text(PROGRAMS.replace('title = "Darks"', f"title = \"Darks\"\nnotes = '''{markdown}'''", 1))
    else:
        data.write_text(PROGRAMS)
        content = tmp_path / "content"
        content.mkdir()
        (content / "intro.md").write_text("Introduction.")
        (content / "about.md").write_text(markdown)
        code = f"import pathlib, sodrm.paths as paths; paths.CONTENT = pathlib.Path({str(content)!r})"
    started = time.monotonic()
    result = run_build(*arguments, python_code=code, timeout=30)
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 20
    if result.returncode:
        one_message(result, "at most")


# What is done to a content folder that holds intro.md and about.md: every problem the build then
# finds, each without the folder before the file's name.
CONTENT_FAULTS = {
    "invalid UTF-8": (lambda folder: (folder / "intro.md").write_bytes(b"Intro \xff"),
                      ["intro.md:1: not UTF-8 text (byte 0xff); save the file as UTF-8"]),
    "missing intro.md": (lambda folder: (folder / "intro.md").unlink(),
                         ["intro.md: file not found; expected the intro page in Markdown"]),
    "a folder named x.md": (lambda folder: (folder / "x.md").mkdir(), ["x.md: is a folder; expected a file here (remove or rename it)"]),
    "an unknown page, then a page's problem": (
        lambda folder: ((folder / "extra.md").write_text("x"), (folder / "intro.md").write_text("a\x1bb")),
        ["extra.md: not a page of the site; expected only intro.md and about.md",
         "intro.md: a control character (\\x1b) at character 2; expected plain text (remove it)"]),
    "a page not UTF-8, then a page's problem": (
        lambda folder: ((folder / "about.md").write_bytes(b"\xff"), (folder / "intro.md").write_text("a\x1bb")),
        ["about.md:1: not UTF-8 text (byte 0xff); save the file as UTF-8",
         "intro.md: a control character (\\x1b) at character 2; expected plain text (remove it)"]),
    "a paragraph too long": (lambda folder: (folder / "about.md").write_text("a" * (MAX_BLOCK + 1)),
                             [f"about.md: a paragraph of {MAX_BLOCK + 1:,} characters; expected at most {MAX_BLOCK:,} "
                              "(split it with blank lines)"]),
    "a link to no page": (lambda folder: (folder / "about.md").write_text("See [topics](site:topic)."),
                          ["about.md: a link to site:topic (did you mean 'topics'?), which names no page of this "
                           "site; expected site: followed by one of " + ", ".join(repr(name) for name in sorted(urls.LINKABLE))]),
    "a link to an about page it lacks": (
        lambda folder: ((folder / "intro.md").write_text("[More](site:about)."), (folder / "about.md").unlink()),
        ["intro.md: a link to site:about, which names no page of this site; expected site: followed by one of "
         + ", ".join(repr(name) for name in sorted(urls.LINKABLE) if name != "about")]),
}


@pytest.mark.parametrize("case", CONTENT_FAULTS)
def test_every_problem_in_content_is_a_located_message(tmp_path, case):
    from sodrm.errors import DataError
    from sodrm.pipeline import build

    make, expected = CONTENT_FAULTS[case]
    content = tmp_path / "content"
    content.mkdir()
    (content / "intro.md").write_text("Introduction.")
    (content / "about.md").write_text("About.")
    make(content)
    with pytest.raises(DataError) as raised:
        build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", tmp_path / "site",
              cache=tmp_path / "cache", content=content)
    assert [re.sub(r"^\S*content/", "", problem) for problem in raised.value.problems] == expected
    assert not (tmp_path / "site").exists()


def test_without_an_about_page_no_page_links_to_one_and_a_link_to_it_is_refused(tmp_path):
    from sodrm.errors import DataError
    from sodrm.pipeline import build

    content = tmp_path / "content"
    content.mkdir()
    (content / "intro.md").write_text("Introduction, and [about](site:about).")
    with pytest.raises(DataError) as raised:
        build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", tmp_path / "site",
              cache=tmp_path / "cache", content=content)
    assert "intro.md: a link to site:about, which names no page of this site" in str(raised.value)
    (content / "intro.md").write_text("Introduction.")
    build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", tmp_path / "site",
          cache=tmp_path / "cache", content=content)
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages and not any("about/" in page.read_text() for page in pages)
    assert not (tmp_path / "site" / urls.ABOUT).exists()


@pytest.mark.parametrize("address", ["example.org", "https://example.org/\nSitemap: https://evil.example/",
                                     "https://exa mple.org/", "javascript:alert(1)", "https://example.org/?q=1",
                                     "https://user:pw@example.org/", "https://example.org/\x1b[2J"])
def test_a_bad_site_url_is_refused_before_anything_is_read(tmp_path, address):
    result = command("--site-url", address, "--out", tmp_path / "site")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert "expected an absolute http(s) address" in result.stderr
    assert not (tmp_path / "site").exists()


# Interruptions and concurrency, at random moments, on a large catalogue: enough pages that the
# build renders on both cores (parallel.MIN_PAGES) and enough tables that its data file is read in
# parts (load.PART), so that the moments fall in every step of it, those included; a larger one
# would only make each trial slower.
TRIAL_PROGRAMS = 1_200


def digests(folder: Path) -> str:
    """One digest of a whole folder, its paths and their bytes: comparing two of these, a failed
    assertion prints two short strings, not two dictionaries of thousands of files to tell apart."""
    whole = blake2b(digest_size=16)
    for path, data in snapshot(folder).items():
        whole.update(f"{path}\0{blake2b(data, digest_size=16).hexdigest()}\0".encode())
    return whole.hexdigest()


@pytest.fixture
def trial_folder(tmp_path):
    """A folder for repeated builds of thousands of files: on the RAM disk when there is one
    (this machine's disk creates files slowly for minutes after a large deletion), else the
    test's own."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.statvfs(shm).f_bavail * os.statvfs(shm).f_frsize > 2 * 1024**3:
        folder = Path(tempfile.mkdtemp(dir=shm, prefix="sodrm-trials-"))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


@pytest.fixture(scope="module")
def two_catalogues(tmp_path_factory):
    """Data A and B (every hour changed), and the digests of a fresh build of each."""
    # The trials interrupt builds on several cores, of a data file read in parts.
    assert TRIAL_PROGRAMS >= parallel.MIN_PAGES and TRIAL_PROGRAMS > load.PART
    folder = tmp_path_factory.mktemp("large")
    a, b = folder / "a.toml", folder / "b.toml"
    a.write_text(catalog.toml(catalog.programs(TRIAL_PROGRAMS)))
    b.write_text(a.read_text().replace(".1\n", ".2\n").replace(".5\n", ".6\n"))
    fresh = {}
    for data in (a, b):
        out = folder / f"fresh-{data.stem}"
        assert run_build("--data", data, "--out", out, "--cache", folder / f"cache-{data.stem}").returncode == 0
        fresh[data] = digests(out)
    return a, b, fresh


def traceback_of_ours(stderr: str) -> bool:
    """Whether a traceback names build.py or sodrm/. Python answers a Ctrl-C that comes while it
    starts, before it runs build.py, with a traceback of its own frames: no program can change that."""
    return bool(re.search(r'File "[^"]*(build\.py|/sodrm/)', stderr))


def rebuild_interrupted(data, out, cache, sig, delay):
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--data", str(data), "--out", str(out),
                                "--cache", str(cache)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stdout, stderr


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "sigkill"])
def test_an_interrupted_rebuild_leaves_the_old_site_or_the_new_one(trial_folder, two_catalogues, sig):
    a, b, fresh = two_catalogues
    tmp_path = trial_folder
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert run_build("--data", a, "--out", out, "--cache", cache).returncode == 0
    started = time.monotonic()
    assert run_build("--data", b, "--out", out, "--cache", cache).returncode == 0
    rebuild = time.monotonic() - started  # interruptions fall anywhere in it, and some after it
    current, randomly = b, random.Random(1)
    outcomes = set()
    for trial in range(20):
        wanted = b if current is a else a
        status, stdout, stderr = rebuild_interrupted(wanted, out, cache, sig, randomly.uniform(0.05, 1.5 * rebuild))
        assert not traceback_of_ours(stderr), stderr
        if sig == signal.SIGINT and status == 130:
            assert stderr.startswith("Interrupted: ") and stderr.count("\n") == 1
        now = digests(out)
        assert now in (fresh[a], fresh[b]), f"trial {trial}: a mix of the two sites"
        current = a if now == fresh[a] else b
        outcomes.add(status)
        assert not list(tmp_path.glob(".site.*.tmp"))
    # The next build clears whatever was left beside the folder, and finishes the site.
    assert run_build("--data", b, "--out", out, "--cache", cache).returncode == 0
    assert digests(out) == fresh[b]
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.lock", "cache", "site"]
    assert not (tmp_path / ".site.next").exists() and not (tmp_path / ".site.old").exists()
    assert outcomes - {0}, "no interruption came before the build ended: nothing was tested"


@pytest.mark.slow
def test_ctrl_c_while_the_command_starts_is_one_line_and_nothing_half_built(tmp_path):
    # Every 10 ms of the command's first 0.3 s: Python starting, the imports, the arguments, the
    # first steps of the build; a short build is mostly these. (Python may answer one that comes
    # before it runs build.py, and then sometimes runs it: the folder is untouched or complete.)
    data, out, cache = tmp_path / "programs.toml", tmp_path / "site", tmp_path / "cache"
    data.write_text(PROGRAMS, encoding="utf-8")
    assert run_build("--data", data, "--out", tmp_path / "fresh", "--cache", tmp_path / "other").returncode == 0
    fresh = digests(tmp_path / "fresh")
    statuses = set()
    for delay in range(0, 300, 10):
        shutil.rmtree(out, ignore_errors=True)
        status, _, stderr = rebuild_interrupted(data, out, cache, signal.SIGINT, delay / 1000)
        assert not traceback_of_ours(stderr), f"Ctrl-C after {delay} ms: {stderr}"
        if status == 130:
            assert stderr.startswith("Interrupted: ") and stderr.count("\n") == 1, stderr
        assert not out.exists() or digests(out) == fresh, f"Ctrl-C after {delay} ms: half a site"
        statuses.add(status)
    assert 130 in statuses, "no Ctrl-C came while the command ran: nothing was tested"


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once_leave_one_complete_site(trial_folder, two_catalogues):
    a, b, fresh = two_catalogues
    tmp_path = trial_folder
    out, cache = tmp_path / "site", tmp_path / "cache"
    randomly = random.Random(2)
    for trial in range(20):
        first, second = (a, b) if trial % 2 else (b, a)
        command = [sys.executable, str(PROJECT / "build.py"), "--out", str(out), "--cache", str(cache), "--data"]
        one = subprocess.Popen([*command, str(first)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(randomly.uniform(0, 0.5))
        two = subprocess.Popen([*command, str(second)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Which build takes the lock first is the system's choice (the second may start first when
        # they are launched a few milliseconds apart): the site must be the last finished build's.
        finished = []
        deadline = time.monotonic() + 120
        while len(finished) < 2 and time.monotonic() < deadline:
            finished += [process for process in (one, two) if process not in finished and process.poll() is not None]
            time.sleep(0.005)
        results = [(process.wait(timeout=1), *process.communicate()) for process in (one, two)]
        for status, stdout, stderr in results:
            assert "Traceback" not in stderr
            assert (status, stdout.startswith("Built ")) == (0, True) or (
                status == 1 and "another build" in stderr), stderr
        built = [process for process in finished if process.returncode == 0]
        last = first if built[-1] is one else second
        assert digests(out) == fresh[last], f"trial {trial}: the site is not the last build's"


@pytest.mark.parametrize("damage", [lambda data: data[:20], lambda data: b"garbage", lambda data: b""])
def test_a_damaged_compiled_template_in_the_cache_is_compiled_again(built, tmp_path, damage):
    data, out, _ = built
    cache = tmp_path / "cache"
    assert command("--data", data, "--out", out, "--cache", cache).returncode == 0
    compiled = list((cache / "templates").iterdir())
    assert compiled
    for path in compiled:
        path.write_bytes(damage(path.read_bytes()))
    data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
    result = command("--data", data, "--out", out, "--cache", cache)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    fresh = tmp_path / "fresh"
    assert command("--data", data, "--out", fresh, "--cache", tmp_path / "other").returncode == 0
    assert snapshot(out) == snapshot(fresh)


@pytest.mark.parametrize("folder", ["static", "templates", "content"])
def test_a_link_that_leads_outside_its_folder_is_refused_and_nothing_is_published(tmp_path, folder):
    copy = tmp_path / "project"
    shutil.copytree(PROJECT / folder, copy)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=do-not-publish")
    (copy / ("leak.md" if folder == "content" else "leak.txt")).symlink_to(secret)
    code = f"import sodrm.paths as p, pathlib; p.{folder.upper()} = pathlib.Path({str(copy)!r})"
    one_message(run_build("--out", tmp_path / "site", "--cache", tmp_path / "cache", python_code=code),
                "leak.", f"a link to {secret}, outside", "copy the file in, or remove the link")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name, content, message", [
    (b"style.css", b"body { content: '\xe9' }", "static/style.css: not UTF-8 text; save the file as UTF-8"),
    (b"caf\xe9.txt", b"text", "a file name that is not UTF-8; rename the file"),
])
def test_a_static_file_that_is_not_utf8_is_one_located_message(tmp_path, name, content, message):
    static = tmp_path / "project" / "static"
    shutil.copytree(PROJECT / "static", static)
    with open(os.path.join(os.fsencode(static), name), "wb") as file:
        file.write(content)
    code = f"import sodrm.paths as p, pathlib; p.STATIC = pathlib.Path({str(static)!r})"
    one_message(run_build("--out", tmp_path / "site", "--cache", tmp_path / "cache", python_code=code), message)
    assert not (tmp_path / "site").exists()


def test_a_static_folder_that_cannot_be_read_is_one_located_message(tmp_path):
    """Not left out of the site without a word (the build runs as root here, so the folder's
    reading is made to fail)."""
    static = tmp_path / "static"
    shutil.copytree(PROJECT / "static", static)
    (static / "images").mkdir()
    code = (f"import os, pathlib, sodrm.paths as p; p.STATIC = pathlib.Path({str(static)!r})\n"
            "scandir = os.scandir\n"
            "def refusing(path='.'):\n"
            "    if str(path).endswith('images'): raise PermissionError(13, 'Permission denied', str(path))\n"
            "    return scandir(path)\n"
            "os.scandir = refusing")
    one_message(run_build("--out", tmp_path / "site", "--cache", tmp_path / "cache", python_code=code),
                "images: cannot be read as a folder (Permission denied); check its permissions")


def test_an_output_that_is_a_mount_point_is_one_message_that_says_what_to_do(tmp_path):
    require(os.geteuid() == 0, "run as root, which may mount a file system (CI does)")
    out = tmp_path / "site"
    out.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(out)], check=True)
    try:
        one_message(command("--out", out), f"{out}: is a mount point", f"(--out {out / 'site'})")
        assert list(out.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["site"]
        assert command("--out", out / "site").returncode == 0
    finally:
        subprocess.run(["umount", str(out)], check=True)


# Strings of each TOML kind that a scan could misread, each before 7,000 nested arrays: the TOML
# parser crashes (a segfault, no message) on such nesting if it ever reaches it.
HIDING = ['a = """a\\"""b"""', "a = '''a''''", 'a = "x\\"[[["', "a = '[[['", "# [[[", 'a = """ "" [ """']


@pytest.mark.slow
@pytest.mark.parametrize("where", ["programs", "site"])
@pytest.mark.parametrize("hiding", HIDING)
def test_no_string_can_hide_deep_nesting_from_the_real_command(tmp_path, hiding, where):
    deep = f'{hiding}\nb = {"[" * 7000}{"]" * 7000}\n'
    data, site = tmp_path / "programs.toml", tmp_path / "site.toml"
    data.write_text(PROGRAMS + deep if where == "programs" else PROGRAMS)
    site.write_text(SITE_TOML + deep if where == "site" else SITE_TOML)
    result = run_build("--data", data, "--site-data", site, "--out", tmp_path / "out")
    assert result.returncode == 1, (result.returncode, result.stderr)  # not -11 or 139: no crash
    one_message(result, f"{where}.toml:", "arrays or tables nested 7000 deep; expected at most 8")
