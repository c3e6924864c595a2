"""Calibration topics: a page per topic, the topic x instrument matrix, and the about page."""
import re
import tomllib
from decimal import Decimal

import pytest
from conftest import SOURCE, SOURCE_INSTRUMENTS, source_hours, text, target

from sodrm import urls
from sodrm.paths import PROJECT

SITE_FACTS = tomllib.loads((PROJECT / "data" / "site.toml").read_text(encoding="utf-8"))
TOPICS = {topic["slug"]: topic for topic in SITE_FACTS["topics"]}
TOPICS_OF = {program["id"]: program.get("topics", [None]) for program in
             tomllib.loads((PROJECT / "data" / "programs.toml").read_text(encoding="utf-8"))["programs"]}


def tagged(slug):
    return [p for p in SOURCE if slug in TOPICS_OF[p.id]]


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_page_links_exactly_the_programs_tagged_with_it(parsed, slug):
    page = parsed(f"topics/{slug}/")
    linked = [int(a.get_text()) for a in page.select("table.programs tbody th a")]
    assert sorted(linked) == [p.id for p in tagged(slug)]
    assert text(page.h1) == TOPICS[slug]["name"]


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_page_groups_its_programs_by_instrument_with_totals(parsed, slug):
    page = parsed(f"topics/{slug}/")
    sections = page.select("main section:has(table.programs)")
    expected = [name for name in SOURCE_INSTRUMENTS if any(p.instrument == name for p in tagged(slug))]
    assert [section.h2["id"] for section in sections] == [name.lower() for name in expected]
    for section, name in zip(sections, expected):
        programs = [p for p in tagged(slug) if p.instrument == name]
        assert text(section.select_one("tfoot td")) == str(source_hours(programs))


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_page_gives_its_hours_and_primary_hours(parsed, slug):
    primary = [p for p in tagged(slug) if TOPICS_OF[p.id][0] == slug]
    count = len(tagged(slug))
    assert text(parsed(f"topics/{slug}/").select_one(".totals")) == (
        f"{count} program{'s' * (count != 1)}, {source_hours(tagged(slug))} hours; {len(primary)} of them, "
        f"with {source_hours(primary)} hours, have it as their primary topic.")


def matrix_rows(parsed):
    return [[text(cell) for cell in row.find_all(["th", "td"])] for row in parsed("").select("table.matrix tbody tr")]


def test_the_matrix_counts_each_program_once_under_its_primary_topic(parsed):
    rows = matrix_rows(parsed)
    slugs = list(TOPICS) + ([None] if any(TOPICS_OF[p.id] == [None] for p in SOURCE) else [])
    assert [row[0] for row in rows] == [TOPICS[slug]["name"] if slug else "No topic" for slug in slugs]
    for row, slug in zip(rows, slugs):
        for cell, name in zip(row[1:5], SOURCE_INSTRUMENTS):
            programs = [p for p in SOURCE if p.instrument == name and TOPICS_OF[p.id][0] == slug]
            assert cell == (str(source_hours(programs)) if programs else "– none")
        primary = [p for p in SOURCE if TOPICS_OF[p.id][0] == slug]
        assert row[5] == str(source_hours(primary))


def test_the_matrix_totals_add_up_to_the_instrument_totals_and_to_2023_3(parsed):
    rows = matrix_rows(parsed)
    foot = [text(cell) for cell in parsed("").select("table.matrix tfoot tr > *")]
    assert foot == ["All topics"] + [str(source_hours([p for p in SOURCE if p.instrument == name]))
                                     for name in SOURCE_INSTRUMENTS] + ["2023.3"]
    assert sum(Decimal(row[5]) for row in rows) == Decimal("2023.3")


