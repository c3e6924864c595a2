"""Derived figures: totals, shares and ranks, exact to the published tenth of an hour."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from .model import Program


def total_hours(programs: Iterable[Program]) -> Decimal:
    return sum((program.hours for program in programs), Decimal(0))


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


@dataclass(frozen=True, slots=True)
class Rank:
    position: int  # 1 + the number of programs with more hours, so ties share a position
    of: int
    tied_with: tuple[int, ...]  # ids of the other programs with the same hours

    def __str__(self) -> str:
        text = f"{ordinal(self.position)} of {self.of}"
        if self.tied_with:
            text += ", tied with " + ", ".join(map(str, self.tied_with))
        return text


def ranks_by_hours(programs: Iterable[Program]) -> dict[int, Rank]:
    """Each program's rank by hours, most hours first; equal hours share a rank."""
    ordered = sorted(programs, key=lambda program: (-program.hours, program.id))
    ids_by_hours: dict[Decimal, list[int]] = {}
    for program in ordered:
        ids_by_hours.setdefault(program.hours, []).append(program.id)
    ranks = {}
    position = 0
    for index, program in enumerate(ordered, start=1):
        if index == 1 or program.hours != ordered[index - 2].hours:
            position = index
        tied = tuple(other for other in ids_by_hours[program.hours] if other != program.id)
        ranks[program.id] = Rank(position, len(ordered), tied)
    return ranks
