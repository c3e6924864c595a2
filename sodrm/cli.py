"""The command line of build.py: arguments in, one summary line or clear problems out."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .downloads import downloads
from .load import DataError, load, load_content
from .plan import plan
from .render import RenderError, assets, render
from .write import OutputError, write

PROJECT = Path(__file__).resolve().parent.parent


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the SODRM calibration programs site.")
    parser.add_argument("--data", type=Path, default=PROJECT / "data" / "programs.toml",
                        help="the programs file (default: data/programs.toml)")
    parser.add_argument("--site-data", type=Path, default=PROJECT / "data" / "site.toml",
                        help="facts about the site, instruments and topics (default: data/site.toml)")
    parser.add_argument("--out", type=Path, default=PROJECT / "site",
                        help="the output folder, which belongs to the build (default: site/)")
    parser.add_argument("--site-url", metavar="URL", type=site_url,
                        help="the public address of the site, e.g. https://USER.github.io/REPO/: "
                             "gives every page a canonical link, and the site a sitemap")
    return parser.parse_args(argv)


def site_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"found {text!r}, expected an absolute http(s) address such as https://USER.github.io/REPO/")
    return text


def build(data: Path, site_data: Path, out: Path, site_url: str | None = None) -> str:
    """Builds the site and returns the summary line; raises DataError, RenderError or OutputError."""
    started = time.perf_counter()
    catalog = load(data, site_data)
    pages = plan(catalog, load_content(PROJECT / "content"), site_url)
    files = render(pages, PROJECT / "templates") | downloads(catalog) | assets(PROJECT / "static")
    report = write(out, files)
    seconds = time.perf_counter() - started
    html_pages = sum(1 for path in files if path.endswith(".html"))
    return (
        f"Built {html_pages} pages and {len(files) - html_pages} other files into {out} in {seconds:.2f} s: "
        f"{report.written} written, {report.unchanged} unchanged, {report.removed} removed"
    )


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    try:
        print(build(args.data, args.site_data, args.out, args.site_url))
    except DataError as error:
        print(f"Cannot build: {len(error.problems)} problem(s) in the data; nothing was written.",
              file=sys.stderr)
        print("\n".join(error.problems), file=sys.stderr)
        return 1
    except (RenderError, OutputError) as error:
        print(f"Cannot build: {error}", file=sys.stderr)
        return 1
    return 0
