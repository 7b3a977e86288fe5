# complaintkit: two commands do everything on a fresh machine with Python 3 and make.
#   make lab   - set up and open JupyterLab on the workshop's start notebook
#   make test  - set up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test datasets exercises notebooks clean help

help:
	@echo "make lab       open JupyterLab on notebooks/00-start.ipynb"
	@echo "make test      run the whole test suite"
	@echo "make datasets  rebuild the shipped datasets in datasets/"
	@echo "make exercises rebuild trainee and solution notebooks from exercises/masters/*.py"
	@echo "make notebooks pair notebooks/NN-slug.py (and notebooks/zh/) with its .ipynb, strip outputs (EXECUTE=1 reruns)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	@touch $(STAMP)

# JupyterLab refuses to run as root (e.g. in a container) unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

# The contents manager (complaintkit/labserver.py, jupytext's with this machine's
# language_info filled in as a notebook is read): sessions open without being marked modified.
# The lab's settings (room/overrides.json, JupyterLab's documented overrides.json in its
# application directory): no news or update pop-up covering the outputs.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): room/overrides.json $(STAMP)
	mkdir -p $(@D) && cp room/overrides.json $@

lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		--ServerApp.contents_manager_class=complaintkit.labserver.ContentsManager \
		--LabApp.default_url=/lab/tree/notebooks/00-start.ipynb

# ruff first (style and the complexity rule), then the suite on every core (pytest-xdist):
# --dist loadfile keeps each file, and so each notebook's cells, on one worker, in order.
# One BLAS thread per process: the workers and their notebook kernels share the cores, and
# multi-threaded OpenBLAS slows down badly when they compete.
# The kit's bytecode is compiled once first: the suite starts ~80 Python processes that
# import the kit (~70 notebook kernels, the workers, CLI subprocesses), and where
# PYTHONDONTWRITEBYTECODE is set (as in the container the suite is timed in) none of them
# writes a .pyc, so each compiled the kit again (~0.45 s apiece); compileall writes them.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m compileall -q complaintkit tests
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -n auto --dist loadfile

datasets: $(STAMP)
	$(BIN)/python -m complaintkit datasets build --out datasets

exercises: $(STAMP)
	$(BIN)/python -m complaintkit exercises build

notebooks: $(STAMP)
	$(BIN)/python -m complaintkit workshop sync $(if $(EXECUTE),--execute,)
	$(BIN)/python -m complaintkit workshop sync --folder notebooks/zh $(if $(EXECUTE),--execute,)

clean:
	rm -rf $(VENV) build *.egg-info
