"""The data's one citation, in each form readers and tools ask for: the about page's APA line and
BibTeX entry, CITATION.cff (the site's, with the data's version, and the repository's) and the
citation's terms in the schema.org Dataset. All are made here from one declaration, the [site]
table of data/site.toml, and the data's history in git, so that no two of them can disagree.

The data's author is STScI, whose table it is; the site publishes its edition of it. The code is
MIT-licensed, the data is not: every form says that its rights stay STScI's.

`python -m sodrm.citation` prints the repository's CITATION.cff (a test checks that they agree).
"""
from __future__ import annotations

import json
import sys
from typing import NamedTuple

from .history import History
from .model import Site

RIGHTS = ("The programs and their estimated times are STScI's, as STScI publishes them; this site claims "
          "no licence over them and their rights stay STScI's. The site's code is MIT-licensed; the data is not.")


class Citation(NamedTuple):
    site: Site
    version: str | None  # the data's version (history.py), None if unknown
    date: str | None  # of that version, YYYY-MM-DD; None (or "") if unknown
    first: str | None  # the date of the data's first version, if the history reaches it
    url: str | None  # the site's address, if known

    @property
    def year(self) -> str:
        return self.date[:4] if self.date else "n.d."

    @property
    def key(self) -> str:
        return "sodrm-calibration" + (f"-{self.version.rstrip('+')}" if self.version else "")


def citation(site: Site, history: History | None, site_url: str | None) -> Citation:
    first = history.entries[-1].date[:10] if history and history.entries and history.entries[-1].first else None
    return Citation(site, history.version if history else None, history.date if history else None, first, site_url)


def source_note(cited: Citation) -> str:
    return (f"Estimates from the {cited.site.temporal_coverage} SODRM, as published by "
            f"{cited.site.source_publisher}: {cited.site.source_title}, {cited.site.source_url}")


def apa(cited: Citation) -> str:
    """APA 7's form for a data set: Author. (Year). Title (Version) [Data set]. Publisher. URL"""
    version = f" (Version {cited.version}{_of(cited)})" if cited.version else ""
    url = f" {cited.url}" if cited.url else ""
    return (f"{cited.site.author}. ({cited.year}). {cited.site.title}{version} [Data set]. "
            f"{cited.site.publisher}.{url} {source_note(cited)}.")


def _of(cited: Citation, joint: str = ", ") -> str:
    """The version's date, after `joint`, if it is known."""
    return joint + cited.date if cited.date else ""


def _latex(text: str) -> str:
    return "".join({"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}.get(char)
                   or ("\\" + char if char in "&%$#_{}" else char) for char in text)


def bibtex(cited: Citation) -> str:
    """A @misc entry: the author an organisation and the title braced, so that no style takes
    either apart or lower-cases them."""
    fields = [("author", "{" + _latex(cited.site.author) + "}"), ("title", "{" + _latex(cited.site.title) + "}"),
              ("year", cited.year)]
    if cited.version:
        fields.append(("version", _latex(cited.version)))
    fields.append(("publisher", _latex(cited.site.publisher)))
    if cited.url:
        fields += [("url", cited.url), ("howpublished", rf"\url{{{cited.url}}}")]
    note = (f"Data version {cited.version}{_of(cited, ' of ')}. " if cited.version else "") + \
        (f"Estimates from the {cited.site.temporal_coverage} SODRM, as published by {cited.site.source_publisher}: "
         f"{cited.site.source_title}, ")
    fields.append(("note", _latex(note) + rf"\url{{{cited.site.source_url}}}"))
    lines = [f"  {name:<12} = {{{value}}}," for name, value in fields]
    return f"@misc{{{cited.key},\n" + "\n".join(lines) + "\n}\n"


def cff(cited: Citation) -> str:
    """CITATION.cff (1.2.0); strings are written as JSON strings, which YAML reads as they are."""
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    site = cited.site
    lines = ["cff-version: 1.2.0",
             f"message: {q('If you use this data, please cite it as below. ' + RIGHTS)}",
             f"title: {q(site.title)}",
             "type: dataset",
             f"abstract: {q(site.description + ' ' + site.caveat)}",
             "authors:",
             f"  - name: {q(site.author)}"]
    if cited.version:
        lines.append(f"version: {q(cited.version)}")
    if cited.version and cited.date:
        lines.append(f"date-released: {q(cited.date)}")
    if cited.url:
        lines.append(f"url: {q(cited.url)}")
    lines.append("keywords:")
    lines += [f"  - {q(word)}" for word in site.keywords]
    lines += ["references:",
              "  - type: website",
              f"    title: {q(site.source_title)}",
              "    authors:",
              f"      - name: {q(site.source_publisher)}",
              f"    url: {q(site.source_url)}",
              f"    notes: {q(source_note(cited))}"]
    return "\n".join(lines) + "\n"


def dataset_terms(cited: Citation) -> dict:
    """What the schema.org Dataset says of the citation: creator, publisher, keywords, dates,
    the time covered and the conditions of access."""
    terms = {"creator": {"@type": "Organization", "name": cited.site.author},
             "publisher": {"@type": "Organization", "name": cited.site.publisher},
             "keywords": list(cited.site.keywords),
             "temporalCoverage": cited.site.temporal_coverage,
             "isAccessibleForFree": True,
             "conditionsOfAccess": RIGHTS}
    if cited.first:
        terms["datePublished"] = cited.first
    return terms


if __name__ == "__main__":
    from .load import load
    from .paths import PROJECT
    from .sources import read_sources

    sources = read_sources(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", PROJECT / "content",
                           PROJECT / "templates", PROJECT / "static")
    sys.stdout.write(cff(citation(load(sources).catalog.site, None, None)))
