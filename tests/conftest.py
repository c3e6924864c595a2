"""Shared fixtures: the site is built once per test session into a temporary folder.

The expected values come from tests/source_table.txt, the table as STScI publishes it, not from
the data file or the build's own code, so a test fails if any of them drifts from the source.
"""
from __future__ import annotations

import http.server
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

# Every build of the tests, in this process or another, keeps its cache here, never in the project's;
# the folder goes when the session ends (pytest_unconfigure), so that runs do not pile up in /tmp.
# mutmut ends its forked runs without unconfigure: under make mutants the folder is made in mutants/,
# which the next run of the target removes.
TEST_CACHE = tempfile.mkdtemp(prefix="sodrm-test-cache-",
                              dir=Path(__file__).parent.parent if os.environ.get("MUTANT_UNDER_TEST") else None)
os.environ["SODRM_CACHE"] = TEST_CACHE

from sodrm.paths import PROJECT  # noqa: E402
from sodrm.pipeline import build  # noqa: E402

# The quick tier (make test-fast) tries each Hypothesis property on a third of its examples;
# make test, which CI runs, on all of them.
QUICK = os.environ.get("SODRM_QUICK_TESTS") == "1"

# make mutants: a property that fails has killed its mutant; shrinking the failure to its
# smallest example would tell mutmut nothing more.
if os.environ.get("SODRM_MUTANTS") == "1":
    from hypothesis import Phase, settings

    settings.register_profile("mutants", phases=[Phase.explicit, Phase.reuse, Phase.generate])
    settings.load_profile("mutants")

if os.environ.get("MUTANT_UNDER_TEST") == "stats":
    # mutmut tries each mutant on the tests that called its function while it watched. A
    # module or session fixture's build is called once, in the setup of the first test that asks
    # for it: it is counted for every test that uses the fixture, so that the tests checking what
    # that build made are tried too, against one build of the fixture per run as usual.
    from mutmut.state import state

    class _FixtureCalls:
        """A plugin of the whole session: a session fixture is set up outside this folder."""

        def __init__(self) -> None:
            self.calls: dict[str, set[str]] = {}

        @pytest.hookimpl(wrapper=True)
        def pytest_fixture_setup(self, fixturedef, request):
            before = set(state()._stats)
            result = yield
            if fixturedef.scope != "function":
                self.calls.setdefault(fixturedef.argname, set()).update(state()._stats - before)
            return result

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_teardown(self, item, nextitem):
            for name in item.fixturenames:
                state()._stats.update(self.calls.get(name, ()))

    def pytest_configure(config):
        config.pluginmanager.register(_FixtureCalls(), "sodrm-fixture-calls")


def pytest_unconfigure(config):
    shutil.rmtree(TEST_CACHE, ignore_errors=True)


def line_of(text: str, needle: str) -> int:
    """The line of the text on which `needle` first stands."""
    return text[:text.index(needle)].count("\n") + 1


def examples(count: int) -> int:
    """How many examples a property is tried on, in this tier."""
    return max(5, count // 3) if QUICK else count


PROGRAMS = (PROJECT / "data" / "programs.toml").read_text(encoding="utf-8")
SITE_TOML = (PROJECT / "data" / "site.toml").read_text(encoding="utf-8")


def site_toml_without(header: str) -> str:
    """data/site.toml without its tables headed `header` ("[site]", "[[topics]]", ...)."""
    blocks = re.split(r"(?m)^(?=\[)", SITE_TOML)  # each table from its header to the next
    assert any(block.startswith(header) for block in blocks)
    return "".join(block for block in blocks if not block.startswith(header))


def run_build(*arguments, cwd=None, timeout=120, python_code=None):
    """build.py run as a command; `python_code`, when given, runs first in the same process (to
    inject a fault), and the command then runs as build.py would."""
    command = [sys.executable, str(PROJECT / "build.py")]
    if python_code:
        command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(PROJECT)!r})\n{python_code}\n"
                   "from sodrm.cli import main; sys.exit(main(sys.argv[1:]))"]
    return subprocess.run([*command, *map(str, arguments)], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def command(*arguments, cwd=None) -> subprocess.CompletedProcess:
    """build.py's command run in this process: the same code as run_build's, its exit status and
    what it printed, without starting Python. For tests of what the command says and leaves;
    run_build for those of the interpreter's start, signals, other processes or the lock."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from sodrm.cli import main

    printed, said = StringIO(), StringIO()
    before = os.getcwd()
    try:
        os.chdir(cwd or before)
        with redirect_stdout(printed), redirect_stderr(said):
            try:
                status = main([str(argument) for argument in arguments])
            except SystemExit as exit_:  # argparse's answer to bad arguments
                status = exit_.code
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(arguments, status, printed.getvalue(), said.getvalue())


def project_copy(folder: Path) -> Path:
    """The project's inputs (data, content, templates, static) copied into `folder`, to edit there."""
    for part in ("data", "content", "templates", "static"):
        shutil.copytree(PROJECT / part, folder / part)
    return folder


def build_project(folder: Path, out: Path, cache: Path | None = None, **options):
    """The project whose inputs are in `folder` (project_copy) built in this process into `out`."""
    return build(folder / "data/programs.toml", folder / "data/site.toml", out, cache=cache or folder / "cache",
                 templates=folder / "templates", static=folder / "static", content=folder / "content", **options)


def snapshot(folder: Path, times: bool = False) -> dict:
    """Every file of a folder, hidden ones included, with its bytes (and modification time)."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns) if times
            else path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def html_pages(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*.html"))

# The published copy lost its column headers; DEVELOPERS.md gives their order.
SOURCE_INSTRUMENTS = ("NIRCam", "NIRSpec", "NIRISS", "MIRI")
FULL_NAMES = {
    "NIRCam": "Near Infrared Camera",
    "NIRSpec": "Near Infrared Spectrograph",
    "NIRISS": "Near Infrared Imager and Slitless Spectrograph",
    "MIRI": "Mid-Infrared Instrument",
}


@dataclass(frozen=True)
class SourceProgram:
    id: int
    hours: str  # as printed in the source, e.g. "372.0"
    title: str
    instrument: str

    @property
    def slug(self) -> str:
        return self.instrument.lower()


def read_source_table(path: Path) -> list[SourceProgram]:
    programs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"(9\d{4}) (\d+\.\d) (.*)$", line)
        if not match:
            continue
        number, hours, rest = match.groups()
        # Cells are separated by spaces; an empty instrument cell holds a no-break space.
        cells = rest.rstrip(" ").split(" ")
        marks = cells[-4:]
        assert sorted(marks) == ["X", "\xa0", "\xa0", "\xa0"], line
        programs.append(SourceProgram(int(number), hours, " ".join(cells[:-4]), SOURCE_INSTRUMENTS[marks.index("X")]))
    return programs


SOURCE = read_source_table(Path(__file__).parent / "source_table.txt")
SOURCE_BY_ID = {program.id: program for program in SOURCE}


@pytest.fixture(scope="session")
def catalog():
    """The real data as the build loads it: records whose topics and modes the tests may follow."""
    from sodrm.load import load
    from sodrm.sources import read_sources

    sources = read_sources(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml",
                           PROJECT / "content", PROJECT / "templates", PROJECT / "static")
    return load(sources).catalog


def heading(program_id: int, instrument: str) -> str:
    """What a program page's heading calls the program, before its title."""
    return f"SODRM calibration program {program_id} (CAL/{instrument})"


def source_hours(programs) -> Decimal:
    return sum((Decimal(program.hours) for program in programs), Decimal(0))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", out,
          cache=tmp_path_factory.mktemp("cache"))
    return out


