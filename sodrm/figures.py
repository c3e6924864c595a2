"""Derived figures: totals, shares and ranks, exact to the published tenth of an hour."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Iterable

from .model import Program


def total_hours(programs: Iterable[Program]) -> Decimal:
    return sum((program.hours for program in programs), Decimal(0))


@cache  # many pages ask for the same shares
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


def ranks_by_hours(programs: Iterable[Program]) -> dict[int, str]:
    """Each program's rank by hours, most hours first, as its page words it ("2nd of 37");
    programs with equal hours share a rank and name each other ("36th of 37, tied with 96470"),
    or, when more than three others share it, count them."""
    ids_by_hours: dict[Decimal, list[int]] = {}
    for program in programs:
        ids_by_hours.setdefault(program.hours, []).append(program.id)
    count = sum(len(ids) for ids in ids_by_hours.values())
    ranks = {}
    position = 1  # 1 + the number of programs with more hours
    for hours in sorted(ids_by_hours, reverse=True):
        ids = sorted(ids_by_hours[hours])
        text = f"{ordinal(position)} of {count}"
        for program_id in ids:
            if len(ids) > 4:
                ranks[program_id] = f"{text}, tied with {len(ids) - 1} other programs"
            else:
                others = [str(other) for other in ids if other != program_id]
                ranks[program_id] = f"{text}, tied with {', '.join(others)}" if others else text
        position += len(ids)
    return ranks


def bar_width(hours: Decimal, longest: Decimal) -> str:
    """A bar's length as a share of the longest bar's, for SVG's width attribute: linear, so
    that lengths compare as the hours do; the hours are printed beside every bar."""
    if not longest:
        return "0%"
    return f"{float(hours * 100 / longest):.1f}%"
