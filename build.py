#!/usr/bin/env python3
"""Build the SODRM calibration programs site from data/programs.toml into site/.

    python build.py                      # build into site/
    python build.py --site-url https://USER.github.io/REPO/   # as published, with canonical links
    python build.py --help               # every option
"""
import os
import sys

from sodrm.cli import main

if __name__ == "__main__":
    status = main()
    # Everything the build makes is written and closed by now: skip the interpreter's teardown
    # of every module and object, which takes longer than a small build's work (13 ms of 80).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
