"""The site as its readers use it, in Chromium: phones from 320 px wide, the keyboard's way to the
table, type sizes, the matrix's shades, and views kept in the address."""
import pytest
from conftest import SOURCE

from sodrm import urls

PHONES = (320, 375, 414)
# One page of each kind; the program with the longest title shows the narrowest bar tables.
LONGEST = max(SOURCE, key=lambda p: len(p.title))
PAGES = ["", urls.public(urls.program(LONGEST.id)), urls.public(urls.program(96000)), "instruments/nirspec/",
         "instruments/miri/", "topics/", "topics/flat/", "topics/psf/", "fields/", "changes/", "about/"]

# Every table cell whose text reaches outside the screen, or is cut inside its own box;
# tables in a box that scrolls sideways are left to the scroll test below.
OUTSIDE = """width => Array.from(document.querySelectorAll("table th, table td")).filter(cell => {
    const box = cell.getBoundingClientRect();
    if (!box.width || cell.closest(".table-scroll.scrolls")) return false;
    return box.left < 0 || box.right > width || cell.scrollWidth > cell.clientWidth + 1;
}).map(cell => cell.closest("table").className + ": " + cell.textContent.trim().slice(0, 40))"""


SCROLLING = """() => Array.from(document.querySelectorAll(".table-scroll"))
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => [box.querySelector("table").className, box.classList.contains("scrolls"),
                 getComputedStyle(box).backgroundImage])"""


def on_every_page(served, tab, width, script, *arguments):
    """What `script` finds on each page at `width`, for the pages where it finds anything."""
    tab.set_viewport_size({"width": width, "height": 800})
    found = {}
    for address in PAGES:
        tab.goto(served.base + address)
        if result := tab.evaluate(script, *arguments):
            found[address] = result
    return found


@pytest.mark.parametrize("width", PHONES)
def test_on_a_phone_every_table_cell_lies_inside_the_screen_uncut(served, tab, width):
    assert on_every_page(served, tab, width, OUTSIDE, width) == {}


@pytest.mark.parametrize("width", PHONES)
def test_on_a_phone_only_the_matrix_scrolls_sideways_and_it_shows_that_it_does(served, tab, width):
    scrolling = on_every_page(served, tab, width, SCROLLING)
    assert set(scrolling) <= {"topics/"}
    for table, marked, background in scrolling.get("topics/", []):
        # Marked by the script; a shadow at the edge with more to see, drawn by the box's background.
        assert table == "matrix" and marked and background.count("gradient") == 4


def test_on_a_phone_a_program_is_a_card_with_number_and_hours_on_one_line(served, tab):
    tab.set_viewport_size({"width": 375, "height": 800})
    tab.goto(served.base)
    row = tab.locator("table.programs tbody tr").first
    number, hours, title = (row.locator(selector).bounding_box() for selector in ("th", "td.num", "td >> nth=1"))
    assert abs(number["y"] - hours["y"]) < 4 and title["y"] >= number["y"] + number["height"] - 1
    assert row.locator("td.num").inner_text().startswith(SOURCE[0].hours)


def test_the_search_box_is_at_most_15_tab_presses_from_the_top(served, tab):
    tab.goto(served.base)
    for presses in range(1, 16):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "search":
            break
    else:
        pytest.fail("the search box is more than 15 Tab presses away")


def test_the_skip_link_leads_on_to_the_search_box(served, tab):
    tab.goto(served.base)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip-link"
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "search"


LABELS = """() => Array.from(document.querySelectorAll("td:has(> .bar), td:has(> .bar) ~ *, th:has(~ td > .bar), .key li"))
    .filter(element => element.getBoundingClientRect().width)
    .map(element => parseFloat(getComputedStyle(element).fontSize))"""


@pytest.mark.parametrize("width", (320, 1280))
def test_the_labels_of_bars_and_shades_are_12_to_16_px(served, tab, width):
    tab.set_viewport_size({"width": width, "height": 800})
    sizes = []
    for address in ("", urls.public(urls.program(96000)), "topics/"):
        tab.goto(served.base + address)
        sizes += tab.evaluate(LABELS)
    assert sizes and all(12 <= size <= 16 for size in sizes), sorted(set(sizes))


def luminance(rgb):
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_matrix_steps_differ_by_at_least_1_3_to_1_and_keep_their_numbers_legible(served, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(served.base + "topics/")
    steps = page.evaluate("""() => [0, 1, 2, 3, 4].map(shade => {
        const cell = document.createElement("td");
        cell.className = "num shade-" + shade;
        document.querySelector("table.matrix tbody tr").appendChild(cell);
        const style = getComputedStyle(cell);
        const colours = [style.backgroundColor, style.color];
        cell.remove();
        return colours;
    })""")
    page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text = page.evaluate("getComputedStyle(document.body).color")
    context.close()
    shades = [page_background] + [background for background, _ in steps[1:]]
    assert all(contrast(a, b) >= 1.3 for a, b in zip(shades, shades[1:])), shades
    assert all(contrast(shade, text) >= 4.5 for shade in shades)


def test_the_key_shows_the_shades_of_the_cells(served, tab):
    tab.goto(served.base + "topics/")
    key = tab.evaluate("""() => Array.from(document.querySelectorAll(".key span"),
        span => [span.className, getComputedStyle(span).backgroundColor])""")
    for shade, colour in key:
        cell = tab.evaluate(f"getComputedStyle(document.querySelector('table.matrix td.{shade}')).backgroundColor")
        assert cell == colour


def test_the_matrix_numbers_are_not_underlined_until_pointed_at(served, tab):
    tab.goto(served.base + "topics/")
    link = tab.locator("table.matrix td a").first
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    link.hover()
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"


def test_a_topic_page_keeps_its_sort_in_the_address(served, tab):
    tab.goto(served.base + "topics/flat/")
    tab.get_by_role("button", name="Hours", exact=True).click()
    assert tab.evaluate("location.search") == "?sort=hours&order=descending"
    tab.reload()
    assert tab.locator("table.programs thead th[aria-sort]").get_attribute("data-key") == "hours"
    hours = [float(text.split()[0]) for text in tab.locator("table.programs tbody td.num").all_inner_texts()]
    assert hours == sorted(hours, reverse=True)


LAYOUT_SHIFT = """() => new Promise(resolve => {
    let shift = 0;
    new PerformanceObserver(list => list.getEntries().forEach(entry => { shift += entry.value; }))
        .observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(shift), 500);
})"""


@pytest.mark.parametrize("width", (375, 1280))
def test_nothing_moves_when_the_script_runs(served, tab, width):
    # The filters, the counts and the sort arrows are in place before the script runs.
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(served.base, wait_until="networkidle")
    assert tab.evaluate(LAYOUT_SHIFT) < 0.001
