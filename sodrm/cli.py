"""The command line of build.py: arguments in, one summary line or clear problems out; never a
traceback. Exit status: 0 built, 1 cannot build, 2 bad arguments, 130 interrupted."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from . import paths
from .errors import BuildError, DataError, os_problem, printable


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the SODRM calibration programs site.")
    parser.add_argument("--data", type=Path, default=paths.DATA,
                        help="the programs file (default: data/programs.toml)")
    parser.add_argument("--site-data", type=Path, default=paths.SITE_DATA,
                        help="facts about the site, instruments and topics (default: data/site.toml)")
    parser.add_argument("--out", type=Path, default=paths.PROJECT / "site",
                        help="the output folder, which belongs to the build (default: site/)")
    parser.add_argument("--site-url", metavar="URL", type=site_address,
                        help="the public address of the site, e.g. https://USER.github.io/REPO/: "
                             "gives every page a canonical link, and the site a sitemap")
    parser.add_argument("--edit-url", metavar="URL", type=site_url,
                        help="where maintainers edit the data file, e.g. https://github.com/USER/REPO/blob/main/"
                             "data/programs.toml: each program page links to its table there")
    parser.add_argument("--cache", type=Path, default=paths.CACHE,
                        help="where what the last builds made is kept (default: .cache/)")
    parser.add_argument("--serve", action="store_true",
                        help="build, serve on 127.0.0.1, rebuild on every change and reload the browser")
    parser.add_argument("--port", type=port, default=8000,
                        help="the port of --serve (default: 8000; 0 picks a free one)")
    return parser.parse_args(argv)


def site_url(text: str) -> str:
    parts = urlsplit(text)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or parts.username or parts.password or re.search(r"[\s\x00-\x1f\x7f-\x9f<>\"'`\\]", text)):
        raise argparse.ArgumentTypeError(
            f"found {printable(repr(text))}, expected an absolute http(s) address without spaces, such as "
            "https://USER.github.io/REPO/")
    return text


def site_address(text: str) -> str:
    return site_url(text).rstrip("/") + "/"


def port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"found {printable(repr(text))}, expected a port number from 0 to 65535")
    return int(text)


def say(*lines: str) -> None:
    print("\n".join(printable(line) for line in lines), file=sys.stderr, flush=True)


def build_and_tell(args: argparse.Namespace):
    """Builds and prints the summary line, or the problems; returns the build, or None."""
    from .pipeline import build

    try:
        built = build(args.data, args.site_data, args.out, args.site_url, args.cache, edit_url=args.edit_url)
    except DataError as error:
        count = len(error.problems)
        say(f"Cannot build: {count} problem{'s' * (count != 1)} in the data; nothing was written.",
            *error.problems)
        if os.environ.get("GITHUB_ACTIONS") == "true":  # on the pull request's lines, too
            from .annotations import annotations

            print("\n".join(printable(line) for line in annotations(error.problems)), flush=True)
        return None
    except BuildError as error:
        say(f"Cannot build: {error}")
        return None
    except OSError as error:  # a fault of the system the build did not foresee, as the system says it
        say(f"Cannot build: {os_problem(error, 'be used')}")
        return None
    except Exception as error:  # a fault of the build itself: still one line, and the site as it was
        say(f"Cannot build: an unexpected error ({type(error).__name__}: {error}); the output folder is as it "
            "was. This is a fault of the build: please report it with the command you ran.")
        return None
    for note in built.notes:
        say(f"Note: {note}")
    pages = sum(1 for path in built.files if path.endswith(".html"))
    print(printable(f"Built {pages} pages and {len(built.files) - pages} other files into {built.out} "
                    f"in {built.seconds:.2f} s: {built.written} written, {built.unchanged} unchanged, "
                    f"{built.removed} removed"), flush=True)
    return built


def main(argv: list[str] | None = None) -> int:
    try:
        args = arguments(argv)
        if args.serve:
            from .serve import serve

            return serve(args, build_and_tell)
        return 0 if build_and_tell(args) else 1
    except KeyboardInterrupt:
        say("Interrupted: the output folder is as it was before this build (or, if the build had "
            "finished, the new site).")
        return 130
