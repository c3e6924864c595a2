"""Synthetic catalogues of any size, drawn like the real one: deterministic, for the tests and
`make bench`.

    python bench/catalog.py N OUT.toml [--hugo DIR]

Program n copies the instrument, topics and modes of a real program (data/programs.toml, taken in
turn), so that every instrument, topic and mode is as common as in the real data; its title is the
real title, with a numbered variant past the first round; its hours are the real hours scaled by a
random factor (0.1 to 10, log-uniform), so that the spread is as wide as the real one. Ids are
unique: 10000 + 7 n. With --hugo DIR, the same catalogue also as the reference Hugo site's content
(content/programs/ID.md, with its instrument, topics and modes as Hugo taxonomies) and data
(data/programs.json).
"""
from __future__ import annotations

import json
import math
import random
import sys
import tomllib
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent / "data" / "programs.toml"
FIELDS = ("id", "hours", "title", "instrument", "topics", "modes")


def programs(count: int, seed: int = 1, real: Path = REAL) -> list[dict]:
    """`count` programs as dictionaries of the data file's fields, the same for the same seed."""
    models = tomllib.loads(real.read_text(encoding="utf-8"))["programs"]
    chance = random.Random(seed)
    made = []
    for n in range(count):
        model = models[n % len(models)]
        round_ = n // len(models)
        hours = round(float(model["hours"]) * math.exp(chance.uniform(math.log(0.1), math.log(10))), 1)
        program = {"id": 10000 + 7 * n, "hours": max(hours, 0.1),
                   "title": model["title"] + (f" {round_ + 1}" if round_ else ""),
                   "instrument": model["instrument"]}
        for key in ("topics", "modes"):
            if key in model:
                program[key] = list(model[key])
        made.append(program)
    return made


def toml(programs_: list[dict]) -> str:
    """The programs as data/programs.toml writes them (JSON's strings and lists are TOML's)."""
    return "".join("[[programs]]\n" + "".join(f"{key} = {json.dumps(program[key])}\n"
                                              for key in FIELDS if key in program) + "\n"
                   for program in programs_)


def write_hugo(programs_: list[dict], folder: Path) -> None:
    """The programs as the reference Hugo site's content and data."""
    content = folder / "content" / "programs"
    content.mkdir(parents=True, exist_ok=True)
    for program in programs_:
        (content / f"{program['id']}.md").write_text(
            f"---\ntitle: {json.dumps(program['title'])}\nid: {program['id']}\nhours: {program['hours']}\n"
            f"instruments: [{json.dumps(program['instrument'])}]\ntopics: {json.dumps(program.get('topics', []))}\n"
            f"modes: {json.dumps(program.get('modes', []))}\nweight: {program['id']}\n---\n", encoding="utf-8")
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "programs.json").write_text(json.dumps({"programs": programs_}), encoding="utf-8")


def main(argv: list[str]) -> None:
    if len(argv) not in (2, 4) or not argv[0].isdigit() or (len(argv) == 4 and argv[2] != "--hugo"):
        raise SystemExit(__doc__.split("\n\n")[1])
    made = programs(int(argv[0]))
    Path(argv[1]).write_text(toml(made), encoding="utf-8")
    if len(argv) == 4:
        write_hugo(made, Path(argv[3]))


if __name__ == "__main__":
    main(sys.argv[1:])
