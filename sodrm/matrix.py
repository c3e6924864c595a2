"""The topic x instrument matrix: hours by primary topic and instrument, each program counted once.

A program's first topic is its primary one; counting only that one keeps every row, every
column and the grand total adding up to the catalog's hours. Programs without topics form a
last "No topic" row, so that nothing drops out of the sums.
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import NamedTuple

from .figures import total_hours
from .model import Catalog, Instrument, Program, Topic

SHADES = 6  # shade 0 is an empty cell; 1 to 5 grow with the hours, on a log scale


class Cell(NamedTuple):
    instrument: Instrument
    programs: tuple[Program, ...]
    hours: Decimal
    shade: int


class Row(NamedTuple):
    topic: Topic | None  # None: the programs without a topic
    cells: tuple[Cell, ...]
    hours: Decimal


class Matrix(NamedTuple):
    instruments: tuple[Instrument, ...]
    rows: tuple[Row, ...]
    column_hours: tuple[Decimal, ...]
    hours: Decimal


def topic_matrix(catalog: Catalog) -> Matrix:
    def primary(program: Program) -> Topic | None:
        return program.topics[0] if program.topics else None

    topics: list[Topic | None] = list(catalog.topics)
    if any(primary(program) is None for program in catalog.programs):
        topics.append(None)
    groups: dict[tuple[Topic | None, Instrument], list[Program]] = {
        (topic, instrument): [] for topic in topics for instrument in catalog.instruments
    }
    for program in catalog.programs:
        groups[primary(program), program.instrument].append(program)
    largest = max((total_hours(group) for group in groups.values()), default=Decimal(0))
    rows = []
    for topic in topics:
        cells = tuple(
            Cell(instrument, tuple(group), total_hours(group), _shade(total_hours(group), largest))
            for instrument in catalog.instruments
            for group in [groups[topic, instrument]]
        )
        rows.append(Row(topic, cells, sum((c.hours for c in cells), Decimal(0))))
    column_hours = tuple(
        sum((row.cells[column].hours for row in rows), Decimal(0)) for column in range(len(catalog.instruments))
    )
    return Matrix(catalog.instruments, tuple(rows), column_hours, total_hours(catalog.programs))


def _shade(hours: Decimal, largest: Decimal) -> int:
    if not hours:
        return 0
    # Log scale: the hours span 2 to 900 here, and a linear scale would leave most cells pale.
    return max(1, math.ceil((SHADES - 1) * math.log1p(hours) / math.log1p(largest)))
