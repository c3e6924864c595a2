"""The instrument colours (data/site.toml) stay apart for every reader: the closest pair, for
normal vision and under simulated colour blindness, at least as far apart as a search reaches for
that many colours (BARS), and each at least 3:1 against its background, light and dark. The colour
science and the search are tests/palette.py, which `make palette` runs to propose colours."""
import math
import tomllib

import pytest
from palette import BACKGROUNDS, ciede2000, closest, contrast, rgb, search

from sodrm.paths import PROJECT

SITE = tomllib.loads((PROJECT / "data" / "site.toml").read_text(encoding="utf-8"))
STYLE = (PROJECT / "static" / "style.css").read_text(encoding="utf-8")

# The closest pair's CIEDE2000 distance that palette.search reaches from nothing, rounded down, by
# scheme and number of colours (written down here; test_the_bars_are_what_the_search_reaches
# computes them again). Fewer colours can stand farther apart: the bar falls as instruments come.
BARS = {
    "colour": {2: 53, 3: 47, 4: 28, 5: 26, 6: 21, 7: 18, 8: 18},
    "dark_colour": {2: 53, 3: 41, 4: 30, 5: 25, 6: 22, 7: 19, 8: 19},
}


def test_the_known_pair_of_ciede2000_checks_out():
    # Sharma, Wu and Dalal (2005), pair 1 of their test data.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)


def test_the_backgrounds_are_the_stylesheets():
    assert all(f"--background: {colour}" in STYLE for colour in BACKGROUNDS.values())


@pytest.mark.parametrize("scheme", BACKGROUNDS)
def test_the_closest_pair_of_instrument_colours_is_as_far_apart_as_the_search_reaches(scheme):
    colours = [rgb(instrument[scheme]) for instrument in SITE["instruments"]]
    if len(colours) > 1:
        assert closest(colours) >= BARS[scheme][len(colours)], "run make palette for colours that pass"


@pytest.mark.parametrize("scheme", BACKGROUNDS)
def test_every_instrument_colour_stands_out_from_its_background(scheme):
    for instrument in SITE["instruments"]:
        assert contrast(rgb(instrument[scheme]), rgb(BACKGROUNDS[scheme])) >= 3, instrument["name"]


@pytest.mark.slow
@pytest.mark.parametrize("scheme", BACKGROUNDS)
def test_the_bars_are_what_the_search_reaches(scheme):
    for count, bar in BARS[scheme].items():
        assert math.floor(closest(search(count, BACKGROUNDS[scheme]))) == bar, count


@pytest.mark.slow
def test_the_search_keeps_declared_colours_that_already_pass_and_proposes_passing_ones_for_a_new_instrument():
    declared = [rgb(instrument["colour"]) for instrument in SITE["instruments"]]
    assert search(len(declared), BACKGROUNDS["colour"], declared) == declared
    proposed = search(len(declared) + 1, BACKGROUNDS["colour"], declared)
    assert closest(proposed) >= BARS["colour"][len(proposed)]
