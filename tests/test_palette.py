"""The instrument colours (data/site.toml) stay apart for every reader: each pair at least
CIEDE2000 20 apart, for normal vision and under simulated protanopia, deuteranopia and
tritanopia (Machado, Oliveira and Fernandes 2009, severity 1), and each at least 3:1 against its
background, in the light scheme and the dark."""
import itertools
import math
import tomllib

import pytest

from sodrm.paths import PROJECT

SITE = tomllib.loads((PROJECT / "data" / "site.toml").read_text(encoding="utf-8"))
STYLE = (PROJECT / "static" / "style.css").read_text(encoding="utf-8")
BACKGROUNDS = {"colour": "#ffffff", "dark_colour": "#14171c"}  # --background, light and dark
SIMULATIONS = {  # linear RGB -> linear RGB
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def linear(channel: float) -> float:
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def encoded(channel: float) -> float:
    channel = min(1.0, max(0.0, channel))
    return 255 * (12.92 * channel if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055)


def rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def simulated(colour, matrix):
    channels = [linear(c) for c in colour]
    return tuple(encoded(sum(row[k] * channels[k] for k in range(3))) for row in matrix)


def lab(colour):
    r, g, b = (linear(c) for c in colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(one, other) -> float:
    (l1, a1, b1), (l2, a2, b2) = one, other
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_c ** 7 / (mean_c ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    if c1 * c2 == 0:
        dh, mean_h = 0.0, h1 + h2
    else:
        dh = h2 - h1 if abs(h2 - h1) <= 180 else h2 - h1 - 360 if h2 > h1 else h2 - h1 + 360
        mean_h = (h1 + h2) / 2 if abs(h1 - h2) <= 180 else (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    mean_l, mean_cp = (l1 + l2) / 2, (c1 + c2) / 2
    t = (1 - 0.17 * math.cos(math.radians(mean_h - 30)) + 0.24 * math.cos(math.radians(2 * mean_h))
         + 0.32 * math.cos(math.radians(3 * mean_h + 6)) - 0.20 * math.cos(math.radians(4 * mean_h - 63)))
    rotation = -math.sin(math.radians(60 * math.exp(-(((mean_h - 275) / 25) ** 2)))) * 2 * math.sqrt(
        mean_cp ** 7 / (mean_cp ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_cp, 1 + 0.015 * mean_cp * t
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + rotation * (d_c / s_c) * (d_h / s_h))


def contrast(one, other) -> float:
    def luminance(colour):
        r, g, b = (linear(c) for c in colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_known_pair_of_ciede2000_checks_out():
    # Sharma, Wu and Dalal (2005), pair 1 of their test data.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)


def test_the_backgrounds_are_the_stylesheets():
    assert "--background: #ffffff" in STYLE and "--background: #14171c" in STYLE


@pytest.mark.parametrize("scheme", BACKGROUNDS)
@pytest.mark.parametrize("vision", ["normal", *SIMULATIONS])
def test_every_pair_of_instrument_colours_stays_apart(scheme, vision):
    colours = {i["name"]: rgb(i[scheme]) for i in SITE["instruments"]}
    if vision != "normal":
        colours = {name: simulated(colour, SIMULATIONS[vision]) for name, colour in colours.items()}
    distances = {(a, b): ciede2000(lab(colours[a]), lab(colours[b])) for a, b in itertools.combinations(colours, 2)}
    assert min(distances.values()) >= 20, {pair: round(d, 1) for pair, d in distances.items() if d < 20}


@pytest.mark.parametrize("scheme", BACKGROUNDS)
def test_every_instrument_colour_stands_out_from_its_background(scheme):
    for instrument in SITE["instruments"]:
        assert contrast(rgb(instrument[scheme]), rgb(BACKGROUNDS[scheme])) >= 3, instrument["name"]
