"""The typed records that loading makes of the data files.

Records here and elsewhere are NamedTuples: immutable, typed, compared by value, and quick to
read from templates; a class of them is also made about six times faster than a frozen
dataclass, which a 40 ms build notices (20 classes: 6 ms of imports).
"""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class Site(NamedTuple):
    title: str
    description: str
    source_title: str
    source_url: str
    source_publisher: str


class Instrument(NamedTuple):
    name: str
    slug: str
    full_name: str


class Topic(NamedTuple):
    slug: str
    name: str
    description: str


class Program(NamedTuple):
    id: int
    # Decimal, so that the hours print and add up exactly as published (372.0 stays "372.0").
    hours: Decimal
    title: str
    instrument: Instrument
    topics: tuple[Topic, ...]
    notes: str


class Catalog(NamedTuple):
    site: Site
    instruments: tuple[Instrument, ...]
    topics: tuple[Topic, ...]
    programs: tuple[Program, ...]  # in program-number order
