"""The typed records that loading makes of the data files."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    description: str
    source_title: str
    source_url: str
    source_publisher: str


@dataclass(frozen=True, slots=True)
class Instrument:
    name: str
    slug: str
    full_name: str


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Program:
    id: int
    # Decimal, so that the hours print and add up exactly as published (372.0 stays "372.0").
    hours: Decimal
    title: str
    instrument: Instrument
    topics: tuple[Topic, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class Catalog:
    site: Site
    instruments: tuple[Instrument, ...]
    topics: tuple[Topic, ...]
    programs: tuple[Program, ...]  # in program-number order
