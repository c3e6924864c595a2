"""One build: load -> plan -> render -> write, doing no more work than the change asks for.

- Nothing changed (the data, content, templates, static files, code and options digest to the
  stamp of the build that made the output, and every file is as it left it): nothing to do.
- Otherwise every page is planned, and its context digested: a page whose digest and file are
  as the last build left them is not rendered again. Every page that is rendered is rendered in
  memory before anything is written; an error leaves the output as it was.
"""
from __future__ import annotations

import gc
import sys
import time
from dataclasses import dataclass
from hashlib import blake2b
from importlib.util import find_spec
from pathlib import Path

from .fingerprint import Fingerprints, digest_bytes
from .write import WriteReport, previous_build, write

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
STATIC = PROJECT / "static"
CONTENT = PROJECT / "content"
CACHE = PROJECT / ".cache"
# The libraries whose versions can change the output.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "rtoml")


@dataclass(frozen=True, slots=True)
class Built:
    out: Path
    html_pages: int
    files: int
    seconds: float
    report: WriteReport

    def __str__(self) -> str:
        return (
            f"Built {self.html_pages} pages and {self.files - self.html_pages} other files into {self.out} "
            f"in {self.seconds:.2f} s: {self.report.written} written, {self.report.unchanged} unchanged, "
            f"{self.report.removed} removed"
        )


def build(data: Path, site_data: Path, out: Path, site_url: str | None = None, cache: Path = CACHE) -> Built:
    """Builds the site; raises DataError, RenderError or OutputError, having written nothing."""
    # The manifest's entries, the records and the pages live for the whole build and hold no
    # cycles to collect: the cyclic collector would only walk them again and again as they grow
    # (a tenth of a 10,000-page rebuild). It is off until they are made, then watches rendering
    # only; afterwards they are handed back, so that a long-lived --serve can free them.
    gc.disable()
    try:
        return _build(data, site_data, out, site_url, cache)
    finally:
        gc.enable()
        gc.unfreeze()


def _build(data: Path, site_data: Path, out: Path, site_url: str | None, cache: Path) -> Built:
    started = time.perf_counter()
    manifest = cache / "builds" / f"{digest_bytes(str(out.resolve()).encode())}.tsv"
    previous = previous_build(out, manifest)
    renderer = _renderer_stamp()
    stamp = _digest_files([data, site_data, *_files(CONTENT), *_files(STATIC)], extra=f"{renderer} {site_url}")
    if previous.stamp == stamp and previous.all_intact(out):
        report = WriteReport(0, len(previous.entries), 0)
        return Built(out, _html(previous.entries), len(previous.entries), time.perf_counter() - started, report)

    # Imported here: a build with nothing to do needs none of them.
    from .downloads import downloads
    from .load import load, load_content
    from .plan import plan
    from .render import assets, render
    from .text import CachedMarkdown

    catalog = load(data, site_data)
    markdown = CachedMarkdown(cache / "markdown.json", renderer)
    planned = plan(catalog, load_content(CONTENT), site_url, markdown)
    gc.freeze()  # set aside what is made so far
    gc.enable()
    pages = planned.pages
    fingerprints = Fingerprints(renderer, planned.shared)

    def key(page) -> str:
        return fingerprints.of({"template": page.template, **page.context})

    files: dict[str, tuple[str, bytes | None]]
    if previous.entries:  # a folder to compare with: render only the pages whose inputs changed
        keys = {page.path: key(page) for page in pages}

        def unchanged(page) -> bool:
            known = previous.entries.get(page.path)
            return known is not None and known.key == keys[page.path] and previous.intact(out, page.path)

        files = {path: (page_key, None) for path, page_key in keys.items()}
        files |= render([page for page in pages if not unchanged(page)], TEMPLATES, cache / "templates",
                        lambda page: keys[page.path])
    else:  # a new folder: render every page, fingerprinting each on the way
        files = render(pages, TEMPLATES, cache / "templates", key)
    for path, content in (downloads(catalog) | assets(STATIC)).items():
        files[path] = (digest_bytes(content), content)
    report = write(out, files, previous, stamp, manifest)
    markdown.save()
    return Built(out, _html(files), len(files), time.perf_counter() - started, report)


def _html(paths) -> int:
    return sum(1 for path in paths if path.endswith(".html"))


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _renderer_stamp() -> str:
    """A digest of everything that turns data into pages: the code, the templates, the Python
    and library versions (through their files' modification times: no import needed)."""
    libraries = []
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        libraries.append(f"{name}:{origin}:{origin.stat().st_mtime_ns if origin else ''}")
    code = sorted((PROJECT / "sodrm").glob("*.py"))
    return _digest_files([*code, *_files(TEMPLATES)], extra=sys.version + " ".join(libraries))


def _digest_files(paths: list[Path], extra: str) -> str:
    digest = blake2b(extra.encode(), digest_size=16)
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError:
            content = b"(missing)"  # load reports it
        digest.update(f"{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()
