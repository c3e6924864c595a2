"""Every page's path in the output, in one place: the planner files pages under these paths and
the templates link to them through `link` (a Jinja filter), so no template spells a path.

Paths are relative to the site root. A path ending in index.html is linked as its folder.
"""
from __future__ import annotations

# Program pages as files (programs/96000.html) or as folders (programs/96000/): this line only.
PROGRAM_PAGES_AS_FOLDERS = False
# Every form program pages have been published under. Each that is not the current one gets a
# page that sends the reader on, so that a link shared under it keeps working.
PUBLISHED_PROGRAM_FORMS = ("programs/{id}.html",)

INDEX = "index.html"
TOPICS = "topics/index.html"
ABOUT = "about/index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
CSV = "programs.csv"
JSON = "programs.json"
ECSV = "programs.ecsv"
VOTABLE = "programs.vot"
FIELDS = "fields/index.html"
CHANGES = "changes/index.html"
FEED = "changes.xml"
CITATION = "CITATION.cff"
SEARCH_WORDS = "search-words.json"
INSTRUMENT_COLOURS = "static/instruments.css"

# The pages that authored Markdown (content/*.md, a program's notes) links to as site:NAME, so
# that no text spells a path: [the topics page](site:topics).
LINKABLE = {"index": INDEX, "topics": TOPICS, "about": ABOUT, "fields": FIELDS, "changes": CHANGES,
            "feed": FEED, "csv": CSV, "json": JSON, "ecsv": ECSV, "votable": VOTABLE}


def program(program_id: int) -> str:
    return f"programs/{program_id}/index.html" if PROGRAM_PAGES_AS_FOLDERS else f"programs/{program_id}.html"


def former_programs(program_id: int) -> list[str]:
    """The paths a program's page was published at before, and is no longer."""
    return [path for form in PUBLISHED_PROGRAM_FORMS if (path := form.format(id=program_id)) != program(program_id)]


def group(kind: str, slug: str) -> str:
    """The page of a group of a kind (groups.py): an instrument, a topic, a mode."""
    return f"{kind}/{slug}/index.html"


def group_download(kind: str, slug: str, download: str) -> str:
    """A group's programs as one of the downloads (CSV, JSON, ...), beside its page and named for
    it, with all of the download's extension: instruments/niriss/programs-niriss.csv."""
    return f"{kind}/{slug}/programs-{slug}.{download.split('.', 1)[1]}"


def version_download(version: str, download: str) -> str:
    """A download as it was at a version of the data, at an address that never changes:
    versions/0123456789ab/programs.csv."""
    return f"versions/{version}/{download}"


def instrument(slug: str) -> str:
    return group("instruments", slug)


def topic(slug: str) -> str:
    return group("topics", slug)


def static(name: str) -> str:
    return f"static/{name}"


def public(path: str) -> str:
    """The address a path is linked by: a folder's index.html as the folder."""
    return path.removesuffix("index.html")


def root_of(path: str) -> str:
    """The relative link from the page at `path` to the site root."""
    return "../" * path.count("/") or "./"


def absolute(site_url: str | None, path: str) -> str | None:
    """A page's public address, when the site's is known."""
    return site_url + public(path) if site_url else None
