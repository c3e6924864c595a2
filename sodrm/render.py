"""Render: a page -> the bytes of its file (the pipeline decides when they are written).

One Jinja environment for the whole build, strict about undefined names, autoescaping every
template (SVG included), so that data always ends up as text, never as markup. Compiled
templates are cached on disk, like Python's own __pycache__.
"""
from __future__ import annotations

import re
from pathlib import Path

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


class Renderer:
    """Renders pages through one environment, each template compiled once, on first use."""

    def __init__(self, templates: Path, cache: Path | None = None) -> None:
        self._environment = environment(templates, cache)
        self._compiled: dict[str, jinja2.Template] = {}

    def compile(self, names) -> None:
        """Compiles the templates now, before they are needed (the build has other work meanwhile)."""
        for name in names:
            self._template(name)

    def __call__(self, page: Page) -> bytes:
        template = self._compiled.get(page.template) or self._template(page.template)
        context = page.context if type(page.context) is dict else page.context.as_context()
        try:
            return template.render(context).encode("utf-8")
        except jinja2.TemplateError as error:
            raise RenderError(f"{page.template}: cannot render {page.path}: {error.message}") from None

    def _template(self, name: str) -> jinja2.Template:
        try:
            template = self._compiled[name] = self._environment.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            raise RenderError(f"{error.filename}:{error.lineno}: {error.message}") from None
        return template


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
