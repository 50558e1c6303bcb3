# jiesu — two commands do everything: `make run` (set up + run) and `make test`.
SHELL := /bin/bash
PY311 ?= $(shell command -v python3.11 || echo $$HOME/.pyenv/versions/3.11.7/bin/python3.11)
PY310 ?= $(shell ls -d $$HOME/.pyenv/versions/3.10*/bin/python3.10 2>/dev/null | tail -1 || command -v python3.10)
VENV := .venv
RASA_VENV := .venv-rasa
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
PYTEST_ARGS ?=

.PHONY: run setup test bench venv venv-rasa browser clean

$(VENV)/.stamp: pyproject.toml
	@echo "▶ 创建 .venv (Python 3.11) / creating .venv"
	@test -x $(VENV)/bin/python || $(PY311) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	# torch first, from the local CPU wheel, so nothing pulls a multi-GB CUDA build
	$(VENV)/bin/pip install -q torch==2.13.0
	$(VENV)/bin/pip install -q -e '.[dev]'
	@touch $@

$(RASA_VENV)/.stamp: bot/requirements.txt
	@echo "▶ 创建 .venv-rasa (Python 3.10, Rasa) / creating .venv-rasa"
	@test -n "$(PY310)" || { echo "需要 pyenv 的 Python 3.10 / Python 3.10 not found"; exit 2; }
	@test -x $(RASA_VENV)/bin/python || $(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install -q --upgrade pip
	$(RASA_VENV)/bin/pip install -q -r bot/requirements.txt
	@touch $@

venv: $(VENV)/.stamp
venv-rasa: $(RASA_VENV)/.stamp

# Debian's Chromium for the browser tests (no browser download works here); CJK font so
# Chinese does not render as boxes.
browser:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi wqy || { \
	  echo "▶ 安装 chromium + 中文字体 / installing chromium and fonts-wqy-microhei"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

setup: venv
	$(VENV)/bin/jiesu setup

run: venv venv-rasa
	$(VENV)/bin/jiesu run

# Everything overlaps what it can (tests/run_suite.sh): .venv-rasa installs while the test home
# builds; the bot trains (nice) while the suite but the bot's tests runs; the bot's tests run last.
# PYTEST_ARGS: extra pytest options for each run (e.g. -x, -k …).
test: browser
	PYTEST_ARGS="$(PYTEST_ARGS)" tests/run_suite.sh

# each prints one JSON line last and writes bench/results/*.json; needs `make setup` first
bench: venv
	$(VENV)/bin/python bench/latency.py
	$(VENV)/bin/python bench/throughput.py
	$(VENV)/bin/python bench/predict_throughput.py

clean:
	rm -rf var .pytest_cache
