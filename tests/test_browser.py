"""The site in a real browser (Debian's Chromium, driven by Playwright), served under a subpath."""
import tomllib

import pytest
from conftest import PROJECT, SOURCE, SOURCE_INSTRUMENTS, site_pages

WIDTHS = (375, 1280)


@pytest.fixture(scope="session")
def addresses(served):
    return site_pages(served.folder)


def test_the_site_is_served_under_its_subpath_and_404s_with_the_404_page(served, tab):
    response = tab.goto(served.base + "no/such/page/")
    assert response.status == 404
    assert tab.locator("h1").inner_text() == "Page not found"
    # The stylesheet of a page at any depth loads: its links start from the site's path.
    assert tab.evaluate("getComputedStyle(document.body).marginTop") == "0px"


def test_no_page_logs_a_console_error_or_fails_a_request(served, tab, addresses):
    problems = []
    tab.on("console", lambda message: message.type in ("error", "warning") and problems.append(
        f"{tab.url}: console {message.type}: {message.text}"))
    tab.on("pageerror", lambda error: problems.append(f"{tab.url}: {error}"))
    cancelled = set()
    tab.on("requestfailed", lambda request: (cancelled.add(request.url) if request.failure == "net::ERR_ABORTED"
                                             else problems.append(f"{request.url}: {request.failure}")))
    tab.on("response", lambda response: response.status >= 400 and problems.append(
        f"{response.url}: HTTP {response.status}"))
    for address in addresses:
        if address == "404.html":
            continue
        tab.goto(served.base + address)
    tab.wait_for_load_state("networkidle")
    # Chromium fetches the favicon after the load event and cancels it when the next page loads:
    # a cancelled request is asked again, and must succeed on its own.
    problems += [f"{url}: HTTP {status}" for url in sorted(cancelled)
                 if (status := tab.request.get(url).status) != 200]
    assert len(addresses) >= len(SOURCE) + len(SOURCE_INSTRUMENTS) + 2
    assert problems == []


@pytest.mark.parametrize("width", (320,) + WIDTHS)
def test_no_page_scrolls_sideways(served, tab, addresses, width):
    tab.set_viewport_size({"width": width, "height": 800})
    too_wide = []
    for address in addresses:
        tab.goto(served.base + address)
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append((address, scroll_width))
    assert too_wide == []


def test_a_wide_table_scrolls_inside_its_own_keyboard_reachable_container(served, tab):
    tab.set_viewport_size({"width": 320, "height": 800})
    tab.goto(served.base)
    container = tab.locator(".table-scroll").last
    assert container.get_attribute("tabindex") == "0"
    assert container.evaluate("element => getComputedStyle(element).overflowX") == "auto"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320


def test_printing_shows_the_full_table_without_navigation_or_buttons(served, tab):
    tab.goto(served.base)
    tab.emulate_media(media="print")
    assert not tab.locator(".site-header nav").is_visible()
    assert not tab.locator("#filters").is_visible()
    assert tab.locator("table.programs tbody tr").count() == 37
    assert tab.locator("table.programs tbody tr").last.is_visible()
    assert tab.evaluate("""() => getComputedStyle(
        document.querySelector("table.programs thead button"), "::after").content""") == "none"


def test_dark_mode_follows_the_system_setting(served, browser):
    backgrounds = []
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(served.base)
        backgrounds.append(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        backgrounds.append(page.evaluate("""getComputedStyle(document.querySelector(
            "tr[data-instrument=nircam] .bar rect")).fill"""))
        context.close()
    nircam = next(i for i in tomllib.loads((PROJECT / "data" / "site.toml").read_text())["instruments"]
                  if i["slug"] == "nircam")
    as_css = ["rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
              for colour in (nircam["colour"], nircam["dark_colour"])]
    assert backgrounds == ["rgb(255, 255, 255)", as_css[0], "rgb(20, 23, 28)", as_css[1]]


def test_under_forced_colours_bars_swatches_focus_and_sort_state_stay_visible(served, tab):
    tab.emulate_media(forced_colors="active")
    tab.goto(served.base)
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    bar = tab.evaluate("getComputedStyle(document.querySelector('.bar rect')).fill")
    swatch = tab.evaluate("getComputedStyle(document.querySelector('.swatch')).backgroundColor")
    assert bar not in (background, "none") and swatch not in (background, "rgba(0, 0, 0, 0)")
    tab.get_by_role("button", name="Hours", exact=True).focus()
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    tab.keyboard.press("Enter")
    arrow = tab.evaluate("""getComputedStyle(document.querySelector("th[aria-sort] button"), "::after").content""")
    assert arrow not in ("none", "normal", '""')


@pytest.fixture
def printed_from_dark(served, browser):
    """The index as printed from a screen in the dark scheme, filtered to MIRI."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(served.base + "?instrument=miri")
    page.locator("form#filters[data-live]").wait_for(state="attached")  # filters.js has loaded
    page.emulate_media(media="print", color_scheme="dark")
    yield page
    context.close()


def test_printing_from_the_dark_scheme_prints_dark_on_light_with_the_light_colours(printed_from_dark):
    page = printed_from_dark
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.evaluate("getComputedStyle(document.querySelector('table.programs td')).color") == "rgb(0, 0, 0)"
    miri = next(i for i in tomllib.loads((PROJECT / "data" / "site.toml").read_text())["instruments"]
                if i["slug"] == "miri")
    light = "rgb({}, {}, {})".format(*(int(miri["colour"][i:i + 2], 16) for i in (1, 3, 5)))
    assert page.evaluate("getComputedStyle(document.querySelector('tr[data-instrument=miri] .bar rect')).fill") == light


def test_printed_colours_that_carry_meaning_are_kept(printed_from_dark, served):
    page = printed_from_dark
    for address, selectors in (("", (".swatch", "svg.bar")), ("topics/", (".key span", "table.matrix td"))):
        page.goto(served.base + address)
        for selector in selectors:
            assert page.evaluate(
                f"getComputedStyle(document.querySelector('{selector}')).printColorAdjust") == "exact", selector


def test_a_printed_table_gives_its_total_once_and_its_filter_in_the_caption(printed_from_dark):
    page = printed_from_dark
    assert page.evaluate("getComputedStyle(document.querySelector('table.programs tfoot')).display") == \
        "table-row-group"
    miri = [p for p in SOURCE if p.instrument == "MIRI"]
    caption = page.locator("table.programs caption .caption-text").inner_text()
    assert caption == f"{len(miri)} of {len(SOURCE)} calibration programs: instrument MIRI"


def test_the_source_address_is_printed_beside_its_link(printed_from_dark):
    content = printed_from_dark.evaluate(
        """getComputedStyle(document.querySelector('.site-footer a[href^="http"]'), '::after').content""")
    assert "https://www.stsci.edu/" in content
