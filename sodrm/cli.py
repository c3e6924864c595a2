"""The command line of build.py: arguments in, one summary line or clear problems out."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from .errors import DataError, OutputError, RenderError
from .pipeline import CACHE, CONTENT, PROJECT, STATIC, TEMPLATES, Built, build


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
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="where compiled templates and what the last builds made are kept (default: .cache/)")
    parser.add_argument("--serve", action="store_true",
                        help="build, serve on 127.0.0.1, rebuild on every change and reload the browser")
    parser.add_argument("--port", type=int, default=8000,
                        help="the port of --serve (default: 8000; 0 picks a free one)")
    return parser.parse_args(argv)


def site_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"found {text!r}, expected an absolute http(s) address such as https://USER.github.io/REPO/")
    return text


def build_and_tell(args: argparse.Namespace) -> Built | None:
    """Builds and prints the summary line, or the problems and no traceback."""
    try:
        built = build(args.data, args.site_data, args.out, args.site_url, args.cache)
    except DataError as error:
        count = len(error.problems)
        print(f"Cannot build: {count} problem{'s' * (count != 1)} in the data; nothing was written.",
              file=sys.stderr)
        print("\n".join(error.problems), file=sys.stderr, flush=True)
        return None
    except (RenderError, OutputError) as error:
        print(f"Cannot build: {error}", file=sys.stderr, flush=True)
        return None
    print(built, flush=True)
    return built


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.serve:
        # Imported here: a plain build should not pay for the watcher's start-up.
        from .serve import serve

        def rebuild() -> bool:
            built = build_and_tell(args)
            return built is not None and (built.report.written + built.report.removed) > 0

        watched = {args.data.resolve().parent, args.site_data.resolve().parent}
        watched |= {TEMPLATES, STATIC, CONTENT}
        serve(rebuild, args.out.resolve(), sorted(watched), args.port)
        return 0
    return 0 if build_and_tell(args) else 1
