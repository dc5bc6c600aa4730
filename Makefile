# Build the partnership report: `make report` builds everything, `make help` lists the targets.
# Every stage prints one line with its duration; `make -j2` runs chapters in parallel.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PAIR ?= RUS-CHN
BUILD_ROOT ?= build
REPORTS_ROOT ?= reports
VENV ?= .venv
LAB_VENV ?= .venv-lab

# These values reach shell commands (and `rm -rf`), so each is checked on its raw, unexpanded
# text, before make expands anything in it: `$(shell ...)` in a value is refused, never run.
letters := A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
path_characters := $(letters) a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9 . _ - / +
# $(call leftover,TEXT,CHARACTERS): TEXT with every one of CHARACTERS removed.
leftover = $(strip $(eval left__ := $$(value 1))$(foreach c,$(2),$(eval left__ := $$(subst $(c),,$$(left__))))$(left__))
# $(call spelled,TEXT): TEXT's characters separated by spaces ('RUS-CHN' -> 'R U S - C H N').
spelled = $(strip $(eval spelled__ := $$(value 1))$(foreach c,$(letters) -,$(eval spelled__ := $$(subst $(c),$(c) ,$$(spelled__))))$(spelled__))

# PAIR: two ISO alpha-3 codes joined by '-' (the Python side then checks that both are countries).
pair_text := $(value PAIR)
ifneq ($(words $(pair_text))$(call leftover,$(pair_text),$(letters) -),1)
$(error PAIR must be two ISO alpha-3 codes joined by '-', such as PAIR=RUS-CHN)
endif
ifneq ($(words $(call spelled,$(pair_text)))$(word 4,$(call spelled,$(pair_text))),7-)
$(error PAIR must be two ISO alpha-3 codes joined by '-', such as PAIR=RUS-CHN; found $(words $(call spelled,$(pair_text))) characters)
endif
override PAIR := $(pair_text)

define check_path
ifeq ($$(strip $$(value $(1))),)
$$(error $(1) is empty: leave it unset for the default, or name a folder such as $(1)=$(2))
endif
ifneq ($$(words $$(value $(1))),1)
$$(error $(1) must be one folder name without spaces, found '$$(value $(1))')
endif
ifneq ($$(call leftover,$$(value $(1)),$$(path_characters)),)
$$(error $(1) may hold only letters, digits and . _ - / +, found '$$(value $(1))')
endif
override $(1) := $$(value $(1))
endef
$(foreach variable,BUILD_ROOT:build REPORTS_ROOT:reports VENV:.venv LAB_VENV:.venv-lab,\
  $(eval $(call check_path,$(firstword $(subst :, ,$(variable))),$(lastword $(subst :, ,$(variable))))))

# FROM (make refresh FROM=file): a publisher's file downloaded by hand, checked like the folders above.
ifneq ($(strip $(value FROM)),)
$(eval $(call check_path,FROM,downloads/SIPRI-Milex-data-1949-2025.xlsx))
endif

# A folder that `make clean` may empty: not the file system's root, not this project or a folder
# above it, not the home folder. $(call removable,FOLDER) is empty when FOLDER is unsafe.
removable = $(if $(or $(filter / $(abspath $(HOME)),$(abspath $(1))),$(filter $(abspath $(1)) $(abspath $(1))/%,$(CURDIR)),$(if $(abspath $(1)),,empty)),,$(abspath $(1)))
unsafe = refusing to $(1) $(2)=$($(2)): it is this project, a folder above it, the home folder or /
# Checked before anything runs, so that distclean's removals cannot start with clean's.
ifneq ($(filter clean distclean,$(MAKECMDGOALS)),)
$(if $(call removable,$(BUILD_ROOT)),,$(error $(call unsafe,remove,BUILD_ROOT)))
$(if $(call removable,$(REPORTS_ROOT)),,$(error $(call unsafe,empty,REPORTS_ROOT)))
endif
ifneq ($(filter distclean,$(MAKECMDGOALS)),)
$(if $(call removable,$(VENV)),,$(error $(call unsafe,remove,VENV)))
$(if $(call removable,$(LAB_VENV)),,$(error $(call unsafe,remove,LAB_VENV)))
endif

PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
BUILD := $(BUILD_ROOT)/$(PAIR)
REPORT := $(REPORTS_ROOT)/$(PAIR)
# The chapters are the notebooks (notebooks/NN_<name>.ipynb); analysis/chapters/ holds their code.
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
ANALYSIS := $(shell find analysis -name "*.py" -not -path "*/__pycache__/*" 2>/dev/null)
TEMPLATES := $(wildcard analysis/render/templates/*)
DATA := $(shell find data -type f 2>/dev/null)
DATA_OK := $(BUILD_ROOT)/data.ok
NOTEBOOKS_DONE := $(BUILD)/notebooks.stamp

# The Python side reads the same locations; matplotlib keeps its font cache in the venv,
# so that it is rebuilt whenever the environment (and its fonts) is set up anew.
export REPORT_BUILD_DIR := $(abspath $(BUILD_ROOT))
export REPORT_OUTPUT_DIR := $(abspath $(REPORTS_ROOT))
export MPLCONFIGDIR := $(abspath $(VENV))/mplconfig
export PYTHONHASHSEED := 0
# Kernels import this folder's analysis/, even where the environment was installed from a copy
# of the project that has since moved.
export PYTHONPATH := $(CURDIR)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help report data notebooks html pdf test lab refresh bench clean distclean lock

help: ## Show the targets and what they do
	@echo "Usage: make <target> [PAIR=RUS-CHN]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

report: html pdf ## Build everything: data checks, notebooks, HTML and PDF in reports/$(PAIR)/

data: $(DATA_OK) ## Validate the embedded data snapshot against its schemas and catalog

notebooks: $(NOTEBOOKS_DONE) ## Execute the out-of-date chapter notebooks into build/$(PAIR)/

html: $(REPORT)/report.html ## Combine the executed chapters into one self-contained HTML report

pdf: $(REPORT)/report.pdf ## Print the HTML report to an A4 PDF with headless Chromium

test: $(INSTALLED) ## Run the test suite (sets up the environment first)
	$(PY) -m pytest

lab: $(INSTALLED) ## Open JupyterLab on the notebooks with the project's kernel
	@test -x $(LAB_VENV)/bin/jupyter || { python3 -m venv $(LAB_VENV) && $(LAB_VENV)/bin/pip install --quiet -r requirements-lab.txt; }
	$(PY) -m ipykernel install --prefix $(abspath $(LAB_VENV)) --name python3 --display-name "Python 3 (partnership report)" >/dev/null
	$(LAB_VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

refresh: $(INSTALLED) ## Fetch the publishers' newest data (or take FROM=file), validate it, then rebuild the report
	@status=0; $(PY) -m analysis.refresh $(if $(FROM),--from $(abspath $(FROM))) || status=$$?; \
	if [ $$status -eq 3 ]; then exit 0; fi; \
	$(MAKE) --no-print-directory report PAIR=$(PAIR); exit $$status

bench: $(INSTALLED) ## Time the build against a naive pipeline and the floor (table in build/bench.md)
	$(PY) scripts/bench.py

clean: ## Remove built notebooks and reports (keeps the environment)
	rm -rf $(BUILD_ROOT) $(wildcard $(REPORTS_ROOT)/[A-Z][A-Z][A-Z]-[A-Z][A-Z][A-Z] $(REPORTS_ROOT)/.staging-* $(REPORTS_ROOT)/.retired-*)

distclean: clean ## Also remove the virtual environments
	rm -rf $(VENV) $(LAB_VENV)

lock: ## Re-resolve the pinned dependencies into requirements.lock
	bash scripts/lock.sh

$(INSTALLED): requirements.lock pyproject.toml scripts/bootstrap.sh
	@VENV=$(abspath $(VENV)) bash scripts/bootstrap.sh

$(DATA_OK): $(DATA) $(ANALYSIS) $(INSTALLED)
	@$(PY) -m analysis.build validate

# One process runs every out-of-date chapter (each in its own fresh kernel), several at a
# time; it decides per chapter from the same inputs: the notebook, the data, analysis/.
# When the goal is the whole report, the same process goes on to the HTML and the PDF (which
# are then newer than the stamp, so their own rules below have nothing left to do).
$(NOTEBOOKS_DONE): $(NOTEBOOKS) $(DATA) $(ANALYSIS) $(INSTALLED)
	@$(PY) -m analysis.build notebooks --pair $(PAIR) $(if $(filter report,$(or $(MAKECMDGOALS),report)),--and-report)

$(REPORT)/report.html: $(NOTEBOOKS_DONE) $(TEMPLATES) $(ANALYSIS)
	@$(PY) -m analysis.build html --pair $(PAIR)

$(REPORT)/report.pdf: $(REPORT)/report.html
	@$(PY) -m analysis.build pdf --pair $(PAIR)
