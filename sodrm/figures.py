"""Derived figures: totals, shares and ranks, exact to the published tenth of an hour."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from operator import attrgetter
from typing import Iterable

from .model import Program


def total_hours(programs: Iterable[Program]) -> Decimal:
    return sum(map(_hours, programs), Decimal(0))  # map and attrgetter: no Python frame per program


_hours = attrgetter("hours")


@cache  # a page per program asks for the same few thousand shares
def percent(part: Decimal, whole: Decimal) -> str:
    """A share as readers expect it: one decimal, rounded half up, and never a misleading 0.0%."""
    if not whole:
        return "0%"
    share = (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if share == 0 and part > 0:
        return "< 0.1%"
    return f"{share}%"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ranks_by_hours(programs: Iterable[Program], wanted: Iterable[Program] | None = None) -> dict[int, str]:
    """Each program's rank by hours, most hours first, as its page words it ("2nd of 37");
    programs with equal hours share a rank and name each other ("36th of 37, tied with 96470").
    With `wanted`, only the ranks of those programs are worded (a share of a large site's pages)."""
    ids_by_hours: dict[Decimal, list[int]] = {}
    for program in programs:
        ids_by_hours.setdefault(program.hours, []).append(program.id)
    wanted_ids = None if wanted is None else {program.id for program in wanted}
    count = sum(len(ids) for ids in ids_by_hours.values())
    ranks = {}
    position = 1  # 1 + the number of programs with more hours
    for hours in sorted(ids_by_hours, reverse=True):
        ids = ids_by_hours[hours]
        if wanted_ids is None or not wanted_ids.isdisjoint(ids):
            text = f"{ordinal(position)} of {count}"
            if len(ids) == 1:
                ranks[ids[0]] = text
            else:
                ids.sort()
                names = [str(program_id) for program_id in ids]
                for index, program_id in enumerate(ids):
                    ranks[program_id] = f"{text}, tied with {', '.join(names[:index] + names[index + 1:])}"
        position += len(ids)
    return ranks
