"""Prints the dependencies that pyproject.toml declares, plus those of the extras named, one a
line, for `pip install -r`: the project runs from its folder and is not installed itself
(an editable install would add an import hook to every Python start-up)."""
import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
print("\n".join(project["dependencies"] + [r for extra in sys.argv[1:] for r in project["optional-dependencies"][extra]]))
