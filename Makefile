# The two commands of the README: `make site` (or `make serve`) and `make test`.
# Everything runs in a virtual environment, .venv/, made on first use from $(BASE_PYTHON): the
# project's packages stay apart from the system's, and Python starts without whatever the system's
# site-packages run at every start-up (on our machines, a .pth file that imports certifi: 19 of
# Python's 27 ms).
BASE_PYTHON ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python

.PHONY: site serve test bench install install-test

site: install  ## install what the build needs, then build into site/
	$(PYTHON) build.py

serve: install  ## build, serve on http://127.0.0.1:8000/, rebuild and reload on every change
	$(PYTHON) build.py --serve

test: install-test  ## install everything the tests need, then run them all
	$(PYTHON) -m pytest

bench: install-test  ## speed and size against Hugo (needs Debian's hugo; see README, Performance)
	$(PYTHON) bench/run.py

install: $(PYTHON)
	$(PYTHON) .ci/requirements.py | $(PYTHON) -m pip install --quiet --disable-pip-version-check -r /dev/stdin

install-test: $(PYTHON)
	PYTHON=$(PYTHON) bash .ci/install

$(PYTHON):
	$(BASE_PYTHON) -m venv $(VENV)
