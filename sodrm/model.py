"""The typed records that loading makes of the data files: immutable, compared by value."""
from __future__ import annotations

from typing import NamedTuple

from .fields import PROGRAM_FIELDS


class Site(NamedTuple):
    title: str
    description: str
    source_title: str
    source_url: str
    source_publisher: str
    caveat: str  # what the programs are not, in the source's words
    # How the data is cited (citation.py): its author, an organisation; who publishes this site's
    # edition of it; its keywords; the time its estimates are from.
    author: str
    publisher: str
    keywords: tuple[str, ...]
    temporal_coverage: str


class Quote(NamedTuple):
    lead: str  # our words before the quotation, may be empty
    text: str  # the source's words, exactly
    source_title: str
    source_url: str


class Instrument(NamedTuple):
    name: str
    slug: str
    full_name: str
    colour: str  # "#rrggbb" of its bars and swatches on a light background
    dark_colour: str  # the same on a dark background
    former_slugs: tuple[str, ...] = ()  # its page's earlier addresses, redirected to it


class Topic(NamedTuple):
    slug: str
    name: str
    description: str
    search_words: tuple[str, ...] = ()  # what else readers call it: the index's search finds it by these
    former_slugs: tuple[str, ...] = ()


# A program has exactly the fields that fields.py declares, in that order. Hours are Decimals,
# so that they print and add up exactly as published ("372.0" stays "372.0").
Program = NamedTuple("Program", [(field.name, object) for field in PROGRAM_FIELDS])


class Mode(NamedTuple):
    slug: str
    name: str
    description: str
    search_words: tuple[str, ...] = ()  # what else readers call it: the index's search finds it by these
    former_slugs: tuple[str, ...] = ()


class Catalog(NamedTuple):
    site: Site
    quotes: tuple[Quote, ...]
    instruments: tuple[Instrument, ...]
    topics: tuple[Topic, ...]
    modes: tuple[Mode, ...]
    programs: tuple  # of Program, in program-number order
