#!/usr/bin/env python3
"""Build the SODRM calibration programs site from data/programs.toml into site/.

    python build.py                      # build into site/
    python build.py --site-url https://USER.github.io/REPO/   # as published, with canonical links
    python build.py --help               # every option
"""
import gc
import os
import sys

# Everything imported and loaded lives until the end: the cyclic collector would only walk it
# again and again (2 ms of a 60 ms build). The build turns it back on for rendering.
gc.disable()

from sodrm.cli import main  # noqa: E402

if __name__ == "__main__":
    status = main()
    # Everything the build makes is written and closed by now: skip the interpreter's teardown
    # of every module and object, which takes longer than a small build's work (13 ms of 80).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
