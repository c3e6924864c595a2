"""Markdown from the data and content/ -> safe HTML.

Raw HTML in the Markdown is not passed through: it shows as the text it is. Links keep only
http(s) and mailto addresses, so a `javascript:` link cannot reach a page.
"""
from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

_ALLOWED_SCHEMES = {"http", "https", "mailto"}


def markdown_html(text: str) -> Markup:
    converter = markdown.Markdown(extensions=["smarty"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    html = converter.convert(text)
    # nh3 (the Ammonia sanitizer) is the second line: whatever Markdown produced, no script,
    # event handler or foreign URL scheme survives.
    return Markup(nh3.clean(html, url_schemes=_ALLOWED_SCHEMES, link_rel=None))
