# All set-up lives here so that a fresh clone (and CI) needs nothing installed by hand.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

TABLES := data/processed/build.json
# Everything a build reads; spaces escaped so that make can use the names as prerequisites.
BUILD_INPUTS := $(shell find seeds data/raw data/topics -type f ! -name '.*' 2>/dev/null | sed 's/ /\\ /g') data/sources.csv data/actors.csv data/not_actors.csv data/common_surnames.csv data/stance_cues.csv data/frames.csv
PORT ?= 8501
# Only this machine can reach the dashboard; HOST=0.0.0.0 serves it to the network, deliberately.
HOST ?= 127.0.0.1

# Refitting the models needs torch, kept out of the run and test installs (it is gigabytes).
TRAIN_VENV ?= .venv-train
TRAIN_STAMP := $(TRAIN_VENV)/.installed
# A CPU build; set TORCH to another requirement (e.g. TORCH=torch) for a GPU machine.
TORCH ?= torch==2.13.0
NEWSMTSC ?= ../shared/newsmtsc

.PHONY: install build run lint test browser clean train

# Re-install whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP)

# Always rebuild.
build: $(STAMP)
	$(PY) -m dashboard build

# Rebuild only when an input, the reference data or the installation changed.
$(TABLES): $(STAMP) $(BUILD_INPUTS)
	$(PY) -m dashboard build

run: $(TABLES)
	$(PY) -m streamlit run dashboard/app/main.py --server.address $(HOST) --server.port $(PORT)

# The end-to-end test drives Debian's Chromium; install it where we may (root with apt),
# otherwise that one test is skipped and says why.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "warning: could not install chromium; the browser test will be skipped" >&2; \
	else echo "note: /usr/bin/chromium missing and cannot be installed here; the browser test will be skipped" >&2; fi

# The quality gate: ruff on all Python code, mypy on the package (both configured in pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check dashboard tests benchmarks
	$(PY) -m mypy

# Lint first, so a finding fails `make test` (and CI) before the suite runs.
test: $(STAMP) lint browser
	$(PY) -m pytest

$(TRAIN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet '$(TORCH)'
	$(TRAIN_VENV)/bin/python -m pip install --quiet -e '.[train]'
	touch $(TRAIN_STAMP)

# Refit every shipped model, in order: the sentence encoder's ONNX export, the accurate
# target sentiment model (NewsMTSC train only), the topic stance classifier, then the
# topic stance variants and their article weights (which read the classifier).
train: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python -m dashboard.preprocessing.encoder.export_encoder
	$(TRAIN_VENV)/bin/python -m dashboard.preprocessing.sentiment.fine_tune_target_model --newsmtsc $(NEWSMTSC) --out dashboard/preprocessing/sentiment/model
	$(TRAIN_VENV)/bin/python -m dashboard.preprocessing.topic.fine_tune_stance_encoder
	$(TRAIN_VENV)/bin/python -m dashboard.preprocessing.topic.fit_topic_stance
	$(TRAIN_VENV)/bin/python -m dashboard.preprocessing.topic.fit_linear_stance
	$(TRAIN_VENV)/bin/python -m dashboard.preprocessing.topic.fit_blended_stance

clean:
	rm -rf $(VENV) data/processed
