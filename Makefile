# The two commands of the README: `make site` (or `make serve`) and `make test`.
PYTHON ?= python3

.PHONY: site serve test bench install install-test

site: install  ## install what the build needs, then build into site/
	$(PYTHON) build.py

serve: install  ## build, serve on http://127.0.0.1:8000/, rebuild and reload on every change
	$(PYTHON) build.py --serve

test: install-test  ## install everything the tests need, then run them all
	$(PYTHON) -m pytest

bench: install-test  ## speed and size against Hugo (needs Debian's hugo; see README, Performance)
	$(PYTHON) bench/run.py

install:
	$(PYTHON) .ci/requirements.py | $(PYTHON) -m pip install --quiet --disable-pip-version-check -r /dev/stdin

install-test:
	PYTHON=$(PYTHON) bash .ci/install

