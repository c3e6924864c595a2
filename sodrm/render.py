"""Render: pages -> the bytes of every output file, all in memory, before anything is written.

One Jinja environment for the whole build, strict about undefined names, autoescaping every
template (SVG included), so that data always ends up as text, never as markup.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from .plan import Page


class RenderError(Exception):
    pass


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(pages: list[Page], templates: Path) -> dict[str, bytes]:
    env = environment(templates)
    files = {}
    for page in pages:
        try:
            html = env.get_template(page.template).render(page.context)
        except jinja2.TemplateError as error:
            where = f"{error.filename}:{error.lineno}" if isinstance(error, jinja2.TemplateSyntaxError) else page.template
            raise RenderError(f"{where}: cannot render {page.path}: {error.message}") from None
        files[page.path] = html.encode("utf-8")
    return files


def assets(static: Path) -> dict[str, bytes]:
    """The files of static/, to be copied as they are under static/ in the output."""
    return {
        f"static/{path.relative_to(static).as_posix()}": path.read_bytes()
        for path in sorted(static.rglob("*"))
        if path.is_file()
    }
