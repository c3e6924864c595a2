"""The hours bar chart: geometry computed here, drawn as inline SVG by the `bar_chart` macro.

One horizontal bar per program, in program order, its length proportional to the program's hours.
The view box is narrow (360 units) so that its text stays legible when a phone shrinks it to fit.
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import NamedTuple

from .model import Program

WIDTH = 360
LABEL_WIDTH = 46  # room for a program number left of the bars
VALUE_WIDTH = 44  # room for the hours printed after the longest bar
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH
ROW_HEIGHT = 18
BAR_HEIGHT = 12
TOP = 6
AXIS_HEIGHT = 40  # tick labels and the axis title under the bars


class Bar(NamedTuple):
    id: int
    slug: str  # the program's instrument, which colours the bar
    hours: Decimal
    y: float  # top of the bar's row
    length: float
    value_x: float  # where the hours start, just after the bar


class Tick(NamedTuple):
    x: float
    label: str


class BarChart(NamedTuple):
    title: str
    description: str
    programs: tuple[Program, ...]
    scale: float  # view box units per hour
    ticks: tuple[Tick, ...]
    height: int
    axis_y: int
    width: int = WIDTH
    plot_left: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    bar_height: int = BAR_HEIGHT
    text_y: int = 10  # baseline of the labels in a bar's row

    def bars(self):
        """The bars, made as the template draws them: a page that is not rendered never makes them."""
        for index, program in enumerate(self.programs):
            length = round(float(program.hours) * self.scale, 3)
            yield Bar(program.id, program.instrument.slug, program.hours, TOP + index * ROW_HEIGHT, length,
                      round(LABEL_WIDTH + length + 4, 2))

    def fingerprint_parts(self):
        return self.title, self.description, self.programs


def bar_chart(programs: tuple[Program, ...], title: str, description: str) -> BarChart:
    longest = max((float(program.hours) for program in programs), default=1.0)
    step = _tick_step(longest)
    axis_max = math.ceil(longest / step) * step
    scale = PLOT_WIDTH / axis_max
    axis_y = TOP + len(programs) * ROW_HEIGHT
    ticks = tuple(
        Tick(round(LABEL_WIDTH + n * step * scale, 2), _number(n * step))
        for n in range(round(axis_max / step) + 1)
    )
    return BarChart(title, description, tuple(programs), scale, ticks, axis_y + AXIS_HEIGHT, axis_y)


def _tick_step(longest: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving four to ten ticks."""
    rough = longest / 5
    magnitude = 10 ** math.floor(math.log10(rough))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)


def _number(value: float) -> str:
    # Rounding first drops float noise (3 * 0.1); normalize drops trailing zeros (200.0 -> 200).
    return format(Decimal(str(round(value, 9))).normalize(), "f")
