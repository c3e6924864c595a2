"""Markdown from the data and content/ -> safe HTML.

Raw HTML in the Markdown is not passed through: it shows as the text it is. Links keep only
http(s) and mailto addresses, so a `javascript:` link cannot reach a page.
"""
from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

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


class CachedMarkdown:
    """markdown_html, remembering its results in a file between builds: a build whose texts did
    not change does not even load the markdown package. `salt` names the code and libraries."""

    def __init__(self, path: Path, salt: str) -> None:
        self._path = path
        self._salt = salt
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            self._known = saved["html"] if saved.get("salt") == salt else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._known = {}
        self._used: dict[str, str] = {}

    def __call__(self, text: str) -> Markup:
        html = self._known.get(text)
        if html is None:
            html = str(markdown_html(text))
        self._used[text] = html
        return Markup(html)

    def save(self) -> None:
        """Keeps what this build converted, and only that, so the file never grows stale."""
        if self._used != self._known:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_text(json.dumps({"salt": self._salt, "html": self._used}), encoding="utf-8")
