"""Speed and size figures, ours against Hugo's, in one run (the machine is noisy: medians, ratios).

    make bench                          # everything: builds at N = 37, 1,000, 10,000; browser; Lighthouse
    .venv/bin/python bench/run.py --sizes 37 1000 --repeats 3 --skip-lighthouse

Builds: for each size, a deterministic synthetic catalog (bench/catalog.py) is built by us
and by the reference Hugo site (bench/hugo-site, Debian's hugo), alternating the two
(who goes first changes every round; before each build the disk is synced, so that no build pays
for what the one before it wrote; every round builds into new folders, on a RAM disk when there
is one: see default_work_folder):
  cold      into an empty folder, and for us without what the last builds made (no manifest,
            no Markdown results); compiled templates stay, as Python's own __pycache__ does
  no-change again into the same folder, nothing changed
  one-change after one program's title changed (alternating between two titles)
  peak memory of one more cold build, untimed: the peak resident set size of its process, plus
            the most memory that each process it forks held alone (see peak_memory)
  floor     the least a build of this design does before it renders a page (see FLOORS)
Preview, at the smallest size: from saving a file to the new page served over HTTP, our --serve
(after an edit of the data file; the time ends as a browser's reload script would end it: the
rebuilt message on the event stream, then the page asked for) against `hugo server` (after an
edit of a content file; its page asked for every 2 ms until it shows the new title).
Large: one cold build of a 100,000-program catalog, ours alone: its time, and its peak memory
(the largest of its processes, as /usr/bin/time reports it, and all of them, as above).
Browser (Chromium): the time to sort each column of the 10,000-program index; the gzipped weight
of the real index with its CSS, JS and favicon, and whether it requests anything from elsewhere.
Lighthouse 12.2.3 (npm) scores the real index and one program page.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(PROJECT))
from sodrm.serve import RELOAD_ADDRESS  # noqa: E402  where the preview tells a browser it rebuilt
CHROMIUM = "/usr/bin/chromium"
TARGETS = {  # ratio ours / Hugo, by (size, measure); "at most"
    (10000, "cold"): 0.7, (10000, "no-change"): 0.1, (10000, "one-change"): 0.7, (10000, "peak memory"): 0.5,
    (37, "cold"): 1.5, (37, "no-change"): 1.5, (37, "one-change"): 1.5,
}


# As on a maintainer's machine, Python keeps its compiled modules (some sandboxes turn that off,
# which would make every build compile our code again).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> float:
    """Seconds the command took."""
    # Each build starts with nothing waiting to be written: otherwise a build pays for the files
    # that the one before it wrote, which the disk here takes seconds to settle.
    os.sync()
    started = time.perf_counter()
    _run(command)
    return time.perf_counter() - started


def peak_memory(command: list[str]) -> float:
    """Peak memory of the command in MiB: the peak resident set size of its process (wait4),
    plus, for each process it forks (our build renders on every core), the peak of the memory
    that child holds alone (Private_Clean + Private_Dirty, read from /proc every 2 ms): what it
    shares with its parent is in the parent's resident set already. Reading a child's memory
    map takes the kernel half a millisecond, so this runs apart from the timed builds."""
    os.sync()
    peaks: dict[str, int] = {}
    done = threading.Event()

    def watch(pid: int) -> None:
        while not done.wait(0.002):
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:  # it has ended
                return
            for child in children:
                try:
                    summary = Path(f"/proc/{child}/smaps_rollup").read_text()
                except OSError:
                    continue
                private = sum(int(line.split()[1]) for line in summary.splitlines()
                              if line.startswith(("Private_Clean:", "Private_Dirty:")))
                peaks[child] = max(peaks.get(child, 0), private)

    usage = _run(command, watch)
    done.set()
    return (usage.ru_maxrss + sum(peaks.values())) / 1024


def _run(command: list[str], watch=None):
    """Runs the command, with `watch(pid)` in a thread meanwhile; returns its resource usage."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENVIRONMENT)
        watcher = threading.Thread(target=watch, args=(process.pid,), daemon=True) if watch else None
        if watcher:
            watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed: {errors.read().decode()}")
    return usage


