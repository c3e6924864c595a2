"""Where the project keeps what the build reads by default."""
import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data" / "programs.toml"
SITE_DATA = PROJECT / "data" / "site.toml"
TEMPLATES = PROJECT / "templates"
STATIC = PROJECT / "static"
CONTENT = PROJECT / "content"
# What the build remembers between builds; SODRM_CACHE moves it (the tests keep theirs apart).
CACHE = Path(os.environ.get("SODRM_CACHE") or PROJECT / ".cache")
