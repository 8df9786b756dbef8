# diplomacy-kg: two commands do all the set-up.
#   make demo   create .venv, install, build the seed articles, write the HTML view and exports
#   make test   create .venv, install, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO := demo

.PHONY: install demo test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/kg build seeds/ --store $(DEMO)/kg-store --out $(DEMO); rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 3 ]
	$(BIN)/kg meetings --store $(DEMO)/kg-store
	@echo "HTML view: $(DEMO)/graph.html  Turtle: $(DEMO)/graph.ttl  GraphML: $(DEMO)/graph.graphml"

test: install
	sh scripts/ensure-chromium.sh
	sh scripts/ensure-virtuoso.sh
	$(BIN)/python -m pytest

clean:
	rm -rf $(DEMO) kg-store .pytest_cache
