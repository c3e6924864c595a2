# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3

.PHONY: site test install install-test

site: install  ## install what the build needs, then build into site/
	$(PYTHON) build.py

test: install-test  ## install everything the tests need, then run them all
	$(PYTHON) -m pytest

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --editable .

install-test:
	PYTHON=$(PYTHON) bash .ci/install

