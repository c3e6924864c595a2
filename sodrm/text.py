"""Markdown from the data and content/ -> safe HTML.

Raw HTML in the Markdown is not passed through: it shows as the text it is. Links keep only
http(s) and mailto addresses, so a `javascript:` link cannot reach a page.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from markupsafe import Markup

from .forks import Forked

_ALLOWED_SCHEMES = {"http", "https", "mailto"}
_converter = None


def markdown_html(text: str) -> Markup:
    global _converter
    # Imported and set up on first use: markdown costs more to start than most builds convert.
    import markdown
    import nh3
    from markdown.extensions.smarty import SmartyExtension

    if _converter is None:
        _converter = markdown.Markdown(extensions=[SmartyExtension()], output_format="html")
        _converter.preprocessors.deregister("html_block")
        _converter.inlinePatterns.deregister("html")
    html = _converter.reset().convert(text)
    # nh3 (the Ammonia sanitizer) is the second line: whatever Markdown produced, no script,
    # event handler or foreign URL scheme survives.
    return Markup(nh3.clean(html, url_schemes=_ALLOWED_SCHEMES, link_rel=None))


def _converted(texts: list[str]) -> dict[str, str]:
    return {text: str(markdown_html(text)) for text in texts}


class CachedMarkdown:
    """markdown_html, remembering its results in a file between builds: a build whose texts did
    not change does not even load the markdown package. `salt` names the code and libraries."""

    def __init__(self, path: Path, salt: str) -> None:
        self._path = path
        self._salt = salt
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            self._saved = saved["html"] if saved.get("salt") == salt else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._saved = {}
        self._known = dict(self._saved)
        self._used: dict[str, str] = {}
        self._converting: Forked | None = None

    def start(self, texts: Iterable[str]) -> None:
        """Starts converting the texts it does not know in a forked process (markdown takes
        longer to import than a small build takes to render)."""
        unknown = [text for text in dict.fromkeys(texts) if text not in self._known]
        if unknown:
            self._converting = Forked(_converted, unknown)

    def wait(self) -> None:
        """Takes the texts converted so far (before forking: a child cannot wait for its sibling)."""
        if self._converting is not None:
            self._known |= self._converting.result()
            self._converting = None

    def __enter__(self) -> CachedMarkdown:
        return self

    def __exit__(self, *exception) -> None:
        """Ends a conversion nobody waited for: the build failed first, or never asked."""
        if self._converting is not None:
            self._converting.stop()
            self._converting = None

    def __call__(self, text: str) -> Markup:
        self.wait()
        html = self._known.get(text)
        if html is None:
            html = str(markdown_html(text))
        self._used[text] = html
        return Markup(html)

    @property
    def used(self) -> dict[str, str]:
        """The texts that this process's pages show, and their HTML."""
        return self._used

    def keep(self, used: dict[str, str]) -> None:
        """Counts the texts that another process used (it had its share of the pages) as used."""
        self._used |= used

    def save(self) -> None:
        """Keeps what this build converted, and only that, so the file never grows stale."""
        if self._used != self._saved:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_text(json.dumps({"salt": self._salt, "html": self._used}), encoding="utf-8")
