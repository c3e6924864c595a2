"""The kinds of group, declared once: instruments, calibration topics and observing modes. Each
kind's groups are tables of data/site.toml, named by one program field; one planner function
(pages.group_pages) and one template (group.html) make a page for every group of every kind.

What tells the kinds apart is declared here, not copied into templates: the sections a group's
page shows besides its programs, whether a program's first group of the kind is its primary one,
and where the kind sits in the site's navigation. A new kind is a declaration here, its field in
fields.py, its tables in data/site.toml and, at most, a section in group.html.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from . import urls


class GroupKind(NamedTuple):
    key: str  # the [[KEY]] tables of data/site.toml, the Catalog attribute and the pages' folder
    field: str  # the program field that names a program's groups of this kind
    title: str  # the kind, as a heading: "Calibration topics"
    one: str  # one group of the kind, in a sentence: "calibration topic"
    # What a group's page shows, in order: "programs" (its table of programs), "by_instrument"
    # (its programs and hours by instrument), "by_topic" (by primary calibration topic).
    sections: tuple[str, ...]
    primary: bool = False  # a program's first group of this kind is its primary one
    index: str | None = None  # the page that lists the kind's groups, if the site has one
    nav: str = ""  # the navigation link its pages mark: "" none; "own" the group's own link


INSTRUMENTS = GroupKind("instruments", "instrument", "Instruments", "instrument", ("programs", "by_topic"),
                        nav="own")
TOPICS = GroupKind("topics", "topics", "Calibration topics", "calibration topic", ("by_instrument", "programs"),
                   primary=True, index=urls.TOPICS, nav="topics")
MODES = GroupKind("modes", "modes", "Observing modes", "observing mode", ("by_instrument", "programs"))

GROUP_KINDS = (INSTRUMENTS, TOPICS, MODES)


def members(kind: GroupKind, catalog: Any) -> dict[Any, tuple]:
    """Every group of the kind and its programs, in program order: a program is in each group its
    field names (an instrument: one; topics, modes: several)."""
    found: dict[Any, list] = {group: [] for group in getattr(catalog, kind.key)}
    for program in catalog.programs:
        value = getattr(program, kind.field)
        for group in value if type(value) is tuple else (value,):
            found[group].append(program)
    return {group: tuple(programs) for group, programs in found.items()}
