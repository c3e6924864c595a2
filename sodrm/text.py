"""Markdown from the data and content/ -> safe HTML.

Raw HTML in the Markdown is not passed through: it shows as the text it is. Links keep only
http(s) and mailto addresses, so a `javascript:` link cannot reach a page.

Python-Markdown takes time that grows with the square of some constructs within one block
(a run of "[", deep nesting), so `markdown_problem` bounds each block's size, its brackets and
its nesting before any text is converted: the work then grows in step with the text.
"""
from __future__ import annotations

import re

from markupsafe import Markup

from . import urls

MAX_BLOCK = 4_000  # characters between blank lines
MAX_BRACKETS = 64  # "[" in one block: links and footnotes
MAX_DEPTH = 8  # quotes and list levels
_ALLOWED_SCHEMES = {"http", "https", "mailto"}
_converter = None
# A link's destination, inline ("](site:topics") or in a reference ("[id]: site:topics"), that
# names one of the site's pages (urls.LINKABLE).
_SITE_LINK = re.compile(r"(\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)site:([^\s)>#]*)", re.M)


_MARKER = re.compile(r">|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
_LEVELS = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")


def markdown_problem(text: str) -> str | None:
    """Why the Markdown is refused, or None."""
    for block in re.split(r"\n[ \t]*\n", text):
        if len(block) > MAX_BLOCK:
            return (f"a paragraph of {len(block):,} characters; expected at most {MAX_BLOCK:,} "
                    "(split it with blank lines)")
        if block.count("[") > MAX_BRACKETS:
            return f"{block.count('[')} \"[\" in one paragraph; expected at most {MAX_BRACKETS}"
    for line in text.splitlines():
        # Quotes and list markers (-, +, *, 1. or 1)) open a level each, even several on one
        # line, and so does each indentation of four.
        prefix = _LEVELS.match(line)[0]
        markers = len(_MARKER.findall(prefix))
        if markers + len(_MARKER.sub("", prefix).expandtabs(4)) // 4 > MAX_DEPTH:
            return f"quotes or lists nested more than {MAX_DEPTH} levels deep; expected at most {MAX_DEPTH}"
    return None


def site_links(text: str) -> list[str]:
    """The names of the site's pages that the Markdown links to as site:NAME."""
    return [match.group(2) for match in _SITE_LINK.finditer(text)]


def with_site_links(text: str, root: str) -> str:
    """The Markdown with each site:NAME link made relative to the page it is shown on, whose
    root is `root` (every name has been checked against urls.LINKABLE when loading)."""
    return _SITE_LINK.sub(lambda match: match.group(1) + root + urls.public(urls.LINKABLE[match.group(2)]), text)


def markdown_html(text: str) -> Markup:
    global _converter
    # Imported on first use: a build whose texts are all in the cache never needs it.
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
