"""Render: pages -> the bytes of every output file, all in memory, before anything is written.

One Jinja environment for the whole build, strict about undefined names, autoescaping every
template (SVG included), so that data always ends up as text, never as markup. Compiled
templates are cached on disk, like Python's own __pycache__.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import jinja2

from .errors import RenderError
from .plan import Page

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


def render(
    pages: list[Page], templates: Path, cache: Path | None = None, key: Callable[[Page], str] = lambda page: ""
) -> dict[str, tuple[str, bytes]]:
    """Each page's path -> its key (computed by `key`, alongside rendering) and its bytes.

    One process: forked workers rendered 10,000 pages about twice as fast here, but each
    copied most of the pages into its own memory (2.4 times the peak); write.py uses threads."""
    env = environment(templates, cache)
    compiled = {name: _load(env, name) for name in {page.template for page in pages}}
    files = {}
    for page in pages:
        try:
            html = compiled[page.template].render(page.context)
        except jinja2.TemplateError as error:
            raise RenderError(f"{page.template}: cannot render {page.path}: {error.message}") from None
        files[page.path] = (key(page), html.encode("utf-8"))
    return files


def _load(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"{error.filename}:{error.lineno}: {error.message}") from None


def assets(static: Path) -> dict[str, bytes]:
    """The files of static/, under static/ in the output: stylesheets and scripts without their
    comments and indentation (the index and all it loads must weigh under 10 KB gzipped), the
    rest as they are."""
    files = {}
    for path in sorted(static.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            if path.suffix == ".css":
                content = _minified_css(content.decode("utf-8")).encode("utf-8")
            elif path.suffix == ".js":
                content = _minified_js(content.decode("utf-8")).encode("utf-8")
            files[f"static/{path.relative_to(static).as_posix()}"] = content
    return files


def _minified_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{}:;,>])\s*", r"\1", css).replace(";}", "}").strip() + "\n"


def _minified_js(js: str) -> str:
    # Only what cannot change the program: whole-line comments and indentation. (Our script has
    # no multi-line strings; the browser tests run this minified copy.)
    js = re.sub(r"^\s*/\*.*?\*/\s*$", "", js, flags=re.S | re.M)
    js = re.sub(r"^\s*//.*$", "", js, flags=re.M)
    return re.sub(r"\n\s*", "\n", js).strip() + "\n"
