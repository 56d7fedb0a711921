# nexus — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
NEXUS  := $(VENV)/bin/nexus
STAMP  := $(VENV)/.installed
DEMO_OUT := outputs/demo
TAGGER := models/nexus_tagger
# the demo's tagger lives in the checkout; an installed nexus builds its own in ~/.cache/nexus on first use

.PHONY: demo test install system-deps model samples bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "python venv failed: on Debian run 'apt-get install python3-venv' (needs root)"; exit 1; }
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	@touch $(STAMP)

install: system-deps $(STAMP)

system-deps:
	@bash scripts/install_system_deps.sh

model: install
	$(NEXUS) build-model --out $(TAGGER)

samples: install
	$(PY) scripts/make_samples.py --out corpora/sample

demo: install model
	$(NEXUS) run corpora/sample --out $(DEMO_OUT) --db outputs/nexus.duckdb --set model=$(TAGGER)
	@echo ""
	@echo "Demo outputs are in $(DEMO_OUT)/ (documents.csv, mentions.csv, links.csv, graph.graphml, graph.json, text/)"
	@echo "and indexed in outputs/nexus.duckdb. Try: $(NEXUS) query links --run $(DEMO_OUT) --theme remittances"

test: install
	$(VENV)/bin/ruff check pipeline scripts tests
	$(PY) -m pytest -q

bench: install
	$(NEXUS) bench ../shared/corpora/real

clean:
	rm -rf $(VENV) outputs/demo build *.egg-info .pytest_cache
