"""Render: a page -> the bytes of its file.

One Jinja environment for the whole build, strict about undefined names. Autoescaping is the
environment's job: every .html, .xml and .svg template escapes every value, so that data always
ends up as text, never as markup; plain-text templates (robots.txt, the colours' CSS) are text.
Templates come from the bytes the build read (sources.py), never from the disk again; their
compiled form is kept in the cache, as Python keeps its own in __pycache__, under a digest of
their source (Jinja discards a compiled file that does not match).
"""
from __future__ import annotations

import re
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from markupsafe import Markup

from . import urls
from .errors import RenderError
from .fields import PROGRAM_FIELDS
from .figures import bar_width
from .pages import Page


@jinja2.pass_context
def link(context: jinja2.runtime.Context, path: str) -> str:
    """The link from the page being rendered to the page at `path` (a path from urls.py)."""
    return context["root"] + urls.public(path)


def bar(hours, scale) -> Markup:
    """A bar for a number of hours, as long against the page's scale (its longest bar) as the
    hours are; its colour comes from the instrument of the row around it, and the hours are always
    printed beside it. Hours are never 0 (load.py), so the stylesheet starts every bar with a
    thin mark: no bar is drawn as nothing. A function rather than a macro: tables of thousands of
    rows call it once a row."""
    # The width is a number that figures.py formats: there is nothing in it to escape.
    return Markup(f'<svg class="bar" aria-hidden="true"><rect width="{bar_width(hours, scale)}" height="100%"/></svg>')


class Renderer:
    """Renders pages through one environment; `shared` is what every page shows."""

    def __init__(self, templates: dict[str, str], shared: dict[str, Any], compiled: Path | None = None) -> None:
        self.environment = jinja2.Environment(
            bytecode_cache=_bytecode_cache(compiled),
            loader=jinja2.DictLoader(templates),
            autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        # Every template may name a program field's declaration: {{ fields.hours.label }}.
        self.environment.globals.update(shared, urls=urls, fields={field.name: field for field in PROGRAM_FIELDS},
                                        bar=bar)
        self.environment.filters["link"] = link
        # JSON in pages (the Dataset's JSON-LD) without the spaces of json.dumps's default.
        self.environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}

    def __call__(self, page: Page) -> Iterator[bytes]:
        """The page's bytes in parts, in order, each rendered as the one before is written: a
        long page (a table of thousands of programs) is never held whole."""
        return _parts(self._pieces(page))

    def _pieces(self, page: Page) -> Iterator[str]:
        try:
            template = self.environment.get_template(page.template)
        except jinja2.TemplateSyntaxError as error:
            raise RenderError(f"templates/{error.name or error.filename}:{error.lineno}: {error.message}") from None
        except jinja2.TemplateNotFound as error:
            raise RenderError(f"templates/{error.name}: not found; {page.path} needs it") from None
        try:
            yield from template.generate(page.context, page_path=page.path, page_address=page.address)
        except jinja2.TemplateSyntaxError as error:
            raise RenderError(f"templates/{error.name or error.filename}:{error.lineno}: {error.message}") from None
        except jinja2.TemplateError as error:
            raise RenderError(f"templates/{page.template}: cannot render {page.path}: {error.message}") from None
        except Exception as error:  # raised by a value or filter the template used
            raise RenderError(f"templates/{page.template}: cannot render {page.path}: "
                              f"{type(error).__name__}: {error}") from None


PIECES = 50_000  # of Jinja's output held at once: a part of a long page, a megabyte or so


def _parts(pieces: Iterator[str]) -> Iterator[bytes]:
    """The pieces, PIECES at a time, as bytes."""
    while part := list(islice(pieces, PIECES)):
        yield "".join(part).encode("utf-8")


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, where a file that cannot be read (truncated, or not
    Jinja's) counts as absent: the template is compiled again and the file replaced."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no cache: the templates are compiled anew, and nothing else changes
    return _BytecodeCache(str(folder))


def assets(static: dict[str, bytes]) -> dict[str, Callable[[], bytes]]:
    """The files of static/, under static/ in the output, each by the function that makes its
    bytes: stylesheets and scripts without their comments and indentation (the index and all it
    loads must stay light), the rest as they are."""
    return {urls.static(name): partial(_asset, name, content) for name, content in static.items()}


def _asset(name: str, content: bytes) -> bytes:
    if name.endswith(".css"):
        return _minified_css(content.decode("utf-8")).encode("utf-8")
    if name.endswith(".js"):
        return _minified_js(content.decode("utf-8")).encode("utf-8")
    return content


# Quoted strings are kept as they are (`content: ": "`); outside them, comments go, then runs of
# spaces shrink to one and the spaces around punctuation go.
_STRING = r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_CSS_COMMENTS = re.compile(_STRING + r"|/\*.*?\*/", re.S)
_CSS_SPACES = re.compile(_STRING + r"|\s*([{}:;,>])\s*|(\s+)")
_CSS_LEADING_ZEROS = re.compile(_STRING + r"|(?<![\w.#-])0(\.\d)")  # 0.5rem -> .5rem


def _minified_css(css: str) -> str:
    css = _CSS_COMMENTS.sub(lambda match: match.group(1) or "", css)
    css = _CSS_SPACES.sub(lambda match: match.group(1) or match.group(2) or " ", css)
    css = _CSS_LEADING_ZEROS.sub(lambda match: match.group(1) or match.group(2), css)
    return css.replace(";}", "}").strip() + "\n"


def _minified_js(js: str) -> str:
    # Only what cannot change the program: whole-line comments, comments after the end of a
    # statement or the opening of a block, and indentation. (Our scripts have no multi-line
    # strings, and no string holding "; //"; the browser tests run this minified copy.)
    js = re.sub(r"^\s*/\*.*?\*/\s*$", "", js, flags=re.S | re.M)
    js = re.sub(r"^\s*//.*$", "", js, flags=re.M)
    js = re.sub(r"([;{,)])[ \t]+//[^\n]*$", r"\1", js, flags=re.M)
    return re.sub(r"\n\s*", "\n", js).strip() + "\n"
