"""One build, in order: read -> load -> pages -> render -> write.

Everything a build needs from the disk is read once, first (sources.py), so the site and the
stamp describe the same bytes. Rebuild-skipping (incremental.py) and several cores (parallel.py)
are the only places that make a build cheaper than starting over, and the site is the same
without them.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import NamedTuple

from . import incremental, paths
from .errors import OutputError, RenderError, os_problem
from .incremental import FileState
from .history import read_history
from .sources import read_sources
from .write import Output, files_in, put_file


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

        # 2. Every input, read once; nothing to do if it is all as the last build left it.
        sources = read_sources(data, site_data, content, templates, static)
        history = read_history(data, sources.programs.data)
        code = incremental.code_version()
        stamp = incremental.stamp(sources, code, f"{site_url} {edit_url} {history}")
        manifest_file = incremental.manifest_path(cache, output.out)
        previous = incremental.read_manifest(manifest_file, notes)
        if previous.stamp == stamp and previous.intact(str(output.out)):
            files = sorted(previous.files)
            return Built(output.out, files, 0, len(files), 0, time.perf_counter() - started, notes)

        # Imported only now: a build with nothing to do needs none of them.
        from .downloads import downloads
        from .incremental import Keys, bytes_key
        from .load import load
        from .pages import plan, shared
        from .render import Renderer, assets
        from .text import CachedMarkdown

        try:
            from . import parallel
        except ImportError:  # the build is complete without it, on one core
            parallel = None

        # 3. Load: the data and content, validated; every problem at once.
        catalog, texts, lines = load(sources)

        # 4. Pages: the whole site as a list of pages (Markdown converted, or taken from the cache).
        markdown = CachedMarkdown(cache / "markdown.json", code, notes)
        pages = plan(catalog, texts, site_url, markdown, history, edit_url, lines)
        everything = shared(catalog, texts, site_url, history)
        files = downloads(catalog, history) | assets(sources.static)
        _check_unique([page.path for page in pages] + list(files))

        # 5. Render and write: the new site beside the old, pages whose key and file are unchanged
        # linked from it, the others rendered; then it takes the old one's place in one step.
        render = Renderer(sources.templates, everything, cache / "templates")
        keys = Keys(code, sources.templates, everything)
        site = output.new_site()
        try:
            states: dict[str, FileState] = {}
            to_render = []
            for page in pages:
                key = keys.of(page)
                kept = previous.kept(str(output.out), page.path, key)
                if kept:
                    states[page.path] = site.keep(page.path, kept)
                else:
                    to_render.append((page, key))

            def make(item) -> tuple[str, FileState, bool]:
                page, key = item
                return (page.path, *site.put(page.path, key, render(page)))

            count = parallel.processes(len(to_render)) if parallel else 1
            made = parallel.map_pages(make, to_render, count) if count > 1 else [make(item) for item in to_render]
            made += [(path, *site.put(path, bytes_key(data), data)) for path, data in files.items()]
            for path, state, _ in made:
                states[path] = state
            written = sum(1 for _, _, was_written in made if was_written)
            old_files = set(previous.files) if previous.files else files_in(output.out)

            # 6. What the next build needs to skip work, kept before the new site takes the old
            # one's place: a cache that cannot be written fails the build, not the next one.
            put_file(manifest_file, incremental.manifest_bytes(stamp, states))
            markdown.save(put_file)
            site.commit()
        except OSError as error:
            site.abandon()
            raise OutputError(os_problem(error, "be written")) from None
        except BaseException:
            site.abandon()
            raise
    removed = len(old_files - states.keys())
    return Built(output.out, sorted(states), written, len(states) - written, removed,
                 time.perf_counter() - started, notes)


def _check_unique(paths_: list[str]) -> None:
    seen: set[str] = set()
    for path in paths_:
        if path in seen:
            raise RenderError(f"{path}: two files of the site would have this path; "
                              "rename the static file or the page")
        seen.add(path)