# The public address the site is built for where a test needs one.
SITE_URL = "https://example.org/sodrm/"


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The real site, built for its public address (SITE_URL): canonical links, a sitemap."""
    out = tmp_path_factory.mktemp("published") / "site"
    build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", out, site_url=SITE_URL,
          cache=tmp_path_factory.mktemp("published-cache"))
    return out


@pytest.fixture(scope="session")
def parsed(site):
    """parsed("programs/96000.html") -> the parsed HTML of that page of the built site."""

    @cache
    def parse(address: str) -> BeautifulSoup:
        path = site / address
        if address == "" or address.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    return parse


def target(page_path: str, href: str) -> str:
    """The site path a relative link on the page at `page_path` leads to (a folder as its index.html)."""
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), href.split("#")[0]))
    resolved = "" if resolved == "." else resolved
    return resolved + ("/index.html" if href.split("#")[0].endswith("/") and resolved else
                       "index.html" if not resolved else "")


def pytest_collection_modifyitems(items):
    """A test that drives Chromium is in the browser tier, whichever module it is in."""
    for item in items:
        if {"browser", "tab"} & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)


def text(element) -> str:
    """An element's text as a reader sees it: white space folded, none before punctuation."""
    return re.sub(r" ([,.;:!?%)])", r"\1", " ".join(element.get_text(" ").split()))


# Real-browser and validator tests. Under CI a missing tool is a failure; locally, a skip that
# says what to install.
IN_CI = os.environ.get("CI") == "true"
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = PROJECT / "node_modules"


def require(available: bool, install: str) -> None:
    if not available:
        if IN_CI:
            pytest.fail(f"missing under CI=true: {install}", pytrace=False)
        pytest.skip(f"to run this test, {install}")


@contextmanager
def pages_server(out: Path, prefix: str = "/sodrm/"):
    """Serves `out` at http://127.0.0.1:PORT/sodrm/ like a GitHub Pages project site: files under
    the prefix, 404.html with status 404 for anything else. Yields the base address."""

    class PagesHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(out / "no such file")
            return super().translate_path("/" + path[len(prefix):])

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (out / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PagesHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The real site, built for its address and served like a GitHub Pages project site."""
    out = tmp_path_factory.mktemp("served") / "site"
    with pages_server(out) as base:
        build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", out, site_url=base,
              cache=tmp_path_factory.mktemp("served-cache"))
        yield SimpleNamespace(base=base, folder=out)


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), "install Debian's Chromium: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "install Playwright for Python: make test")
    with sync_playwright() as playwright:
        # The machine has no network beyond package registries: background services would only fail.
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def index_tab(served, tab):
    """The index, open in Chromium."""
    tab.goto(served.base)
    return tab


@pytest.fixture
def tab(browser):
    """A fresh page at 1280x800 in the light scheme; tests may resize it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light")
    page = context.new_page()
    yield page
    context.close()


def site_pages(folder: Path) -> list[str]:
    """The address of every HTML page under `folder`, relative to the site root: the site's pages,
    not those that only send the reader on from an old address (redirect_pages)."""
    return sorted(set(_html_addresses(folder)) - set(redirect_pages(folder)))


def redirect_pages(folder: Path) -> list[str]:
    """The addresses under `folder` that send the reader on to where a page is now."""
    return sorted(address for address, path in _html_addresses(folder).items()
                  if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"))


def _html_addresses(folder: Path) -> dict[str, Path]:
    return {path.relative_to(folder).as_posix().removesuffix("index.html"): path for path in folder.rglob("*.html")}
