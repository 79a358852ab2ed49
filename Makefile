# Two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   - virtual environment, install, migrate, demo data, serve on http://127.0.0.1:8000
#                 with gunicorn and production settings (`mentora serve`; Ctrl-C stops it)
#   make test   - the same install, then the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install serve lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/mentora demo
	$(BIN)/mentora serve

serve: $(STAMP)
	$(BIN)/mentora serve

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy mentora

clean:
	rm -rf $(VENV) var
