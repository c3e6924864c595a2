"""Plan: a Catalog -> the list of pages to render, each an output path, a template and its context.

Every figure a page shows is computed here, so that templates only lay out values.
"""
from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any, Callable, NamedTuple
from urllib.parse import urlsplit

from markupsafe import Markup

from .chart import bar_chart
from .figures import percent, ranks_by_hours, total_hours
from .matrix import topic_matrix
from .model import Catalog, Instrument, Program, Topic
from .text import markdown_html


class Page(NamedTuple):
    path: str  # inside the output folder, e.g. "programs/96000.html"
    template: str
    context: dict[str, Any] | ProgramPage  # a dict, or a record that makes it: as_context()


class Plan(NamedTuple):
    pages: list[Page]
    shared: dict[str, Any]  # the values that every page's context holds


class ProgramPage(NamedTuple):
    """The context of a program's page, as a record that makes the dict only when the page is
    rendered: a rebuild checks thousands of these and renders a few. Everything the page shows
    follows from these fields, so a page's key digests them, and only them."""
    shared: dict[str, Any]
    program: Program
    notes: Markup | None
    previous: Program | None
    next: Program | None
    instrument_hours: Decimal  # the instrument's figures, not its summary: the page shows no more
    all_hours: Decimal
    rank: str
    rank_in_instrument: str

    def as_context(self) -> dict[str, Any]:
        program, site_url = self.program, self.shared["site_url"]
        return {
            **self.shared,
            "root": "../",
            "canonical": canonical_address(site_url, program_path(program)),
            "nav": None,
            "program": program,
            "notes": self.notes,
            "instrument_hours": self.instrument_hours,
            "all_hours": self.all_hours,
            "share_of_instrument": percent(program.hours, self.instrument_hours),
            "share_of_all": percent(program.hours, self.all_hours),
            "rank": self.rank,
            "rank_in_instrument": self.rank_in_instrument,
            "previous": self.previous,
            "next": self.next,
        }


def canonical_address(site_url: str | None, path: str) -> str | None:
    """A page's public address (its folder's, for an index.html), when the site's is known."""
    return site_url + path.removesuffix("index.html") if site_url else None


def program_path(program: Program) -> str:
    # A file, not a folder of its own: thousands of folders cost more to make than all the
    # pages' bytes (GitHub Pages also answers programs/96000 without .html).
    return f"programs/{program.id}.html"


class InstrumentSummary(NamedTuple):
    instrument: Instrument
    programs: tuple[Program, ...]
    hours: Decimal
    share: str  # of the hours of the programs it is part of


class TopicSummary(NamedTuple):
    topic: Topic
    programs: tuple[Program, ...]  # every program tagged with the topic, primary or not
    hours: Decimal
    primary_count: int
    primary_hours: Decimal
    by_instrument: tuple[InstrumentSummary, ...]  # instruments with programs on the topic only


def instrument_groups(
    instruments: tuple[Instrument, ...], programs: tuple[Program, ...], skip_empty: bool = False
) -> tuple[InstrumentSummary, ...]:
    """The programs of each instrument, with their hours and share of all the programs' hours."""
    by_instrument: dict[Instrument, list[Program]] = {instrument: [] for instrument in instruments}
    for program in programs:
        by_instrument[program.instrument].append(program)
    all_hours = total_hours(programs)
    summaries = []
    for instrument, group in by_instrument.items():
        if group or not skip_empty:
            hours = total_hours(group)
            summaries.append(InstrumentSummary(instrument, tuple(group), hours, percent(hours, all_hours)))
    return tuple(summaries)


def topic_summaries(catalog: Catalog) -> tuple[TopicSummary, ...]:
    tagged: dict[Topic, list[Program]] = {topic: [] for topic in catalog.topics}
    for program in catalog.programs:
        for topic in program.topics:
            tagged[topic].append(program)
    summaries = []
    for topic, programs in tagged.items():
        primary = [program for program in programs if program.topics[0] == topic]
        summaries.append(TopicSummary(
            topic, tuple(programs), total_hours(programs), len(primary), total_hours(primary),
            instrument_groups(catalog.instruments, tuple(programs), skip_empty=True),
        ))
    return tuple(summaries)


