"""Instrument colours come from data/site.toml: one more instrument gets its own colour in the
bars, the swatches and the summary, in the light and the dark scheme."""
import re
import tomllib

import pytest
from conftest import PROGRAMS, SITE_TOML, pages_server

from sodrm.pipeline import build

pytestmark = pytest.mark.browser

# An instrument the real data does not declare, whichever it declares.
ANOTHER = '\n[[instruments]]\nname = "Spare"\nslug = "spare"\nfull_name = "Spare Instrument"\n' \
          'colour = "#994f00"\ndark_colour = "#e69f00"\n'
FIRST = tomllib.loads(SITE_TOML)["instruments"][0]["slug"]  # a declared one, to tell the new one from
COLOURS = {"light": "rgb(153, 79, 0)", "dark": "rgb(230, 159, 0)"}


@pytest.fixture(scope="module")
def one_more_instrument(tmp_path_factory):
    folder = tmp_path_factory.mktemp("another")
    site = folder / "site.toml"
    at = SITE_TOML.index("[[topics]]")
    site.write_text(SITE_TOML[:at] + ANOTHER + "\n" + SITE_TOML[at:], encoding="utf-8")
    data = folder / "programs.toml"
    data.write_text(PROGRAMS + '\n[[programs]]\nid = 96900\nhours = 12.0\ntitle = "Guiding Calibration"\n'
                               'instrument = "Spare"\n', encoding="utf-8")
    out = folder / "out"
    build(data, site, out, cache=folder / "cache")
    with pages_server(out) as base:
        yield base


def test_the_colours_stylesheet_holds_every_instrument_light_and_dark(one_more_instrument, tmp_path):
    import urllib.request

    css = urllib.request.urlopen(one_more_instrument + "static/instruments.css").read().decode()
    assert re.findall(r'\[data-instrument="spare"\]\{--colour:(#\w+)\}', css) == ["#994f00", "#e69f00"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_another_instrument_has_its_own_colour_in_bars_swatches_and_summary(one_more_instrument, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(one_more_instrument)
    bar = page.evaluate("getComputedStyle(document.querySelector('tr[data-instrument=spare] .bar rect')).fill")
    swatch = page.evaluate("getComputedStyle(document.querySelector('tr[data-instrument=spare] .swatch')).backgroundColor")
    summary = page.evaluate("getComputedStyle(document.querySelector('table.summary tr[data-instrument=spare] .bar rect')).fill")
    other = page.evaluate(f"getComputedStyle(document.querySelector('tr[data-instrument={FIRST}] .bar rect')).fill")
    context.close()
    assert bar == swatch == summary == COLOURS[scheme]
    assert other != COLOURS[scheme]
