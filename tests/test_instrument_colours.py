"""Instrument colours come from data/site.toml: a fifth instrument gets its own colour in the
bars, the swatches and the summary, in the light and the dark scheme."""
import re

import pytest
from conftest import PROGRAMS, SITE_TOML, pages_server

from sodrm.pipeline import build

pytestmark = pytest.mark.browser

FIFTH = '\n[[instruments]]\nname = "FGS"\nslug = "fgs"\nfull_name = "Fine Guidance Sensor"\n' \
        'colour = "#994f00"\ndark_colour = "#e69f00"\n'
COLOURS = {"light": "rgb(153, 79, 0)", "dark": "rgb(230, 159, 0)"}


@pytest.fixture(scope="module")
def five_instruments(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fifth")
    site = folder / "site.toml"
    at = SITE_TOML.index("[[topics]]")
    site.write_text(SITE_TOML[:at] + FIFTH + "\n" + SITE_TOML[at:], encoding="utf-8")
    data = folder / "programs.toml"
    data.write_text(PROGRAMS + '\n[[programs]]\nid = 96900\nhours = 12.0\ntitle = "Guiding Calibration"\n'
                               'instrument = "FGS"\n', encoding="utf-8")
    out = folder / "out"
    build(data, site, out, cache=folder / "cache")
    with pages_server(out) as base:
        yield base


def test_the_colours_stylesheet_holds_every_instrument_light_and_dark(five_instruments, tmp_path):
    import urllib.request

    css = urllib.request.urlopen(five_instruments + "static/instruments.css").read().decode()
    assert re.findall(r'\[data-instrument="fgs"\]\{--colour:(#\w+)\}', css) == ["#994f00", "#e69f00"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_fifth_instrument_has_its_own_colour_in_bars_swatches_and_summary(five_instruments, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(five_instruments)
    bar = page.evaluate("getComputedStyle(document.querySelector('tr[data-instrument=fgs] .bar rect')).fill")
    swatch = page.evaluate("getComputedStyle(document.querySelector('tr[data-instrument=fgs] .swatch')).backgroundColor")
    summary = page.evaluate("getComputedStyle(document.querySelector('table.summary tr[data-instrument=fgs] .bar rect')).fill")
    nircam = page.evaluate("getComputedStyle(document.querySelector('tr[data-instrument=nircam] .bar rect')).fill")
    context.close()
    assert bar == swatch == summary == COLOURS[scheme]
    assert nircam != COLOURS[scheme]
