"""Shared fixtures: the site is built once per test session into a temporary folder.

The expected values come from tests/source_table.txt, the table as STScI publishes it, not from
the data file or the build's own code, so a test fails if any of them drifts from the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sodrm.cli import PROJECT, build

# The published copy lost its column headers; DEVELOPERS.md gives their order.
SOURCE_INSTRUMENTS = ("NIRCam", "NIRSpec", "NIRISS", "MIRI")
FULL_NAMES = {
    "NIRCam": "Near Infrared Camera",
    "NIRSpec": "Near Infrared Spectrograph",
    "NIRISS": "Near Infrared Imager and Slitless Spectrograph",
    "MIRI": "Mid-Infrared Instrument",
}


@dataclass(frozen=True)
class SourceProgram:
    id: int
    hours: str  # as printed in the source, e.g. "372.0"
    title: str
    instrument: str

    @property
    def slug(self) -> str:
        return self.instrument.lower()


def read_source_table(path: Path) -> list[SourceProgram]:
    programs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"(9\d{4}) (\d+\.\d) (.*)$", line)
        if not match:
            continue
        number, hours, rest = match.groups()
        # Cells are separated by spaces; an empty instrument cell holds a no-break space.
        cells = rest.rstrip(" ").split(" ")
        marks = cells[-4:]
        assert sorted(marks) == ["X", "\xa0", "\xa0", "\xa0"], line
        programs.append(SourceProgram(int(number), hours, " ".join(cells[:-4]), SOURCE_INSTRUMENTS[marks.index("X")]))
    return programs


SOURCE = read_source_table(Path(__file__).parent / "source_table.txt")
SOURCE_BY_ID = {program.id: program for program in SOURCE}


def source_hours(programs) -> Decimal:
    return sum((Decimal(program.hours) for program in programs), Decimal(0))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", out)
    return out


@pytest.fixture(scope="session")
def page(site):
    """page("programs/96000/") -> the parsed HTML of that page of the built site."""

    @cache
    def parse(address: str) -> BeautifulSoup:
        path = site / address
        if address == "" or address.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    return parse


def text(element) -> str:
    """An element's text as a reader sees it: white space folded, none before punctuation."""
    return re.sub(r" ([,.;:!?%)])", r"\1", " ".join(element.get_text(" ").split()))
