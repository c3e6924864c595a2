#!/usr/bin/env python3
"""Build the SODRM calibration programs site from data/programs.toml into site/.

    python build.py                      # build into site/
    python build.py --site-url https://USER.github.io/REPO/   # as published, with canonical links
    python build.py --serve              # build, serve on 127.0.0.1:8000 and rebuild on changes
    python build.py --help               # every option
"""
import sys

if __name__ == "__main__":
    try:
        from sodrm.cli import main
    except KeyboardInterrupt:  # Ctrl-C while Python was still loading the build, which had touched nothing
        sys.stderr.write("Interrupted: nothing was built; the output folder is as it was.\n")
        sys.exit(130)
    sys.exit(main())
