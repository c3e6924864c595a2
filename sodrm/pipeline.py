"""One build: load -> plan -> render -> write, doing no more work than the change asks for.

- Nothing changed (the data, content, templates, static files, code and options digest to the
  stamp of the build that made the output, and every file is as it left it): nothing to do.
- Into the build's folder: every page is planned, and its context digested; a page whose digest
  and file are as the last build left them is not rendered again. Every page that is rendered
  is rendered in memory before anything is written; an error leaves the output as it was.
- Into a new or empty folder: each page is written as it is rendered, into a staging folder
  whose files are moved into place once all are made; an error leaves the folder empty.
- From 1,000 programs on, either is shared among the cores: forked processes each plan and make
  their own share of the pages (in a rebuild, the first, which renders the index, the smallest).
"""
from __future__ import annotations

import gc
import sys
import time
from hashlib import blake2b
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from .fingerprint import Fingerprints, digest_bytes
from .forks import Forked, reap, usable_processes
from .write import Entry, NewFolder, WriteReport, previous_build, write

if TYPE_CHECKING:
    from .text import CachedMarkdown

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
STATIC = PROJECT / "static"
CONTENT = PROJECT / "content"
CACHE = PROJECT / ".cache"
# The libraries whose versions can change the output.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "toml_rs")
# Below this many programs, a second process (forked, planning again) saves little or nothing:
# measured, nothing at 300 programs, a tenth of a cold build at 1,000, a third at 10,000.
PROGRAMS_FOR_A_PROCESS = 1000
# In a rebuild, the first process, which renders the index (it shows every program) while the
# others mostly only check their pages, takes about half a share of program pages fewer (10,000
# programs, one change: median 285 to 276 ms). Into a new folder, where every page is rendered,
# equal shares measured best.
FIRST_SHARE_WEIGHT_IN_A_REBUILD = 0.55


class Built(NamedTuple):
    out: Path
    html_pages: int
    files: int
    seconds: float
    report: WriteReport

    def __str__(self) -> str:
        return (
            f"Built {self.html_pages} pages and {self.files - self.html_pages} other files into {self.out} "
            f"in {self.seconds:.2f} s: {self.report.written} written, {self.report.unchanged} unchanged, "
            f"{self.report.removed} removed"
        )


def build(data: Path, site_data: Path, out: Path, site_url: str | None = None, cache: Path = CACHE,
          processes: int | None = None) -> Built:
    """Builds the site; raises DataError, RenderError or OutputError, having written nothing.
    `processes`: how many to render with (default: one per core, where forking is safe)."""
    # The manifest's entries, the records and the pages live for the whole build and hold no
    # cycles to collect: the cyclic collector would only walk them again and again as they grow
    # (a tenth of a 10,000-page rebuild). It is off until they are made, then watches rendering
    # only; afterwards they are handed back, so that a long-lived --serve can free them.
    gc.disable()
    try:
        return _build(data, site_data, out, site_url, cache, usable_processes() if processes is None else processes)
    finally:
        reap()
        gc.enable()
        gc.unfreeze()


