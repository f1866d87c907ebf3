# The two commands of the README: `make run` and `make test`.
# Both install what the project needs (virtualenv, Python packages, Debian libraries).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# weasyprint's libraries (harfbuzz-subset makes it 3-4 times faster) and a font.
DEBIAN_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# Debian's Chromium drives the browser tests (never `playwright install`); poppler's
# pdfsig checks the sealed PDFs as a second, independent validator.
DEBIAN_TEST := chromium poppler-utils

.PHONY: run test audit audit-instantane install system-deps system-deps-test migrate demo serve code-mfa bench bench-unitaire bench-tableau bench-synthese-pdf bench-suivi bench-purge bench-signature clean

run: install system-deps migrate demo serve

test: install system-deps system-deps-test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# pip-audit when its services answer, then the committed PyPA snapshot (.ci/avis/);
# `make test` runs the same audit (tests/securite/test_dependances.py).
audit: install
	$(PY) .ci/audit_dependances.py

# Rebuild .ci/avis/pypa-advisory-database.json from a checkout of
# https://github.com/pypa/advisory-database: make audit-instantane BASE=../advisory-database
audit-instantane: install
	$(PY) .ci/audit_dependances.py --instantane "$(BASE)"

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

system-deps:
	@sh .ci/debian-packages $(DEBIAN_RUNTIME)

system-deps-test:
	@sh .ci/debian-packages $(DEBIAN_TEST)

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py demo

serve: install
	$(PY) manage.py serve

code-mfa: install
	@$(PY) manage.py code_mfa "$(EMAIL)"

# Every benchmark, then the README's performance table rebuilt from bench/resultats/.
bench: bench-tableau bench-synthese-pdf bench-suivi bench-purge bench-signature
	$(PY) bench/readme.py

# In-process figures of the foundation (encryption, audit rows, small pages): printed only.
bench-unitaire: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var

# Load benchmarks on PostgreSQL (BENCH_DATABASE_URL, default: bilan_bench on 127.0.0.1);
# each writes bench/resultats/<name>.json, and bench/readme.py rebuilds the README's table.
bench-tableau: install system-deps
	$(PY) bench/tableau.py
	$(PY) bench/readme.py

bench-suivi: install system-deps
	$(PY) bench/suivi_relances.py
	$(PY) bench/readme.py

bench-synthese-pdf: install system-deps
	$(PY) bench/synthese_pdf.py
	$(PY) bench/readme.py

bench-purge: install system-deps
	$(PY) bench/purge.py
	$(PY) bench/readme.py

bench-signature: install system-deps
	$(PY) bench/signature.py
	$(PY) bench/readme.py