def plan(
    catalog: Catalog,
    content: dict[str, str],
    site_url: str | None = None,
    markdown: Callable[[str], Markup] = markdown_html,
    share: int = 0,
    shares: int = 1,
    first_share_weight: float = 1.0,
) -> Plan:
    """The pages of the site; `content` holds the Markdown texts of content/, by name, and
    `markdown` turns Markdown into safe HTML. With `shares` > 1, only share number `share`
    (from 0) of the pages: one run of consecutive program pages, and every `shares`-th of the
    other pages, the index in the first share; together the shares hold every page once.
    Each process of a build plans its own share, and works out only what that share shows.
    `first_share_weight`: the first share's run of programs, against the others' (which are
    equal): less than 1 leaves more of them to the others, as the first also has the index."""
    site_url = site_url.rstrip("/") + "/" if site_url else None
    programs = catalog.programs
    first, stop = _run(len(programs), share, shares, first_share_weight)
    programs_here = programs[first:stop]
    all_hours = total_hours(programs)
    summaries = instrument_groups(catalog.instruments, programs)
    topics = topic_summaries(catalog)
    summary_by_instrument = {summary.instrument: summary for summary in summaries}
    ranks = ranks_by_hours(programs, programs_here)
    ranks_in_instrument = {}
    for summary in summaries:
        ranks_in_instrument.update(ranks_by_hours(summary.programs, programs_here))

    shared = {"site": catalog.site, "instruments": catalog.instruments, "has_topics": bool(topics),
              "site_url": site_url}
    pages: list[Page] = []
    site_paths: list[str] = []  # the pages other than the programs', in every share: for the sitemap

    canonical = partial(canonical_address, site_url)

    def deal(path: str, template: str, context: Callable[[], dict[str, Any]]) -> None:
        """A page other than a program's: dealt to the shares in turn, its context made only in its own."""
        if len(site_paths) % shares == share:
            made = context()
            made.setdefault("root", "../" * path.count("/") or "./")
            made.setdefault("canonical", canonical(path))
            made.setdefault("nav", None)
            pages.append(Page(path, template, {**shared, **made}))
        site_paths.append(path)

    deal("index.html", "index.html", lambda: dict(
        nav="index",
        intro=markdown(content["intro"]),
        programs=programs,
        summaries=summaries,
        matrix=topic_matrix(catalog) if topics else None,
        all_hours=all_hours,
        chart=bar_chart(
            programs,
            "Estimated hours of each calibration program",
            f"Horizontal bars, one for each of the {len(programs)} programs in program-number order, "
            f"coloured by instrument; the longest is {_longest(programs)}. "
            "The table of programs below gives the same figures.",
        ),
    ))
    for index in range(first, stop):
        program = programs[index]
        pages.append(Page(program_path(program), "program.html", ProgramPage(
            shared,
            program,
            markdown(program.notes) if program.notes else None,
            programs[index - 1] if index > 0 else None,
            programs[index + 1] if index + 1 < len(programs) else None,
            summary_by_instrument[program.instrument].hours,
            all_hours,
            ranks[program.id],
            ranks_in_instrument[program.id],
        )))

    def instrument_page(summary: InstrumentSummary) -> dict[str, Any]:
        name = summary.instrument.name
        return dict(
            summary=summary,
            all_hours=all_hours,
            nav=summary.instrument.slug,
            chart=bar_chart(
                summary.programs,
                f"Estimated hours of each {name} calibration program",
                f"Horizontal bars, one for each of the {len(summary.programs)} {name} programs "
                f"in program-number order; the longest is {_longest(summary.programs)}. "
                f"The table of {name} programs below gives the same figures.",
            ),
        )

    def topic_page(summary: TopicSummary) -> dict[str, Any]:
        return dict(
            nav="topics",
            summary=summary,
            all_hours=all_hours,
            chart=bar_chart(
                summary.programs,
                f"{summary.topic.name}: estimated hours of each program on this topic",
                f"Horizontal bars, one for each of the {len(summary.programs)} programs on this topic, "
                f"coloured by instrument; the longest is {_longest(summary.programs)}. "
                "The tables below give the same figures, instrument by instrument.",
            ),
        )

    for summary in summaries:
        deal(f"instruments/{summary.instrument.slug}/index.html", "instrument.html", partial(instrument_page, summary))
    if topics:
        deal("topics/index.html", "topics.html", lambda: dict(nav="topics", topics=topics, all_hours=all_hours))
    for summary in topics:
        deal(f"topics/{summary.topic.slug}/index.html", "topic.html", partial(topic_page, summary))
    if "about" in content:
        deal("about/index.html", "about.html", lambda: dict(nav="about", about=markdown(content["about"])))
    # GitHub Pages serves 404.html for a missing path at any depth, so its links cannot be
    # relative: they start from the site's own path ("/" or "/REPO/").
    site_path = urlsplit(site_url).path if site_url else "/"
    deal("404.html", "404.html", lambda: dict(root=site_path, canonical=None))
    if site_url:
        # Every page but the 404 has an address of its own.
        deal("sitemap.xml", "sitemap.xml", lambda: dict(addresses=[
            *(canonical(path) for path in site_paths if path != "404.html"),
            *(canonical(program_path(program)) for program in programs),
        ]))
    deal("robots.txt", "robots.txt", lambda: dict(sitemap=site_url + "sitemap.xml" if site_url else None))
    return Plan(pages, shared)


def _run(count: int, share: int, shares: int, first_weight: float) -> tuple[int, int]:
    """Where the programs of a share start and stop."""
    def start(k: int) -> int:
        return 0 if k == 0 else round(count * (first_weight + k - 1) / (first_weight + shares - 1))

    return start(share), start(share + 1)


def _longest(programs: tuple[Program, ...]) -> str:
    if not programs:
        return "none"
    longest = max(programs, key=lambda program: (program.hours, -program.id))
    return f"program {longest.id}, {longest.title}, with {longest.hours} hours"