class Catalog:
    """One synthetic catalog for both generators, and a way to change one program's title."""

    def __init__(self, size: int, folder: Path) -> None:
        self.toml = folder / "programs.toml"
        self.hugo = folder / "hugo"
        shutil.copytree(BENCH / "hugo-site", self.hugo)
        for path in self.hugo.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        subprocess.run([sys.executable, str(BENCH / "catalog.py"), str(size), str(self.toml), "--hugo", str(self.hugo)],
                       check=True)
        self.page = self.hugo / "content" / "programs"
        self.data = self.hugo / "data" / "programs.json"
        programs = json.loads(self.data.read_text())["programs"]
        self.first_title = programs[0]["title"]
        self.page = self.page / f"{programs[0]['id']}.md"
        self.originals = {path: path.read_text() for path in (self.toml, self.page, self.data)}

    def retitle(self, version: int) -> None:
        """Gives the first program a new title, in our catalog and in Hugo's content and data."""
        old, new = json.dumps(self.first_title), json.dumps(f"{self.first_title} (revision {version})")
        for path, text in self.originals.items():
            path.write_text(text.replace(old, new, 1))


# The least a build of this design does before it renders its first page, whatever it skips,
# timed as a command beside the builds: starting Python; importing Jinja (and for a cold build
# Markdown, converting the Markdown too); reading and loading the data; planning the whole site;
# making the downloads; keying every page, which a build whose inputs changed needs in order to know
# which pages to render. Compared with Hugo's build of the same kind.
FLOORS = {"floor: cold": "cold", "floor: one-change": "one-change"}
FLOOR = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(PROJECT)!r})
import jinja2
from sodrm import incremental, paths
from sodrm.downloads import downloads
from sodrm.load import load
from sodrm.pages import plan, shared
from sodrm.sources import read_sources
from sodrm.text import markdown_html
cold = sys.argv[2] == "cold"
sources = read_sources(Path(sys.argv[1]), paths.SITE_DATA, paths.CONTENT, paths.TEMPLATES, paths.STATIC)
catalog, texts, lines = load(sources)
pages = plan(catalog, texts, None, markdown_html if cold else str, None, None, lines)
downloads(catalog, None)
keys = incremental.Keys("", sources.templates, shared(catalog, texts, None, None))
[keys.of(page) for page in pages]
"""


def bench_builds(size: int, repeats: int, work: Path) -> dict[str, tuple[list[float], list[float]]]:
    catalog = Catalog(size, work)
    cache = work / "cache"
    results: dict[str, tuple[list[float], list[float]]] = {
        name: ([], []) for name in ("cold", "no-change", "one-change", "peak memory")}
    floors: dict[str, list[float]] = {name: [] for name in FLOORS}
    version = 0
    for repeat in range(repeats):
        # New folders every round, and nothing deleted until the end: on a disk like this one
        # (see default_work_folder), the bench would otherwise measure its own clean-up.
        def in_turn(name: str, folder: str, measure) -> None:
            ours = [sys.executable, str(PROJECT / "build.py"), "--data", str(catalog.toml),
                    "--out", str(work / f"ours-{folder}"), "--cache", str(cache)]
            hugo = ["hugo", "--quiet", "-s", str(catalog.hugo), "-d", str(work / f"hugo-{folder}")]
            # Who goes first changes every round, so that neither side always meets the other's writes.
            for side, command in [(0, ours), (1, hugo)] if repeat % 2 == 0 else [(1, hugo), (0, ours)]:
                if side == 0 and name in ("cold", "peak memory"):
                    (cache / "markdown.json").unlink(missing_ok=True)
                results[name][side].append(measure(command))

        catalog.retitle(version)
        version += 1
        in_turn("cold", str(repeat), timed)
        in_turn("no-change", str(repeat), timed)
        catalog.retitle(version)
        version += 1
        in_turn("one-change", str(repeat), timed)
        in_turn("peak memory", f"memory-{repeat}", peak_memory)
        for name, measure in FLOORS.items():
            floors[name].append(timed([sys.executable, "-c", FLOOR, str(catalog.toml), measure]))
    for name, measure in FLOORS.items():
        results[name] = (floors[name], results[measure][1])
    return results


def print_builds(size: int, results) -> list[str]:
    failures = []
    for name, (ours, hugo) in results.items():
        unit = "MiB" if name == "peak memory" else "s"
        ratio = statistics.median(ours) / statistics.median(hugo)
        target = TARGETS.get((size, name))
        verdict = "" if target is None else (f"target <= {target}: " + ("met" if ratio <= target else "NOT MET"))
        if target is not None and ratio > target:
            failures.append(f"N={size} {name}")
        if name in FLOORS:
            target = TARGETS.get((size, FLOORS[name]))
            verdict = f"against Hugo's {FLOORS[name]}" + (
                f"; the {FLOORS[name]} target ({target}) is {'above' if ratio <= target else 'BELOW'} this floor"
                if target is not None else "")
        # The median, then the spread of the runs (min to max), so that a ratio near its target
        # can be told from noise.
        print(f"{size:>6} {name:<17} ours {statistics.median(ours):8.3f} {unit:<3} ({min(ours):.3f}-{max(ours):.3f})  "
              f"hugo {statistics.median(hugo):8.3f} {unit:<3} ({min(hugo):.3f}-{max(hugo):.3f})  "
              f"ratio {ratio:5.2f}  {verdict}", flush=True)
    return failures


class Served:
    """A folder served on 127.0.0.1 in a thread, for the browser and Lighthouse."""

    def __init__(self, folder: Path) -> None:
        handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(folder))  # noqa: E731
        http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def bench_browser(work: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    failures = []
    big = work / "browser-10000"
    catalog = Catalog(10000, work / "catalog-10000")
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "--data", str(catalog.toml), "--out", str(big),
                    "--cache", str(work / "browser-cache")], check=True, stdout=subprocess.DEVNULL)
    real = work / "real-site"
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "--out", str(real), "--cache", str(work / "real-cache")],
                   check=True, stdout=subprocess.DEVNULL)
    served_big, served_real = Served(big), Served(real)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-background-networking"])
        page = browser.new_page()
        page.goto(served_big.url)
        times: dict[str, list[float]] = {}
        for _ in range(3):
            for column in ("Program", "Hours", "Title", "Instrument"):
                for _direction in range(2):
                    # performance.now() around the click; reading offsetHeight makes the browser
                    # lay the new order out before the clock stops.
                    took = page.evaluate("""name => {
                        const button = [...document.querySelectorAll("table.programs thead button")]
                            .find(b => b.textContent.trim() === name);
                        const start = performance.now();
                        button.click();
                        document.body.offsetHeight;
                        return performance.now() - start;
                    }""", column)
                    times.setdefault(column, []).append(took)
        slowest = max(max(values) for values in times.values())
        for column, values in times.items():
            print(f"  sort 10,000 rows by {column:<10} median {statistics.median(values):6.1f} ms, "
                  f"slowest {max(values):6.1f} ms")
        print(f"  slowest sort {slowest:.1f} ms; target <= 100 ms: {'met' if slowest <= 100 else 'NOT MET'}")
        if slowest > 100:
            failures.append("sorting 10,000 rows")

        requested = []
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(served_real.url, wait_until="networkidle")
        foreign = [url for url in requested if not url.startswith(served_real.url)]
        local = sorted({url.removeprefix(served_real.url) or "index.html" for url in requested} - {""})
        browser.close()
    total = 0
    for name in local:
        path = real / (name if not name.endswith("/") else name + "index.html")
        size = len(gzip.compress(path.read_bytes(), compresslevel=9))
        total += size
        print(f"  {name:<20} {path.stat().st_size:6} bytes, {size:5} gzipped")
    print(f"  index with everything it loads: {total} bytes gzipped ({total / 1024:.1f} KiB); "
          f"target <= 10 KiB: {'met' if total <= 10240 else 'NOT MET'}; requests elsewhere: {foreign or 'none'}")
    if total > 10240 or foreign:
        failures.append("index weight")
    served_big.close()
    served_real.close()
    return failures


def bench_lighthouse(work: Path) -> list[str]:
    lighthouse = PROJECT / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        print("  Lighthouse is not installed: npm ci")
        return ["Lighthouse missing"]
    real = work / "real-site"
    served = Served(real)
    failures = []
    for address in ("", "programs/96000.html"):
        report = work / "lighthouse.json"
        subprocess.run(
            [str(lighthouse), served.url + address, "--output=json", f"--output-path={report}", "--quiet",
             "--only-categories=performance,accessibility,best-practices,seo",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
            check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        categories = json.loads(report.read_text())["categories"]
        scores = {name: round(category["score"] * 100) for name, category in categories.items()}
        print(f"  /{address:<16} " + ", ".join(f"{name} {score}" for name, score in scores.items()))
        if any(score < 100 for score in scores.values()):
            failures.append(f"Lighthouse /{address}")
    served.close()
    return failures


# What the builds of one run take on a RAM disk (mostly 10,000-program sites), with room to spare.
RAM_DISK_NEEDED = 4 << 30


def default_work_folder() -> Path:
    """A RAM disk if there is one with room, else the temporary folder. On this project's machine
    (ext4 without a journal), the disk does not reuse an inode freed in the last minute (six, while
    its inode table is unwritten) and scans past each such inode for every file it creates: within
    minutes of any large deletion (the previous bench's clean-up, say), making 10,000 files took
    1.5 to 6 s instead of 0.2 s, whichever generator met it. On a RAM disk both generators do the
    same work, and the figures stop depending on what ran before. `--work` measures on a disk."""
    ram_disk = Path("/dev/shm")
    if ram_disk.is_dir() and os.access(ram_disk, os.W_OK) and shutil.disk_usage(ram_disk).free > RAM_DISK_NEEDED:
        return ram_disk
    return Path(tempfile.gettempdir())


HISTORY_COMMITS = 100


def bench_history(size: int, repeats: int, work: Path) -> None:
    """A build with nothing to do, of the same catalogue inside a git repository whose data file
    has HISTORY_COMMITS commits, and outside one: the data's history must cost next to nothing."""
    sys.path.insert(0, str(PROJECT))
    from bench import catalog

    repository, alone = work / "repository", work / "alone"
    repository.mkdir(parents=True)
    alone.mkdir()
    environment = {**ENVIRONMENT, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
                   "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    programs = catalog.programs(size)
    for commit in range(HISTORY_COMMITS):  # each commit revises one more title
        if commit:
            programs[commit * 37 % size]["title"] += " (revised)"
        (repository / "programs.toml").write_text(catalog.toml(programs), encoding="utf-8")
        subprocess.run(["git", "-C", str(repository), "add", "programs.toml"], check=True, env=environment)
        subprocess.run(["git", "-C", str(repository), "commit", "-qm", f"version {commit}"], check=True, env=environment)
    (alone / "programs.toml").write_bytes((repository / "programs.toml").read_bytes())
    for name, folder in (("inside a repository", repository), ("outside one", alone)):
        command = [sys.executable, str(PROJECT / "build.py"), "--data", str(folder / "programs.toml"),
                   "--out", str(folder / "site"), "--cache", str(folder / "cache")]
        first = timed(command)  # reads every past version once; later builds find them in the cache
        times = [timed(command) for _ in range(repeats)]
        print(f"{size:>6} no-change, {name:<20} ours {statistics.median(times):7.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}; the first build, which reads the history: {first:.1f} s)")


PREVIEW_TARGET = 0.2  # ours / `hugo server`, from saving a file to the new page served


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _served_when(url: str, wanted: str, deadline: float) -> float:
    """Polls `url` until its body holds `wanted`; returns the time it did (perf_counter). For
    `hugo server`, whose pages are served by threads that do not hold up its rebuild."""
    while time.perf_counter() < deadline:
        try:
            if wanted in _page(url):
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.002)
    raise SystemExit(f"the preview at {url} never served {wanted!r}")


def _reloaded_when(events, url: str, wanted: str, deadline: float) -> float:
    """As the reload script in a browser does: waits on the preview's event stream for the message
    that the site was rebuilt, then asks for `url`; returns when the page served holds `wanted`
    (perf_counter). Polling our preview would measure the polls too: each one is answered in the
    process that is rebuilding, and takes turns with it."""
    while time.perf_counter() < deadline:
        line = events.readline()
        if not line:
            break
        if line.startswith(b"data:") and wanted in _page(url):
            return time.perf_counter()
    raise SystemExit(f"the preview at {url} never served {wanted!r}")


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.read().decode("utf-8", "replace")


def _started(command: list[str], ready: str, cwd: Path | None = None) -> subprocess.Popen:
    """A server started, once its output has a line holding `ready`."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
                               env=ENVIRONMENT)
    for line in process.stdout:
        if ready in line:
            threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe drained
            return process
    raise SystemExit(f"{command[0]} stopped before it served: {process.wait()}")


def bench_preview(size: int, repeats: int, work: Path) -> list[str]:
    """From saving a file to the new page served over HTTP: our preview (--serve) after an edit of
    the data file, `hugo server` after an edit of a content file, on the same catalogue; each
    edit retitles the first program, and the time stops when its page, polled, shows the title."""
    # The catalogue in a folder of its own: the preview watches the data file's folder, and its
    # output and cache are elsewhere.
    (work / "catalog").mkdir(parents=True)
    catalog = Catalog(size, work / "catalog")
    ours_port, hugo_port = _free_port(), _free_port()
    ours = _started([sys.executable, str(PROJECT / "build.py"), "--data", str(catalog.toml), "--out",
                     str(work / "preview"), "--cache", str(work / "cache"), "--serve", "--port", str(ours_port)],
                    "Serving http://")
    hugo = _started(["hugo", "server", "-s", str(catalog.hugo), "--bind", "127.0.0.1", "--port", str(hugo_port)],
                    "Web Server is available at")
    first_id = json.loads(catalog.data.read_text())["programs"][0]["id"]
    pages = {"ours": (f"http://127.0.0.1:{ours_port}/programs/{first_id}.html", catalog.toml),
             "hugo": (f"http://127.0.0.1:{hugo_port}/programs/{first_id}/", catalog.page)}
    events_url = f"http://127.0.0.1:{ours_port}{RELOAD_ADDRESS}"
    times: dict[str, list[float]] = {"ours": [], "hugo": []}
    try:
        for repeat in range(repeats):
            for side in ("ours", "hugo") if repeat % 2 == 0 else ("hugo", "ours"):
                url, path = pages[side]
                title = f"{catalog.first_title} (preview {repeat})"
                text = catalog.originals[path].replace(json.dumps(catalog.first_title), json.dumps(title), 1)
                wanted = title.replace("&", "&amp;")
                with contextlib.ExitStack() as stack:
                    if side == "ours":
                        events = stack.enter_context(urllib.request.urlopen(events_url, timeout=30))
                    time.sleep(0.5)  # both watchers quiet before the save
                    saved = time.perf_counter()
                    path.write_text(text)
                    served = (_reloaded_when(events, url, wanted, saved + 30) if side == "ours"
                              else _served_when(url, wanted, saved + 30))
                times[side].append(served - saved)
    finally:
        for process in (ours, hugo):
            process.terminate()
            process.wait()
    ratio = statistics.median(times["ours"]) / statistics.median(times["hugo"])
    for side in ("ours", "hugo"):
        values = times[side]
        print(f"{size:>6} preview, {side:<5} median {statistics.median(values) * 1000:6.1f} ms "
              f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}; runs: "
              + ", ".join(f"{value * 1000:.0f}" for value in values) + ")")
    print(f"{size:>6} preview ratio {ratio:5.2f}  target <= {PREVIEW_TARGET}: "
          f"{'met' if ratio <= PREVIEW_TARGET else 'NOT MET'}", flush=True)
    return [] if ratio <= PREVIEW_TARGET else [f"N={size} preview"]


LARGE = 100_000
LARGE_MEMORY_TARGET = 394  # MB, its largest process: what this catalog took on 2 December (issue 21)


def bench_large(work: Path) -> list[str]:
    work.mkdir(parents=True)
    data, out, cache = work / "programs.toml", work / "site", work / "cache"
    subprocess.run([sys.executable, str(BENCH / "catalog.py"), str(LARGE), str(data)], check=True)
    command = [sys.executable, str(PROJECT / "build.py"), "--data", str(data), "--out", str(out), "--cache", str(cache)]
    os.sync()
    started = time.perf_counter()
    usage = _run(command)  # wait4: the largest resident set of the build and every process it forked
    seconds = time.perf_counter() - started
    shutil.rmtree(out)
    shutil.rmtree(cache)
    every = peak_memory(command)
    largest = usage.ru_maxrss * 1024 / 1e6
    print(f"{LARGE:>6} cold build {seconds:.1f} s ({data.stat().st_size / 1e6:.1f} MB of data); peak memory: "
          f"largest process {largest:.0f} MB, all processes {every * 1.048576:.0f} MB; target: largest <= "
          f"{LARGE_MEMORY_TARGET} MB: {'met' if largest <= LARGE_MEMORY_TARGET else 'NOT MET'}", flush=True)
    return [] if largest <= LARGE_MEMORY_TARGET else [f"N={LARGE} peak memory"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[37, 1000, 10000])
    # Nine: a 37-program build takes 40 to 70 ms here, either generator, from one run to the next.
    parser.add_argument("--repeats", type=int, default=9, help="runs of each build (default 9)")
    parser.add_argument("--skip-large", action="store_true", help=f"no {LARGE:,}-program build")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--work", type=Path, default=default_work_folder(),
                        help="where the catalogs are generated and built (default: a RAM disk, /dev/shm, if it "
                             f"has {RAM_DISK_NEEDED >> 30} GiB free, else {tempfile.gettempdir()})")
    args = parser.parse_args()
    if not shutil.which("hugo"):
        raise SystemExit("Hugo is needed for the comparison: apt-get install hugo")
    failures = []
    with tempfile.TemporaryDirectory(prefix="sodrm-bench-", dir=args.work) as folder:
        work = Path(folder)
        print(f"Builds in {args.work}: medians of {args.repeats} runs, ours and Hugo alternating; "
              "ratio = ours / Hugo")
        for size in args.sizes:
            failures += print_builds(size, bench_builds(size, args.repeats, work / f"n{size}"))
        print(f"The preview: saving a file to the new page served (median of {args.repeats})")
        failures += bench_preview(min(args.sizes), args.repeats, work / "preview")
        print(f"The data's history (median of {args.repeats})")
        bench_history(max(args.sizes), args.repeats, work / "history")
        if not args.skip_large:
            print("A large catalog, ours alone (one run)")
            failures += bench_large(work / "large")
        if not args.skip_browser:
            print("Browser (Chromium)")
            failures += bench_browser(work)
        if not args.skip_lighthouse and not args.skip_browser:
            print("Lighthouse 12.2.3")
            failures += bench_lighthouse(work)
    print("All targets met." if not failures else "Targets not met: " + "; ".join(failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
