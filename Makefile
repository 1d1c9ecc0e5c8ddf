# Two commands: `make demo` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test chromium postgres clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/candor demo

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# Debian's PostgreSQL 15 server binaries for the store tests. The tests start a
# throwaway server from them themselves (tests/conftest.py); the createcluster.d
# setting stops the package from creating and starting a cluster of its own.
PGBIN := /usr/lib/postgresql/15/bin
postgres:
	@if [ ! -x $(PGBIN)/initdb ]; then \
		echo "Installing Debian's postgresql-15 for the store tests..."; \
		mkdir -p /etc/postgresql-common/createcluster.d; \
		echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/candor-tests.conf; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null; \
	fi

test: $(STAMP) chromium postgres
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) candor-demo-report.html
