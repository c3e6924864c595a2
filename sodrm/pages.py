"""Pages: a Catalog and the content's Markdown -> the list of pages of the site, each an output
path, a template and what the page shows (its context).

Every figure a page shows is computed here, so that templates only lay out values. The planner
knows nothing of files already built or of processes: it always plans the whole site.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, NamedTuple
from urllib.parse import urlsplit

from markupsafe import Markup

from . import urls
from .citation import apa, bibtex, citation, dataset_terms
from .downloads import MEDIA_TYPES
from .fields import PROGRAM_FIELDS, TYPES
from .groups import GROUP_KINDS, TOPICS, GroupKind, members
from .history import MAX_KEPT_ROWS, History
from .figures import percent, ranks_by_hours, total_hours
from .matrix import topic_matrix
from .model import Catalog, Instrument, Topic
from .text import with_site_links


class Page(NamedTuple):
    path: str  # inside the output folder, from urls.py, e.g. "programs/96000.html"
    template: str
    context: dict[str, Any]  # what the page shows, besides what every page shares (`shared`)
    address: str | None = None  # its public address, when the site's is known: its canonical link


def page(path: str, template: str, site_url: str | None, **shows: Any) -> Page:
    """A page, which owns its address: made here, once, from its path; templates only print it."""
    # Links are relative to the page, so the site works under any path; the 404 page gives its own root.
    shows.setdefault("root", urls.root_of(path))
    shows.setdefault("nav", None)  # the navigation link marked as the current page
    return Page(path, template, shows, urls.absolute(site_url, path))


def redirects(pages: list[Page], catalog: Catalog, site_url: str | None) -> list[Page]:
    """A page at each address a page had before (urls.py's former forms of program pages, a
    group's former slugs) that sends the reader to where it is now, as Hugo's aliases do."""
    former = {urls.program(program.id): urls.former_programs(program.id) for program in catalog.programs}
    for kind in GROUP_KINDS:
        for group in getattr(catalog, kind.key):
            former[urls.group(kind.key, group.slug)] = [urls.group(kind.key, slug) for slug in group.former_slugs]
    return [page(old, "redirect.html", site_url, to=urls.root_of(old) + urls.public(moved.path), moved=moved.address)
            for moved in pages for old in former.get(moved.path, ())]


def shared(catalog: Catalog, content: dict[str, str], site_url: str | None,
           history: History | None) -> dict[str, Any]:
    """What every page shows: the site, its navigation and the data's version. (Each page's own
    address is its Page's.)"""
    return {"site": catalog.site, "instruments": catalog.instruments, "has_topics": bool(catalog.topics),
            "has_about": "about" in content, "history": history,
            "card": urls.absolute(site_url, urls.static("card.png"))}  # the picture of a shared link


class InstrumentSummary(NamedTuple):
    instrument: Instrument
    programs: tuple
    hours: Decimal
    share: str  # of the hours of the programs it is part of


class TopicGroup(NamedTuple):
    topic: Topic | None  # None: the programs without a topic
    programs: tuple
    hours: Decimal
    share: str  # of the hours of the programs it is part of


class GroupSummary(NamedTuple):
    """A group of any kind (groups.py) and what its page shows."""
    kind: GroupKind
    group: Any  # an Instrument, a Topic, a Mode
    programs: tuple  # every program of the group (for a topic: tagged with it, primary or not)
    hours: Decimal
    share: str  # of all the programs' hours
    primary_count: int  # programs whose primary group of the kind it is (kinds with a primary one)
    primary_hours: Decimal
    sections: tuple[tuple[str, Any], ...]  # (name, what it shows), in the order the kind declares


def instrument_groups(instruments: tuple[Instrument, ...], programs: tuple,
                      skip_empty: bool = False) -> tuple[InstrumentSummary, ...]:
    """The programs of each instrument, with their hours and share of all the programs' hours."""
    by_instrument: dict[Instrument, list] = {instrument: [] for instrument in instruments}
    for program in programs:
        by_instrument[program.instrument].append(program)
    all_hours = total_hours(programs)
    return tuple(
        InstrumentSummary(instrument, tuple(group), total_hours(group), percent(total_hours(group), all_hours))
        for instrument, group in by_instrument.items() if group or not skip_empty
    )


def primary_topic_groups(topics: tuple[Topic, ...], programs: tuple) -> tuple[TopicGroup, ...]:
    """The programs by primary topic, the most hours first (ties in topic order, as in the
    matrix), then those without a topic."""
    by_topic: dict[Topic | None, list] = {topic: [] for topic in (*topics, None)}
    for program in programs:
        by_topic[program.topics[0] if program.topics else None].append(program)
    all_hours = total_hours(programs)
    groups = [TopicGroup(topic, tuple(group), total_hours(group), percent(total_hours(group), all_hours))
              for topic, group in by_topic.items() if group]
    return tuple(sorted(groups, key=lambda group: (group.topic is None, -group.hours)))


def facet_counts(catalog: Catalog) -> dict[str, dict[str, int]]:
    """How many programs each option of the index's filters selects, before any is chosen."""
    counts: dict[str, dict[str, int]] = {
        "instrument": {instrument.slug: 0 for instrument in catalog.instruments},
        "topics": {topic.slug: 0 for topic in catalog.topics},
        "modes": {mode.slug: 0 for mode in catalog.modes},
    }
    for program in catalog.programs:
        counts["instrument"][program.instrument.slug] += 1
        for topic in program.topics:
            counts["topics"][topic.slug] += 1
        for mode in program.modes:
            counts["modes"][mode.slug] += 1
    return counts


def group_summaries(kind: GroupKind, catalog: Catalog) -> tuple[GroupSummary, ...]:
    """Every group of the kind, with its programs, hours and sections."""
    all_hours = total_hours(catalog.programs)
    summaries = []
    for group, programs in members(kind, catalog).items():
        primary = [p for p in programs if getattr(p, kind.field)[0] == group] if kind.primary else []
        sections = {
            "programs": lambda: None,
            "by_instrument": lambda: instrument_groups(catalog.instruments, tuple(programs), skip_empty=True),
            "by_topic": lambda: primary_topic_groups(catalog.topics, tuple(programs)) if catalog.topics else (),
        }
        summaries.append(GroupSummary(
            kind, group, tuple(programs), total_hours(programs), percent(total_hours(programs), all_hours),
            len(primary), total_hours(primary), tuple((name, sections[name]()) for name in kind.sections)))
    return tuple(summaries)


def scale(*tables: Any) -> Decimal:
    """The one scale of a page's bars: the most hours any of its bars draws. Each of `tables` is
    the rows of one table with bars (programs or groups, each with its hours); a bar of `scale`
    hours fills its whole length, on every table of the page."""
    return max((row.hours for rows in tables for row in rows or ()), default=Decimal(0))


def group_pages(kind: GroupKind, catalog: Catalog, site_url: str | None) -> list[Page]:
    """A page for every group of the kind."""
    all_hours = total_hours(catalog.programs)
    return [page(urls.group(kind.key, summary.group.slug), "group.html", site_url,
                 nav=summary.group.slug if kind.nav == "own" else kind.nav or None,
                 summary=summary, all_hours=all_hours,
                 scale=scale(summary.programs, *(shows for _, shows in summary.sections)))
            for summary in group_summaries(kind, catalog)]


class Kin:
    """A program's kin, for its page: the same calibration on the other instruments, and its
    instrument's programs nearest it by hours. Both are bounded, so that a page stays small and
    a change touches few pages however large the catalog."""

    NEAREST = 5  # programs of the instrument shown on either side of the program, by hours
    PER_INSTRUMENT = 5  # programs shown for each other instrument on the same topic, most hours first

    def __init__(self, catalog: Catalog, summaries: tuple[InstrumentSummary, ...]) -> None:
        self.by_hours = {summary.instrument: tuple(sorted(summary.programs, key=lambda p: (-p.hours, p.id)))
                         for summary in summaries}
        self._position = {program.id: n for ordered in self.by_hours.values() for n, program in enumerate(ordered)}
        self._on_topic: dict[tuple, list] = {}
        for ordered in self.by_hours.values():
            for program in ordered:
                for topic in program.topics:
                    shown = self._on_topic.setdefault((topic, program.instrument), [])
                    if len(shown) < self.PER_INSTRUMENT:
                        shown.append(program)
        self._instruments = catalog.instruments

    def on_other_instruments(self, program) -> tuple:
        """The program and, for each other instrument, its programs with the program's primary
        topic (the most hours first, at most PER_INSTRUMENT), in program order; nothing when no
        other instrument has that topic."""
        if not program.topics:
            return ()
        others = [other for instrument in self._instruments if instrument != program.instrument
                  for other in self._on_topic.get((program.topics[0], instrument), ())]
        return tuple(sorted((program, *others), key=lambda p: p.id)) if others else ()

    def nearest_by_hours(self, program) -> tuple:
        """The programs of the program's instrument around it by hours, the most first: all of
        them when there are at most 2 * NEAREST + 1."""
        ordered = self.by_hours[program.instrument]
        size = 2 * self.NEAREST + 1
        start = max(0, min(self._position[program.id] - self.NEAREST, len(ordered) - size))
        return ordered[start:start + size]


def plan(catalog: Catalog, content: dict[str, str], site_url: str | None,
         markdown: Callable[[str], Markup], history: History | None = None,
         edit_url: str | None = None, lines: dict[int, int] | None = None) -> list[Page]:
    """Every page of the site. `markdown` turns Markdown into safe HTML; `history` is the data's
    history in git, if it has one; `edit_url`, where maintainers edit the data file, whose
    programs' tables start at `lines`."""
    lines = lines or {}
    programs = catalog.programs
    all_hours = total_hours(programs)
    summaries = instrument_groups(catalog.instruments, programs)
    hours_of_instrument = {summary.instrument: summary.hours for summary in summaries}
    ranks = ranks_by_hours(programs)
    ranks_in_instrument = {}
    for summary in summaries:
        ranks_in_instrument.update(ranks_by_hours(summary.programs))

    def prose(text: str, path: str) -> Markup:
        """Authored Markdown shown on the page at `path`, its site:NAME links leading from there."""
        return markdown(with_site_links(text, urls.root_of(path)))

    pages = [page(
        urls.INDEX, "index.html", site_url,
        nav="index",
        topics=catalog.topics,
        modes=catalog.modes,
        intro=prose(content["intro"], urls.INDEX),
        programs=programs,
        summaries=summaries,
        all_hours=all_hours,
        scale=scale(programs, summaries),
        facet_counts=facet_counts(catalog),
    )]
    # What else the search finds each facet option by, for the filters' code alone (it loads on
    # first use): the index does not carry it.
    pages.append(page(urls.SEARCH_WORDS, "search-words.json", site_url, words={
        "instrument": {i.slug: i.full_name for i in catalog.instruments},
        "topics": {t.slug: " ".join(t.search_words) for t in catalog.topics if t.search_words},
        "modes": {m.slug: " ".join(m.search_words) for m in catalog.modes if m.search_words}}))
    kin = Kin(catalog, summaries)
    for index, program in enumerate(programs):
        instrument_hours = hours_of_instrument[program.instrument]
        related, siblings = kin.on_other_instruments(program), kin.nearest_by_hours(program)
        pages.append(page(
            urls.program(program.id), "program.html", site_url,
            program=program,
            notes=prose(program.notes, urls.program(program.id)) if program.notes else None,
            previous=programs[index - 1] if index > 0 else None,
            next=programs[index + 1] if index + 1 < len(programs) else None,
            instrument_hours=instrument_hours,
            all_hours=all_hours,
            share_of_instrument=percent(program.hours, instrument_hours),
            share_of_all=percent(program.hours, all_hours),
            rank=ranks[program.id],
            rank_in_instrument=ranks_in_instrument[program.id],
            related=related,
            siblings=siblings,
            scale=scale(related, siblings),
            instrument_programs=len(kin.by_hours[program.instrument]),
            edit=f"{edit_url}#L{lines[program.id]}" if edit_url and program.id in lines else None,
        ))
    for kind in GROUP_KINDS:
        pages += group_pages(kind, catalog, site_url)
    if catalog.topics:
        pages.append(page(urls.TOPICS, "topics.html", site_url, nav="topics", topics=group_summaries(TOPICS, catalog),
                          all_hours=all_hours, matrix=topic_matrix(catalog)))
    # The schema.org Dataset is on the page that describes the data, field by field.
    pages.append(page(urls.FIELDS, "fields.html", site_url, fields=PROGRAM_FIELDS,
                      dataset=dataset(catalog, history, site_url),
                      types={field.name: TYPES[field.kind] for field in PROGRAM_FIELDS},
                      topics=catalog.topics, modes=catalog.modes))
    titles = {program.id: program.title for program in programs}
    changes = page(urls.CHANGES, "changes.html", site_url, titles=titles, max_kept_rows=f"{MAX_KEPT_ROWS:,}")
    pages.append(changes)
    pages.append(page(urls.FEED, "changes.xml", site_url, changes=changes.address, tag=_TAG))
    if "about" in content:
        cited = citation(catalog.site, history, site_url)
        pages.append(page(urls.ABOUT, "about.html", site_url, nav="about",
                          about=prose(content["about"], urls.ABOUT), quotes=catalog.quotes,
                          apa=apa(cited), bibtex=bibtex(cited),
                          cited_version=next((entry.id[:12] for entry in history.entries if entry.id in history.kept
                                              and entry.id.startswith(history.version)), None) if history else None))
    # GitHub Pages serves 404.html for a missing path at any depth, so its links cannot be
    # relative: they start from the site's own path ("/" or "/REPO/").
    pages.append(page(urls.NOT_FOUND, "404.html", site_url, root=urlsplit(site_url).path if site_url else "/",
                      example=urls.public(urls.program(programs[0].id))))
    pages.append(page(urls.INSTRUMENT_COLOURS, "instruments.css", site_url))
    pages += redirects(pages, catalog, site_url)
    sitemap = page(urls.SITEMAP, "sitemap.xml", site_url, addresses=[
        p.address for p in pages if p.path.endswith(".html") and p.template not in ("404.html", "redirect.html")])
    if site_url:
        pages.append(sitemap)
    pages.append(page(urls.ROBOTS, "robots.txt", site_url, sitemap=sitemap.address))
    return pages


def dataset(catalog: Catalog, history: History | None, site_url: str | None) -> dict[str, Any]:
    """The data as a schema.org Dataset, for search engines: its fields from fields.py, its
    downloads, its source and version."""
    site = catalog.site
    described = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": site.title,
        "description": f"{site.description} {site.caveat}",
        "isBasedOn": site.source_url,
        **dataset_terms(citation(site, history, site_url)),
        "variableMeasured": [
            {"@type": "PropertyValue", "name": field.name, "description": field.description,
             **({"unitText": field.unit} if field.unit else {})}
            for field in PROGRAM_FIELDS],
        "distribution": [
            {"@type": "DataDownload", "name": path, "encodingFormat": media_type,
             "contentUrl": urls.absolute(site_url, path) or path}
            for path, media_type in MEDIA_TYPES.items()],
    }
    if site_url:
        described["url"] = site_url
    if history:
        described["version"] = history.version
        if history.date:
            described["dateModified"] = history.date
    return described


# The feed's id where the site's address is not known: a tag URI (RFC 4151).
_TAG = "tag:sodrm-calibration-programs.invalid,2012:changes"


