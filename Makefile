# Newsdesk: `make demo` serves the demo newsroom on http://127.0.0.1:8000; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON := $(shell scripts/find-python)
UV_VERSION := 0.13.8
VENV := .venv
UV := .tools/bin/uv
NEWSDESK := $(VENV)/bin/newsdesk
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install demo serve test test-tools lint format messages migrate clean bench soak

$(UV):
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 not found: install it or set PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$(PYTHON)"
	@touch $@

install: $(VENV)/.installed

# axe-core for the accessibility tests, from the npm registry; without npm those tests skip and say why.
AXE := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4.14.1 >/dev/null; \
	else echo "npm not found: the axe-core accessibility tests will skip."; fi

test-tools: $(AXE)

migrate: install
	$(NEWSDESK) migrate --no-input

demo: export NEWSDESK_DEMO := 1
demo: install
	$(NEWSDESK) migrate --no-input -v 0
	$(NEWSDESK) collectstatic --no-input -v 0
	$(NEWSDESK) demo
	$(NEWSDESK) worker & trap "kill $$! 2>/dev/null" EXIT; $(NEWSDESK) serve

serve: install
	$(NEWSDESK) worker & trap "kill $$! 2>/dev/null" EXIT; $(NEWSDESK) serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# After editing src/newsdesk/locale/*/LC_MESSAGES/django.po (needs GNU gettext's msgfmt; the .mo is committed).
messages:
	msgfmt --check -o src/newsdesk/locale/en/LC_MESSAGES/django.mo src/newsdesk/locale/en/LC_MESSAGES/django.po

# The suite runs with DEBUG off, as production does; the key is a throwaway one for the test database.
test: export DJANGO_SETTINGS_MODULE := newsdesk.settings
test: export SECRET_KEY := insecure-key-for-tests-only
test: export NEWSDESK_HTTPS := 0
test: install lint test-tools
	$(VENV)/bin/bandit -q -c pyproject.toml -r src --severity-level high
	$(NEWSDESK) makemigrations --check --dry-run
	$(VENV)/bin/pytest

# Not part of `make test`: side-by-side measurements (needs wrk and nginx: apt-get install -y wrk nginx; PostgreSQL
# on 127.0.0.1 for the pg rows; Chromium for Lighthouse). Writes bench/results/*.json and docs/performance.md.
# BENCH_ARGS passes options through, e.g. make bench BENCH_ARGS="--only pages,peer --seconds 5".
bench: install
	$(VENV)/bin/python bench/run.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/report.py

# Reliability row 18: a bounded loopback load run (SOAK_ARGS="--seconds 600 --rate 200" for the nightly).
soak: install
	$(VENV)/bin/python bench/soak.py $(SOAK_ARGS)
	$(VENV)/bin/python bench/report.py

clean:
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache
