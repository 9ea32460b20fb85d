# dadkhah — `make demo` and `make test` are all a new machine needs (Python 3.11+, git, make).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
# Three workers on two cores, each test file on one of them (its module-scoped fixtures made
# once), the files with slow tests first (tests/conftest.py orders the tests). A third worker
# fills the time the others spend waiting on a subprocess, Chromium or a kill test's sleep:
# measured on this 2-core machine, the SQLite run took 10 min 7 s with 2, 8 min 31 s with 3
# and 10 min 40 s with 4.
TEST_WORKERS ?= 3
XDIST := -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
# The suite keeps Python's bytecode caches (and pytest's rewritten test modules) even where
# PYTHONDONTWRITEBYTECODE is set: without them each worker and each `dadkhah` subprocess
# compiled every module it imported: the SQLite run took 18 min 35 s, against 17 min 46 s
# with them (one machine, back to back).
TEST_ENV := env -u DATABASE_URL -u DADKHAH_CASE -u PYTHONDONTWRITEBYTECODE

.PHONY: install system-deps demo test test-sqlite test-postgres lint format bench fuzz clean

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv==0.13.9
	@# PyICU (followthemoney's normality) has no wheel on PyPI: it compiles against Debian's ICU.
	@if ! pkg-config --exists icu-uc 2>/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing ICU's headers and pkg-config from Debian to build PyICU…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
	fi
	@# Bytecode compiled here, once: where PYTHONDONTWRITEBYTECODE is set (as on our CI
	@# machines) nothing else writes it, and every process compiled every module it imported
	@# from source: `import scipy.stats, statsmodels.api` took 12 s instead of 3.4 s.
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m compileall -q dadkhah
	touch $(STAMP)

# Browser assets (package-lock.json): axe-core for the accessibility tests, and what the pages
# serve from localhost. Installed here, never committed and never fetched at run time.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: install Node.js and npm (Debian: apt-get install nodejs npm), then run make install again."; exit 1; fi

# The LCMCR kernels compiled once, here, into the user's cache folder
# (dadkhah/core/estimation/compiled.py): about 25 CPU seconds that the first estimate, and
# each test worker, would otherwise pay. Compiled again when a kernel changes.
NUMBA_STAMP := $(VENV)/.numba-compiled
KERNELS := dadkhah/core/estimation/lcmcr_kernel.py dadkhah/core/estimation/lcmcr_splitmerge.py
$(NUMBA_STAMP): $(STAMP) $(KERNELS)
	@echo "Compiling the LCMCR kernels once (Numba, about 25 s)…"
	$(BIN)/python -c "from dadkhah.core.estimation.lcmcr import warm_up_compiler as w; w(('gibbs', 'split-merge', 'tempered'))"
	touch $(NUMBA_STAMP)

install: $(STAMP) $(NODE_STAMP) $(NUMBA_STAMP)

# Debian packages the browser tests need (Chromium and its driver). Installed
# when missing and we may (root); otherwise the browser tests skip with a reason.
system-deps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium from Debian for the browser tests…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "Could not install Chromium; browser tests will be skipped."; \
	fi
	@# The report's PDF: Pango for WeasyPrint, Noto fonts (Persian and Latin, never fetched at
	@# run time), poppler for the tests that read the PDF back (pdftotext, pdftoppm).
	@if { [ ! -x /usr/bin/pdftotext ] || [ ! -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] \
	      || ! ldconfig -p | grep -q libpangoft2-1.0; } && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Pango, Noto fonts and poppler from Debian for the report tests…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core poppler-utils >/dev/null) \
	  || echo "Could not install them; the report's PDF tests will be skipped."; \
	fi

demo: install
	$(BIN)/dadkhah demo $(DEMO_ARGS)

lint: install
	$(BIN)/ruff check dadkhah tests bench
	$(BIN)/ruff format --check dadkhah tests bench
	# The whole package, strict, Django typed by django-stubs (its plugin imports the settings).
	env -u DATABASE_URL -u DADKHAH_CASE $(BIN)/mypy dadkhah
	$(BIN)/lint-imports
	# Every model change has its migration.
	env -u DATABASE_URL -u DADKHAH_CASE DJANGO_SETTINGS_MODULE=dadkhah.web.settings $(BIN)/django-admin makemigrations --check --dry-run

format: install
	$(BIN)/ruff format dadkhah tests bench
	$(BIN)/ruff check --fix dadkhah tests bench

test: install system-deps lint test-sqlite test-postgres

test-sqlite: install
	$(TEST_ENV) $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# The suite's database tests again on PostgreSQL: every test that opens the test database
# (or is marked `postgres`); the rest never touch it, so they give the same answer whatever
# DATABASE_URL says and the SQLite run has run them (tests/conftest.py, DATABASE_ONLY).
# tests/core and tests/fuzz are plain Python, not even collected. Skipped with a reason where
# PostgreSQL does not answer; CI sets CI_REQUIRE_POSTGRES=1 so that a skip fails there.
test-postgres: install
	@if DATABASE_URL=$(PG_URL) $(BIN)/python tests/pg_available.py; then \
	  echo "== The suite on PostgreSQL ($(PG_URL))"; \
	  $(TEST_ENV) DATABASE_URL=$(PG_URL) DADKHAH_TESTS_DATABASE_ONLY=1 $(BIN)/pytest $(XDIST) --ignore=tests/core --ignore=tests/fuzz $(PYTEST_ARGS); \
	else \
	  echo "PostgreSQL run SKIPPED: nothing answers at $(PG_URL) (set PG_URL, or start PostgreSQL)."; \
	  if [ "$$CI_REQUIRE_POSTGRES" = 1 ]; then echo "CI requires the PostgreSQL run."; exit 1; fi; \
	fi

# The fuzz tests (tests/fuzz: import readers, bundle verifier) with thousands of examples
# each instead of the 30 `make test` runs (profiles in tests/conftest.py). About 2 minutes.
fuzz: install
	$(TEST_ENV) HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest $(XDIST) -p no:randomly tests/fuzz $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) demo-case .pytest_cache .mypy_cache .ruff_cache
