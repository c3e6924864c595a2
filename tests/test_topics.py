"""Calibration topics: a page per topic, the topic x instrument matrix, and the about page."""
import re
import tomllib
from decimal import ROUND_HALF_UP, Decimal

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
def test_each_topic_page_lists_its_programs_in_one_table_with_their_instrument(parsed, slug):
    tables = parsed(urls.topic(slug)).select("table.programs")
    assert len(tables) == 1
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in tables[0].select("tbody tr")]
    assert [(int(row[0]), row[3]) for row in rows] == [(p.id, p.instrument) for p in tagged(slug)]
    assert [th["data-key"] for th in tables[0].select("thead th")] == ["id", "hours", "title", "instrument"]


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_page_marks_the_programs_that_have_it_as_a_secondary_topic(parsed, slug):
    rows = parsed(urls.topic(slug)).select("table.programs tbody tr")
    marked = [int(text(row.th)) for row in rows if row.select_one(".tag")]
    assert marked == [p.id for p in tagged(slug) if TOPICS_OF[p.id][0] != slug]


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_page_sums_its_programs_by_instrument(parsed, slug):
    rows = parsed(urls.topic(slug)).select("table.summary tbody tr")
    expected = [name for name in SOURCE_INSTRUMENTS if any(p.instrument == name for p in tagged(slug))]
    assert [row["id"] for row in rows] == [name.lower() for name in expected]
    for row, name in zip(rows, expected):
        programs = [p for p in tagged(slug) if p.instrument == name]
        assert [text(cell) for cell in row.select("td")][:2] == [str(len(programs)), str(source_hours(programs))]


def test_a_table_of_one_program_has_no_sort_buttons_and_no_total(parsed):
    single = [slug for slug in TOPICS if len(tagged(slug)) == 1]
    assert single  # PSF: 96050 alone
    for slug in single:
        table = parsed(urls.topic(slug)).select_one("table.programs")
        assert not table.has_attr("data-sortable") and table.tfoot is None
        assert table.select_one("th[aria-sort]") is None


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_page_says_how_many_programs_have_it_as_primary_in_good_grammar(parsed, slug):
    count = len(tagged(slug))
    primary = [p for p in tagged(slug) if TOPICS_OF[p.id][0] == slug]
    secondary = count - len(primary)
    said = text(parsed(urls.topic(slug)).select_one(".totals"))
    hours, everything = source_hours(tagged(slug)), source_hours(SOURCE)
    share = (hours * 100 / everything).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    opening = f"{count} calibration program{'s' * (count != 1)}, {hours} hours: {share}% of all {everything} hours."
    if count == 1:
        ending = f"It is this program's {'primary' if primary else 'secondary'} calibration topic."
    elif not secondary:
        ending = "It is the primary calibration topic of each of them."
    elif not primary:
        ending = "It is a secondary calibration topic of each of them."
    else:
        ending = (f"It is the primary calibration topic of {len(primary)} of them ({source_hours(primary)} hours) "
                  f"and a secondary calibration topic of {secondary}.")
    assert said == f"{opening} {ending}"


INSTRUMENTS = [instrument["name"] for instrument in SITE_FACTS["instruments"]]  # the matrix's columns, declared


def matrix(page, part="tbody"):
    """The matrix's rows of `part` as {column heading: cell text}: no test counts columns."""
    table = page.select_one("table.matrix")
    headings = [text(th) for th in table.select("thead th")]
    return [dict(zip(headings, (text(cell) for cell in row.find_all(["th", "td"])))) for row in table.select(f"{part} tr")]


def matrix_rows(parsed):
    return matrix(parsed(urls.TOPICS))


def primary_slugs():
    """Topic slugs (None: no topic) in the matrix's order: the most primary hours first."""
    slugs = list(TOPICS)
    hours = {slug: source_hours([p for p in SOURCE if TOPICS_OF[p.id][0] == slug]) for slug in slugs}
    ordered = sorted(slugs, key=lambda slug: -hours[slug])
    return ordered + ([None] if any(TOPICS_OF[p.id] == [None] for p in SOURCE) else [])


def test_the_matrix_counts_each_program_once_under_its_primary_topic_most_hours_first(parsed):
    rows = matrix_rows(parsed)
    slugs = primary_slugs()
    assert [row["Primary topic"] for row in rows] == [TOPICS[slug]["name"] if slug else "No topic" for slug in slugs]
    for row, slug in zip(rows, slugs):
        for name in INSTRUMENTS:
            programs = [p for p in SOURCE if p.instrument == name and TOPICS_OF[p.id][0] == slug]
            assert row[name] == (str(source_hours(programs)) if programs else "– none")
        primary = [p for p in SOURCE if TOPICS_OF[p.id][0] == slug]
        assert row["All"] == str(source_hours(primary))
    topic_hours = [Decimal(row["All"]) for row, slug in zip(rows, slugs) if slug]
    assert topic_hours == sorted(topic_hours, reverse=True)


def test_the_matrix_totals_add_up_to_the_instrument_totals_and_to_2023_3(parsed):
    rows = matrix_rows(parsed)
    [foot] = matrix(parsed(urls.TOPICS), "tfoot")
    assert foot == {"Primary topic": "All topics", "All": "2023.3",
                    **{name: str(source_hours([p for p in SOURCE if p.instrument == name])) for name in INSTRUMENTS}}
    assert sum(Decimal(row["All"]) for row in rows) == Decimal("2023.3")


def test_the_topics_page_says_what_its_rows_and_columns_add_up_to(parsed):
    assert f"add up to {source_hours(SOURCE)} hours" in text(parsed(urls.TOPICS).select_one("main"))


