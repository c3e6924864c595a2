"""One build, in order: read -> load -> pages -> render -> write.

Everything a build needs from the disk is read once, first (sources.py), so the site and the
stamp describe the same bytes. Rebuild-skipping (incremental.py) and several cores (parallel.py)
are the only places that make a build cheaper than starting over, and the site is the same
without them.
"""
from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from . import paths
from .errors import RenderError
from .history import Log, read_history, read_log
from .sources import read_sources
from .write import Output, files_in, put_file

try:
    from .incremental import Memory
except ImportError:  # the build is complete without it: every page rendered, nothing remembered
    Memory = None
try:
    from . import parallel
except ImportError:  # the build is complete without it, on one core
    parallel = None


Made = bytes | Iterable[bytes]  # a file's bytes, whole or in parts (write.py's NewSite.put takes either)


class Built(NamedTuple):
    out: Path
    files: list[str]  # every file of the site
    written: int
    unchanged: int
    removed: int
    seconds: float
    notes: list[str]  # what the build noticed and mended (a damaged cache) on the way


def build(data: Path = paths.DATA, site_data: Path = paths.SITE_DATA, out: Path = paths.PROJECT / "site",
          site_url: str | None = None, cache: Path = paths.CACHE, *, templates: Path = paths.TEMPLATES,
          static: Path = paths.STATIC, content: Path = paths.CONTENT, edit_url: str | None = None) -> Built:
    """Builds the site into `out`; raises a BuildError (DataError, RenderError, OutputError,
    Busy) having left `out` as it was. `edit_url`: where maintainers edit the data file."""
    started = time.perf_counter()
    notes: list[str] = []
    output = Output(out)
    with output.locked():
        # 1. The folder: the build's own (or new, or empty); what a killed build left, mended.
        output.check()

        # 2. Every input, read once; nothing more to do if it is all as the last build left it.
        sources = read_sources(data, site_data, content, templates, static)
        log = read_log(data)
        notes += _history_notes(log)
        memory = (Memory or _NoMemory)(cache, output.out, sources, f"{site_url} {edit_url} {log}", notes)
        last = memory.unchanged(files_in(output.out))
        if last is not None:
            return Built(output.out, last, 0, len(last), 0, time.perf_counter() - started, notes)
        from .downloads import downloads  # imported only now: a build with nothing to do needs none of them
        from .load import load, past_version
        from .pages import plan, shared
        from .render import Renderer, assets
        from .text import markdown_html

        # 3. Load: the data and content, validated, every problem at once; the data's history.
        catalog, content, lines = load(sources)
        history = read_history(log, data, catalog.programs,
                               past_version, memory.store("history"))

        # 4. Pages: the whole site as a list of pages, and the other files by what makes each.
        pages = plan(catalog, content, site_url, memory.markdown(markdown_html), history, edit_url, lines)
        files = downloads(catalog, history, site_url) | assets(sources.static)
        everything = shared(catalog, content, site_url, history)
        _check_unique([page.path for page in pages] + list(files))

        # 5. Render and write, beside the old site, which the new one then replaces in one step.
        memory.plan(sources.templates, everything)
        render = Renderer(sources.templates, everything, cache / "templates")
        every, written, removed = _write(output, pages, files, render, memory)
    return Built(output.out, every, written, len(every) - written, removed, time.perf_counter() - started, notes)


def _write(output: Output, pages: list, files: dict[str, Callable[[], Made]], render: Callable[[Any], Made],
           memory: Any) -> tuple[list[str], int, int]:
    """The new site made beside the old: pages whose inputs are unchanged linked from it, the
    others rendered, the files made and put; then it takes the old one's place. Returns every
    path of the new site, how many files were written and how many of the old site's are gone."""
    with output.new_site() as site:
        to_make = []  # (path, what makes its bytes)
        for page in pages:
            if memory.kept(page):
                site.keep(page.path)
            else:
                to_make.append((page.path, partial(render, page)))
        for path, make in files.items():
            if memory.kept_file(path, make):
                site.keep(path)
            else:
                to_make.append((path, make))
        made = _each(lambda item: site.put(item[0], item[1]()), to_make)
        for (path, _), file in zip(to_make, made):
            memory.made(path, file.size, file.mtime_ns)
        # What the next build needs, kept before the new site takes the old one's place: a cache
        # that cannot be written fails this build, not the next one.
        memory.save(put_file)
        every = {page.path for page in pages} | files.keys()
        removed = site.commit(every)
    return sorted(every), sum(file.written for file in made), removed


def _each(make: Callable[[Any], Any], items: list) -> list:
    """[make(item) for item in items], on several cores when there are enough of them."""
    count = parallel.processes(len(items)) if parallel else 1
    return parallel.map_pages(make, items, count) if count > 1 else [make(item) for item in items]


class _NoMemory:
    """Without incremental.py: there is always something to do, and every page is rendered."""

    def __init__(self, *_: Any) -> None:
        pass

    def unchanged(self, found: set[str]) -> None:
        return None

    def markdown(self, convert: Callable[[str], Any]) -> Callable[[str], Any]:
        return convert

    def store(self, name: str) -> Any:
        return _Forgetful()

    def plan(self, templates: dict[str, str], shared: dict[str, Any]) -> None:
        pass

    def kept(self, page: Any) -> bool:
        return False

    def kept_file(self, path: str, make: Callable) -> bool:
        return False

    def made(self, path: str, size: int, mtime_ns: int) -> None:
        pass

    def save(self, put: Callable[[Path, bytes], None]) -> None:
        pass


def _history_notes(log: Log) -> list[str]:
    """What the build says of the data's history when it is not the whole of it."""
    notes = []
    if log.problem:
        notes.append(f"the data's history could not be read from git ({log.problem}); the site says it has none")
    if log.shallow:
        notes.append("the data's history comes from a shallow clone of the repository: its oldest commit here is "
                     "not the first version, and the changes page says so (fetch the whole history to list them all)")
    undated = [commit[:12] for commit, date, _ in log.commits if not date]
    if undated:
        notes.append(f"git gives no date for {len(undated)} commit(s) of the data's history (dated before 1970 or "
                     f"not dated as git writes dates: {', '.join(undated[:3])}); the changes page says "
                     "\"Date unknown\" for each")
    return notes


class _Forgetful:
    def get(self, key: str) -> None:
        return None

    def put(self, key: str, value: Any) -> None:
        pass


def _check_unique(paths_: list[str]) -> None:
    seen: set[str] = set()
    for path in paths_:
        if path in seen:
            raise RenderError(f"{path}: two files of the site would have this path; "
                              "rename the static file or the page")
        seen.add(path)
