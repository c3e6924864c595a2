"""Render: pages -> the bytes of every output file, all in memory, before anything is written.

One Jinja environment for the whole build, strict about undefined names, autoescaping every
template (SVG included), so that data always ends up as text, never as markup. Compiled
templates are cached on disk, like Python's own __pycache__; a large build is spread over the
machine's cores.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import jinja2

from .errors import RenderError
from .plan import Page

# Below this many pages, starting worker processes costs more than it saves (measured: bench/).
PARALLEL_FROM = 2000


def environment(templates: Path, cache: Path | None) -> jinja2.Environment:
    bytecode_cache = None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )


def render(pages: list[Page], templates: Path, cache: Path | None = None) -> dict[str, bytes]:
    env = environment(templates, cache)
    for name in {page.template for page in pages}:
        _load(env, name)  # compile every template once, before any worker starts
    workers = min(os.cpu_count() or 1, 4)
    # Forking copies this process, pages and compiled templates included, at no cost; but a
    # process with threads (the live preview's server) is not safe to fork.
    if len(pages) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1 or os.name != "posix":
        return dict(_render_all(env, pages))
    import multiprocessing  # here: small builds never start workers

    global _WORK
    _WORK = (env, pages)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # Every n-th page to worker n: the few long pages (index, instruments) spread out too.
            results = pool.starmap(_render_slice, [(n, workers) for n in range(workers)])
    finally:
        _WORK = None
    files = {}
    for result in results:
        if isinstance(result, RenderError):
            raise result
        files.update(result)
    return files


_WORK: tuple[jinja2.Environment, list[Page]] | None = None


def _render_slice(first: int, step: int) -> list[tuple[str, bytes]] | RenderError:
    env, pages = _WORK
    try:
        return _render_all(env, pages[first::step])
    except RenderError as error:
        return error  # returned, not raised: the parent raises it, with its message intact


def _render_all(env: jinja2.Environment, pages: list[Page]) -> list[tuple[str, bytes]]:
    files = []
    for page in pages:
        try:
            html = _load(env, page.template).render(page.context)
        except RenderError:
            raise
        except jinja2.TemplateError as error:
            raise RenderError(f"{page.template}: cannot render {page.path}: {error.message}") from None
        files.append((page.path, html.encode("utf-8")))
    return files


def _load(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"{error.filename}:{error.lineno}: {error.message}") from None


def assets(static: Path) -> dict[str, bytes]:
    """The files of static/, to be copied as they are under static/ in the output."""
    return {
        f"static/{path.relative_to(static).as_posix()}": path.read_bytes()
        for path in sorted(static.rglob("*"))
        if path.is_file()
    }
