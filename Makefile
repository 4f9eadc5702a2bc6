# EBPC cores: golden model, RTL, cocotb regression. `make help` lists the targets.
SHELL := /bin/bash
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
export VERILATOR_ROOT := $(VENV)/lib/python3.11/site-packages/verilator
export PATH := $(VERILATOR_ROOT)/bin:$(VENV)/bin:$(PATH)
export PYTHONPATH := $(CURDIR)/models:$(CURDIR)/verif
SIM ?= verilator
WAVES ?= 0
IMAGES ?= $(firstword $(wildcard $(CURDIR)/../shared/data/imagenet-samples))
STUDY_NETS ?= mobilenet_v2 efficientnet_lite0 vgg16_hed

.PHONY: help deps test test-model bench synth study sim lint
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

deps: ## install Debian tools and the .venv (idempotent; every target below runs it)
	@ci/setup.sh

sim: deps ## RTL regression on SIM=verilator|icarus (WAVES=1 for FST), JUnit XML + summary in build/sim/
	@mkdir -p build/sim
	@SIM=$(SIM) WAVES=$(WAVES) $(PY) -m pytest -q -n 2 verif -p no:cacheprovider \
	  --junitxml=build/sim/results-$(SIM).xml; rc=$$?; $(PY) verif/summary.py; exit $$rc

lint: deps ## Icarus compile, Verilator -Wall lint and Yosys synth of both cores; fails on any warning
	$(PY) verif/lint.py

test: deps ## the full test suite CI runs, with the wall time of each stage
	@ci/test.sh

test-model: deps ## pytest of the golden model, baselines, formats, networks and the synth script
	$(PY) -m pytest -q -n 2 models/tests ci/test_synth.py

bench: deps ## golden-model throughput on 4M ReLU-like words (python -m ebpc.bench)
	$(PY) -m ebpc.bench

synth: deps ## area of both cores with the Yosys 0.23 flow of the hardware spec (ci/synth.py)
	$(PY) ci/synth.py --json build/synth.json

study: deps ## compression study on the nets with offline weights (IMAGES=dir, default ../shared photos)
	@for net in $(STUDY_NETS); do \
	  for data in fmaps grads; do \
	    mode=$$([ $$data = grads ] && echo train || echo eval); \
	    $(PY) -m ebpc.study --net $$net $(if $(IMAGES),--images $(IMAGES)) --batch 32 --mode $$mode --data $$data \
	      --formats fixed8,fixed16,float16 --out build/study/$$net-$$data || exit 1; \
	  done; \
	done