def test_each_matrix_cell_links_to_the_programs_behind_it(parsed, site):
    for link in parsed("").select("table.matrix tbody td a"):
        instrument = link["href"].split("#")[1]
        slug = next(slug for slug in TOPICS if target(urls.INDEX, link["href"]) == urls.topic(slug))
        section = parsed(urls.topic(slug)).find(id=instrument).find_parent("section")
        linked = {int(a.get_text()) for a in section.select("table.programs tbody th a")}
        behind = {p.id for p in SOURCE if p.slug == instrument and TOPICS_OF[p.id][0] == slug}
        assert behind and behind <= linked
        assert link["aria-label"].startswith(link.get_text() + " hours, ")


def test_the_cells_are_shaded_by_their_hours(parsed):
    cells = parsed("").select("table.matrix tbody td:not(:last-child)")
    def hours(cell):
        return Decimal(text(cell)) if re.fullmatch(r"[\d.]+", text(cell)) else Decimal(0)

    shades = [(hours(c), int(c["class"][1].removeprefix("shade-"))) for c in cells]
    assert {shade for hours, shade in shades if hours == 0} == {0}
    by_hours = sorted(shades)
    assert all(a[1] <= b[1] for a, b in zip(by_hours, by_hours[1:]))  # more hours, never a lighter shade
    assert max(shade for _, shade in shades) == 5


def test_the_topics_index_lists_every_topic_with_its_page(parsed):
    links = [(text(a), target(urls.TOPICS, a["href"])) for a in parsed(urls.TOPICS).select("table.topics tbody th a")]
    assert links == [(topic["name"], urls.topic(slug)) for slug, topic in TOPICS.items()]


def test_each_program_page_links_its_topics_primary_first(parsed):
    page = parsed(urls.program(96420))
    assert [(text(a), target(urls.program(96420), a["href"])) for a in page.select(".topic-list a")] == [
        ("Linearity", urls.topic("linearity")), ("Persistence", urls.topic("persistence"))]
    assert "(primary)" in text(page.select_one(".topic-list li"))


def test_the_about_page_is_rendered_from_markdown(parsed):
    page = parsed("about/")
    source = (PROJECT / "content" / "about.md").read_text()
    headings = [line.removeprefix("## ") for line in source.splitlines() if line.startswith("## ")]
    shown = [text(h) for h in page.select(".prose h2")]
    assert [heading for heading in shown if heading in headings] == headings
    assert page.select_one('.prose p a[href^="https://www.stsci.edu/jwst/"]')
    assert text(page.h1) == "About this site"


def test_program_notes_in_markdown_render_on_the_program_page(tmp_path):
    from bs4 import BeautifulSoup
    from sodrm.pipeline import build
    data = tmp_path / "programs.toml"
    data.write_text('[[programs]]\nid = 1\nhours = 2.5\ntitle = "T"\ninstrument = "MIRI"\n'
                    'notes = "Shares its darks with **96610**; see [the source](https://www.stsci.edu/)."\n')
    build(data, PROJECT / "data" / "site.toml", tmp_path / "site")
    notes = BeautifulSoup((tmp_path / "site/programs/1.html").read_text(), "html.parser").select_one(".notes")
    assert notes.strong.get_text() == "96610" and notes.a["href"] == "https://www.stsci.edu/"


def test_programs_without_topics_count_in_a_last_row_so_the_matrix_still_adds_up(tmp_path):
    from bs4 import BeautifulSoup
    from sodrm.pipeline import build
    data = tmp_path / "programs.toml"
    data.write_text('[[programs]]\nid = 1\nhours = 2.5\ntitle = "A"\ninstrument = "MIRI"\ntopics = ["dark"]\n'
                    '[[programs]]\nid = 2\nhours = 4.0\ntitle = "B"\ninstrument = "NIRCam"\n')
    build(data, PROJECT / "data" / "site.toml", tmp_path / "site")
    index = BeautifulSoup((tmp_path / "site/index.html").read_text(), "html.parser")
    last = [text(cell) for cell in index.select("table.matrix tbody tr")[-1].find_all(["th", "td"])]
    assert last == ["No topic", "4.0", "– none", "– none", "– none", "4.0"]
    assert text(index.select_one("table.matrix tfoot td:last-child")) == "6.5"
