# EBPC cores: golden model, RTL, cocotb regression. `make help` lists the targets.
SHELL := /bin/bash
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
export VERILATOR_ROOT := $(VENV)/lib/python3.11/site-packages/verilator
export PATH := $(VERILATOR_ROOT)/bin:$(VENV)/bin:$(PATH)
export PYTHONPATH := $(CURDIR)/models:$(CURDIR)/verif

.PHONY: help deps test test-model bench
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

deps: ## install Debian tools and the .venv (idempotent; every target below runs it)
	@ci/setup.sh

test: deps ## the full test suite CI runs, with the wall time of each stage
	@ci/test.sh

test-model: deps ## golden model, baselines, formats, networks (pytest)
	$(PY) -m pytest -q -n 2 models/tests

bench: deps ## golden-model throughput on 4M ReLU-like words (python -m ebpc.bench)
	$(PY) -m ebpc.bench
