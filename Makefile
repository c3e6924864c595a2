# The two commands of the README: `make serve` (or `make site`) and `make test`.
# Everything runs in a virtual environment, .venv/, made on first use from $(BASE_PYTHON), so the
# project's packages stay apart from the system's.
BASE_PYTHON ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
# Python keeps its compiled modules, and pytest its rewritten test modules, as on a maintainer's
# machine: some sandboxes turn that off, and then every test process compiles them all again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: site serve test test-fast check-html mutants screenshots card palette bench

site: $(VENV)/.installed  ## build into site/
	$(PYTHON) build.py

serve: $(VENV)/.installed  ## build, serve on http://127.0.0.1:8000/, rebuild and reload on every change
	$(PYTHON) build.py --serve

test: $(VENV)/.installed-test  ## install everything the tests need, then run them all, on two workers
	$(PYTHON) -m pytest -n 2 --dist worksteal

test-fast: $(VENV)/.installed-python-test  ## the quick tier: no browser, no validators, no repeated trials, fewer examples
	SODRM_QUICK_TESTS=1 $(PYTHON) -m pytest -m "not browser and not validators and not slow" -n 2 --dist worksteal

check-html:  ## the HTML and CSS validity of the built site/ (the Nu Html Checker; installs Java and the npm tools)
	bash .ci/install html
	bash .ci/check-html site

mutants: $(VENV)/.installed-python-test  ## mutation testing (mutmut) of load, fields, urls, history, pages on the quick tier
	$(PYTHON) .ci/requirements.py mutants | $(PYTHON) -m pip install --quiet --disable-pip-version-check -r /dev/stdin
	rm -rf mutants
	SODRM_QUICK_TESTS=1 SODRM_MUTANTS=1 $(VENV)/bin/mutmut run --max-children 2 && $(VENV)/bin/mutmut results

screenshots: $(VENV)/.installed-test  ## full-page screenshots into test-artifacts/screenshots/
	$(PYTHON) tests/screenshots.py

card: $(VENV)/.installed-test  ## static/card.png, the picture of a shared link, from static/card.svg
	$(PYTHON) tests/make_card.py

palette: $(VENV)/.installed  ## propose instrument colours for data/site.toml that pass tests/test_palette.py
	$(PYTHON) tests/palette.py

bench: $(VENV)/.installed-test  ## speed and size against Hugo (needs Debian's hugo; see README, Performance)
	$(PYTHON) bench/run.py

# pip runs again only when the declared packages change.
$(VENV)/.installed: pyproject.toml | $(PYTHON)
	$(PYTHON) .ci/requirements.py | $(PYTHON) -m pip install --quiet --disable-pip-version-check -r /dev/stdin
	touch $@

# The quick tier needs only the Python packages: no browser, no Java, no npm tools.
$(VENV)/.installed-python-test: pyproject.toml | $(PYTHON)
	$(PYTHON) .ci/requirements.py test | $(PYTHON) -m pip install --quiet --disable-pip-version-check -r /dev/stdin
	touch $@ $(VENV)/.installed

$(VENV)/.installed-test: pyproject.toml package.json package-lock.json .ci/install | $(PYTHON)
	PYTHON=$(PYTHON) bash .ci/install
	touch $@ $(VENV)/.installed $(VENV)/.installed-python-test

$(PYTHON):
	$(BASE_PYTHON) -m venv $(VENV)
