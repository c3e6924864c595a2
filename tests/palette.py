"""Instrument colours that stay apart for every reader, and a search that proposes them.

    make palette        # colours for the instruments of data/site.toml, light and dark

Two colours stay apart when they are far apart in CIEDE2000 for normal vision and under simulated
protanopia, deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, severity 1); each
must also stand 3:1 against its background. How far apart N colours can be depends on N: the
search below (greedy farthest-point over shades of Okabe and Ito's hues, then swaps while any swap widens the
closest pair) reaches the distances in tests/test_palette.py's BARS, which the declared colours
must meet. It starts from the declared colours, so that it keeps those that already pass.
"""
from __future__ import annotations

import itertools
import math
import sys
import tomllib
from pathlib import Path

BACKGROUNDS = {"colour": "#ffffff", "dark_colour": "#14171c"}  # --background, light and dark
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")
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


def views(colour) -> tuple:
    """The colour in Lab as each vision sees it."""
    return tuple(lab(colour if vision == "normal" else simulated(colour, SIMULATIONS[vision])) for vision in VISIONS)


def apart(one: tuple, other: tuple) -> float:
    """How far apart two colours (their views) are for the reader who tells them apart least."""
    return min(ciede2000(a, b) for a, b in zip(one, other))


def closest(colours: list) -> float:
    """The distance of the closest pair of colours (given as rgb)."""
    seen = [views(colour) for colour in colours]
    return min(apart(a, b) for a, b in itertools.combinations(seen, 2))


# Okabe and Ito's hues, which the site's colours are drawn from: each mixed with black or white in
# steps of 5%, so that the search finds shades that stand out from either background.
OKABE_ITO = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000")


def candidates(background: str) -> list:
    shades = set()
    for hue in OKABE_ITO:
        for step in range(21):
            t = step / 20
            shades.add(tuple(round(c * (1 - t)) for c in rgb(hue)))  # towards black
            shades.add(tuple(round(c + (255 - c) * t) for c in rgb(hue)))  # towards white
    return sorted(colour for colour in shades if contrast(colour, rgb(background)) >= 3)


def search(count: int, background: str, start: list | None = None) -> list:
    """`count` colours (rgb), Okabe-Ito shades each 3:1 against the background, as far apart as
    the search gets. Given `start` colours, it keeps as many of them as it can: it returns their
    refinement if that is as far apart as a search from nothing gets, else the latter."""
    grid = candidates(background)
    seen = {colour: views(colour) for colour in grid}
    fresh = _refined(_extended([], count, grid, seen), grid, seen)
    if not start:
        return fresh
    for colour in start:
        seen.setdefault(tuple(colour), views(colour))
    kept = _refined(_extended([tuple(colour) for colour in start][:count], count, grid, seen), grid, seen)
    return kept if _worst(kept, seen) >= math.floor(_worst(fresh, seen)) else fresh


def _worst(colours: list, seen: dict) -> float:
    return min((apart(seen[a], seen[b]) for a, b in itertools.combinations(colours, 2)), default=0.0)


def _extended(chosen: list, count: int, grid: list, seen: dict) -> list:
    """More colours, each the candidate farthest from those chosen (the first: the candidate
    farthest from a sample of the others)."""
    chosen = list(chosen)
    if not chosen:
        chosen = [max(grid, key=lambda c: min(apart(seen[c], seen[o]) for o in grid[::7] if o != c))]
    while len(chosen) < count:
        chosen.append(max(grid, key=lambda c: min(apart(seen[c], seen[o]) for o in chosen)))
    return chosen


def _refined(chosen: list, grid: list, seen: dict) -> list:
    """Each colour in turn swapped for the candidate farthest from the others, while that widens
    the closest pair."""
    now, improved = _worst(chosen, seen), True
    while improved:
        improved = False
        for n in range(len(chosen)):
            others = chosen[:n] + chosen[n + 1:]
            best = max(grid, key=lambda c: min([apart(seen[c], seen[o]) for o in others] or [0]))
            trial = others[:n] + [best] + others[n:]
            if _worst(trial, seen) > now + 1e-9:
                chosen, now, improved = trial, _worst(trial, seen), True
    return chosen


def hexadecimal(colour) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in colour)


def main() -> None:
    """Proposes colours for the declared instruments, light and dark, with their closest pair."""
    site = tomllib.loads((Path(__file__).resolve().parent.parent / "data" / "site.toml").read_text(encoding="utf-8"))
    instruments = site["instruments"]
    proposals = {}
    for scheme, background in BACKGROUNDS.items():
        declared = [rgb(i[scheme]) for i in instruments]
        proposals[scheme] = search(len(instruments), background, declared)
        print(f"# {scheme}: closest pair {closest(proposals[scheme]):.1f} (declared: {closest(declared):.1f})",
              file=sys.stderr)
    for n, instrument in enumerate(instruments):
        print(f'[[instruments]] # {instrument["name"]}\ncolour = "{hexadecimal(proposals["colour"][n])}"\n'
              f'dark_colour = "{hexadecimal(proposals["dark_colour"][n])}"\n')


if __name__ == "__main__":
    main()
