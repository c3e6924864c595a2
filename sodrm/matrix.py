"""The topic x instrument matrix: hours by primary topic and instrument, each program counted once.

A program's first topic is its primary one; counting only that one keeps every row, every
column and the grand total adding up to the catalog's hours. Rows go from the most hours to the
fewest; programs without topics form a last "No topic" row, so that nothing drops out of the sums.

Cells are shaded in a few steps a reader can tell apart, one per power of ten of hours (under 10,
10 to 100, ...): the hours span two to three powers of ten, and a step per power keeps a 3-hour
cell and a 500-hour one apart while the key stays in round numbers.
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import NamedTuple

from .figures import total_hours
from .model import Catalog, Instrument, Program, Topic

STEPS = 4  # at most; the stylesheet has a shade for each (shade-1 to shade-4), shade 0 is empty


class Cell(NamedTuple):
    instrument: Instrument
    programs: tuple[Program, ...]
    hours: Decimal
    shade: int


class Row(NamedTuple):
    topic: Topic | None  # None: the programs without a topic
    cells: tuple[Cell, ...]
    hours: Decimal


class Step(NamedTuple):
    shade: int
    low: Decimal | None  # hours from (None: from the smallest)
    high: Decimal | None  # hours up to, not included (None: no limit)


class Matrix(NamedTuple):
    instruments: tuple[Instrument, ...]
    rows: tuple[Row, ...]
    column_hours: tuple[Decimal, ...]
    hours: Decimal
    steps: tuple[Step, ...]  # the key to the shades


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
    steps = _steps([total_hours(group) for group in groups.values() if group])
    rows = []
    for topic in topics:
        cells = tuple(
            Cell(instrument, tuple(group), total_hours(group), _shade(total_hours(group), steps) if group else 0)
            for instrument in catalog.instruments
            for group in [groups[topic, instrument]]
        )
        rows.append(Row(topic, cells, sum((c.hours for c in cells), Decimal(0))))
    # Most hours first; ties in topic order; the programs without a topic last.
    rows.sort(key=lambda row: (row.topic is None, -row.hours))
    column_hours = tuple(
        sum((row.cells[column].hours for row in rows), Decimal(0)) for column in range(len(catalog.instruments))
    )
    return Matrix(catalog.instruments, tuple(rows), column_hours, total_hours(catalog.programs), steps)


def _steps(cells: list[Decimal]) -> tuple[Step, ...]:
    """A step per power of ten the non-empty cells span; past STEPS, the smallest steps merge."""
    positive = [hours for hours in cells if hours > 0]
    if not positive:
        return (Step(1, None, None),)
    smallest = math.floor(math.log10(min(positive)))
    largest = math.floor(math.log10(max(positive)))
    bounds = [Decimal(10) ** power for power in range(smallest + 1, largest + 1)][-(STEPS - 1):]
    edges = [None, *bounds, None]
    return tuple(Step(shade, edges[shade - 1], edges[shade]) for shade in range(1, len(edges)))


def _shade(hours: Decimal, steps: tuple[Step, ...]) -> int:
    return next(step.shade for step in steps if step.high is None or hours < step.high)