def _build(data: Path, site_data: Path, out: Path, site_url: str | None, cache: Path, processes: int) -> Built:
    started = time.perf_counter()
    manifest = cache / "builds" / f"{digest_bytes(str(out.resolve()).encode())}.json"
    previous = previous_build(out, manifest)
    renderer = _renderer_stamp()
    stamp = _digest_files([data, site_data, *_files(CONTENT), *_files(STATIC)], extra=f"{renderer} {site_url}")
    if previous.stamp == stamp and previous.all_intact():
        report = WriteReport(0, len(previous.entries), 0)
        return Built(out, _html(previous.entries), len(previous.entries), time.perf_counter() - started, report)

    # Imported here: a build with nothing to do needs none of them.
    from .load import load, load_content
    from .text import CachedMarkdown

    content = load_content(CONTENT)
    with CachedMarkdown(cache / "markdown.json", renderer) as markdown:
        # The pages' Markdown that the last build did not convert is converted on another core,
        # while this one loads the data, imports Jinja and compiles the templates. (Forked before
        # loading, the child shares less memory with this process; programs' notes are converted here.)
        if processes > 1:
            markdown.start(content.values())
        catalog = load(data, site_data)

        from .downloads import downloads
        from .plan import plan
        from .render import Renderer, assets

        render = Renderer(TEMPLATES, cache / "templates")
        render.compile(path.name for path in _files(TEMPLATES))
        if len(catalog.programs) < PROGRAMS_FOR_A_PROCESS:
            processes = 1
        elif processes > 1:
            markdown.wait()  # the other processes plan too, and cannot wait for this one's child

        new_folder = previous.listed and not previous.entries
        first_share_weight = 1.0 if new_folder else FIRST_SHARE_WEIGHT_IN_A_REBUILD

        def made(share: int, make: Callable[[list, Callable, Callable, _Made], None]) -> _Made:
            """In each process: plans its share of the pages and makes them (the last share also
            the downloads and assets). Every process plans for itself, after the fork: a plan
            made before it would be copied into the child page by page as the child reads it
            (changing reference counts), which cost more."""
            planned = plan(catalog, content, site_url, markdown, share, processes, first_share_weight)
            gc.freeze()  # set aside what is made so far
            gc.enable()
            fingerprints = Fingerprints(renderer, planned.shared)

            def key(page) -> str:
                return fingerprints.of(page.template, page.context)

            result = _Made({}, [], {}, markdown.used)
            make(planned.pages, key, render, result)
            if share == processes - 1:
                others = [_File(path, data) for path, data in (downloads(catalog) | assets(STATIC)).items()]
                make(others, lambda file: digest_bytes(file.data), lambda file: file.data, result)
            return result

        if new_folder:  # or an empty one
            folder = NewFolder(out)

            def put(pages, key, render, result: _Made) -> None:
                for page in pages:
                    result.entries[page.path] = folder.put(page.path, key(page), render(page))

            try:
                done = _merged(_on_every_core(processes, lambda share: made(share, put)), markdown)
                report = folder.finish(done.entries, stamp, manifest)
            except BaseException:
                folder.abandon()
                raise
        else:
            def changed(pages, key, render, result: _Made) -> None:
                """Keeps each page whose file is intact, and renders the others."""
                is_kept, kept, to_write = previous.kept, result.kept, result.to_write
                for page in pages:
                    page_key = key(page)
                    if is_kept(page.path, page_key) is not None:
                        kept.append(page.path)
                    else:
                        to_write[page.path] = (page_key, render(page))

            done = _merged(_on_every_core(processes, lambda share: made(share, changed)), markdown)
            report = write(out, done.to_write, done.kept, previous, stamp, manifest)
        markdown.save()
        paths = [*done.entries, *done.kept, *done.to_write]
    return Built(out, _html(paths), len(paths), time.perf_counter() - started, report)


class _File(NamedTuple):
    """A file made as it is (a download, a stylesheet), among the pages to write."""
    path: str
    data: bytes


class _Made(NamedTuple):
    """What the processes made of their shares of the pages."""
    entries: dict[str, Entry]  # the files written into a new folder
    kept: list[str]  # a rebuild's files found intact (their entries are in the last manifest)
    to_write: dict[str, tuple[str, bytes]]  # a rebuild's files to write: key and bytes
    markdown: dict[str, str]  # the Markdown texts that the pages use, and their HTML


def _on_every_core(processes: int, work: Callable[[int], Any]) -> list:
    """work(share) for each share, all but the first in forked processes: their results, in order."""
    workers = [Forked(work, share) for share in range(1, processes)]
    try:
        results = [work(0)]
        results += [worker.result() for worker in workers]
        return results
    except BaseException:
        for worker in workers:
            worker.stop()
        raise


def _merged(shares: list[_Made], markdown: CachedMarkdown) -> _Made:
    """The shares in one; the Markdown that each used is kept for the next build."""
    entries, kept, to_write = {}, [], {}
    for share in shares:
        entries |= share.entries
        kept += share.kept
        to_write |= share.to_write
        markdown.keep(share.markdown)
    return _Made(entries, kept, to_write, markdown.used)


def _html(paths) -> int:
    return sum(1 for path in paths if path.endswith(".html"))


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _renderer_stamp() -> str:
    """A digest of everything that turns data into pages: the code, the templates, the Python
    and library versions (through their files' modification times: no import needed)."""
    libraries = []
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        libraries.append(f"{name}:{origin}:{origin.stat().st_mtime_ns if origin else ''}")
    code = sorted((PROJECT / "sodrm").glob("*.py"))
    return _digest_files([*code, *_files(TEMPLATES)], extra=sys.version + " ".join(libraries))


def _digest_files(paths: list[Path], extra: str) -> str:
    digest = blake2b(extra.encode(), digest_size=16)
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError:
            content = b"(missing)"  # load reports it
        digest.update(f"{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()