def test_each_matrix_cell_links_to_the_programs_behind_it(parsed):
    for link in parsed(urls.TOPICS).select("table.matrix tbody td a"):
        instrument = link["href"].split("#")[1]
        slug = next(slug for slug in TOPICS if target(urls.TOPICS, link["href"]) == urls.topic(slug))
        page = parsed(urls.topic(slug))
        assert page.find(id=instrument).name == "tr"  # the instrument's line of the topic's summary
        linked = {int(text(row.th)) for row in page.select(f'table.programs tbody tr[data-instrument="{instrument}"]')}
        behind = {p.id for p in SOURCE if p.slug == instrument and TOPICS_OF[p.id][0] == slug}
        assert behind and behind <= linked
        assert link["aria-label"].startswith(link.get_text() + " hours, ")


def test_the_cells_are_shaded_in_a_step_per_power_of_ten_of_hours(parsed):
    cells = parsed(urls.TOPICS).select("table.matrix tbody td:not(:last-child)")
    def hours(cell):
        return Decimal(text(cell)) if re.fullmatch(r"[\d.]+", text(cell)) else Decimal(0)

    shades = [(hours(c), int(c["class"][1].removeprefix("shade-"))) for c in cells]
    assert {shade for hours, shade in shades if hours == 0} == {0}
    lowest = min(h for h, _ in shades if h).adjusted()  # the power of ten of the smallest cell
    assert all(shade == h.adjusted() - lowest + 1 for h, shade in shades if h)


def test_the_matrix_has_a_key_to_its_shades(parsed):
    cells = [Decimal(text(cell)) for cell in parsed(urls.TOPICS).select("table.matrix tbody td:not(:last-child)")
             if re.fullmatch(r"[\d.]+", text(cell))]
    # A step per power of ten from the smallest cell's to the largest's (here at most four).
    bounds = [10 ** power for power in range(min(cells).adjusted() + 1, max(cells).adjusted() + 1)]
    labels = ([f"under {bounds[0]} hours"] + [f"{low} to under {high} hours" for low, high in zip(bounds, bounds[1:])]
              + [f"{bounds[-1]} hours or more"]) if bounds else ["any hours"]
    key = [(item.span["class"], text(item)) for item in parsed(urls.TOPICS).select(".key li")]
    assert key == [([f"shade-{n}"], label) for n, label in enumerate(labels, 1)]


def test_the_matrix_has_at_most_four_steps_however_wide_the_hours(tmp_path):
    from bs4 import BeautifulSoup
    from sodrm.pipeline import build
    data = tmp_path / "programs.toml"
    data.write_text("".join(f'[[programs]]\nid = {n}\nhours = {hours}\ntitle = "T"\ninstrument = "{name}"\ntopics = ["dark"]\n'
                            for n, (hours, name) in enumerate([(0.2, "MIRI"), (3, "NIRCam"), (40000, "NIRSpec")], 1)))
    build(data, PROJECT / "data" / "site.toml", tmp_path / "site")
    page = BeautifulSoup((tmp_path / "site" / urls.TOPICS).read_text(), "html.parser")
    assert [text(item) for item in page.select(".key li")] == [
        "under 100 hours", "100 to under 1000 hours", "1000 to under 10000 hours", "10000 hours or more"]
    headings = [text(th) for th in page.select("table.matrix thead th")]
    dark = page.select("table.matrix tbody tr")[0]
    shades = dict(zip(headings[1:-1], (cell["class"][1] for cell in dark.select("td")[:-1])))  # the last: All
    assert shades == {**{name: "shade-0" for name in INSTRUMENTS}, "MIRI": "shade-1", "NIRCam": "shade-1",
                      "NIRSpec": "shade-4"}


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
    notes = BeautifulSoup((tmp_path / "site" / urls.program(1)).read_text(), "html.parser").select_one(".notes")
    assert notes.strong.get_text() == "96610" and notes.a["href"] == "https://www.stsci.edu/"


def test_an_instruments_programs_without_a_topic_are_its_last_row_whatever_their_hours(tmp_path):
    from bs4 import BeautifulSoup
    from sodrm.pipeline import build
    data = tmp_path / "programs.toml"
    data.write_text('[[programs]]\nid = 1\nhours = 1.0\ntitle = "A"\ninstrument = "NIRCam"\ntopics = ["dark"]\n'
                    '[[programs]]\nid = 2\nhours = 4.0\ntitle = "B"\ninstrument = "NIRCam"\n')
    build(data, PROJECT / "data" / "site.toml", tmp_path / "site")
    page = BeautifulSoup((tmp_path / "site" / urls.instrument("nircam")).read_text(), "html.parser")
    assert [text(row.th) for row in page.select("table.summary tbody tr")] == [TOPICS["dark"]["name"], "No topic"]


def test_programs_without_topics_count_in_a_last_row_so_the_matrix_still_adds_up(tmp_path):
    from bs4 import BeautifulSoup
    from sodrm.pipeline import build
    data = tmp_path / "programs.toml"
    data.write_text('[[programs]]\nid = 1\nhours = 2.5\ntitle = "A"\ninstrument = "MIRI"\ntopics = ["dark"]\n'
                    '[[programs]]\nid = 2\nhours = 4.0\ntitle = "B"\ninstrument = "NIRCam"\n')
    build(data, PROJECT / "data" / "site.toml", tmp_path / "site")
    topics = BeautifulSoup((tmp_path / "site" / urls.TOPICS).read_text(), "html.parser")
    assert matrix(topics)[-1] == {"Primary topic": "No topic", "All": "4.0",
                                  **{name: "4.0" if name == "NIRCam" else "– none" for name in INSTRUMENTS}}
    assert text(topics.select_one("table.matrix tfoot td:last-child")) == "6.5"
