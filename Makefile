# The two commands a newcomer needs: `make run` and `make test`.
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(HOME)/.local/bin/uv
endif
PY := .venv/bin/python

.PHONY: run test venv assets lint bench check-deploy clean

$(UV):
	$(PYTHON) -m pip install --quiet --user uv

venv: $(UV)
	$(UV) sync --frozen

assets:
	bash scripts/vendor_assets.sh

run: venv assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo --if-empty
	# --insecure: serve static files with DEBUG off (development only).
	$(PY) manage.py runserver --insecure 127.0.0.1:8000

test: venv assets
	bash scripts/test.sh

# Not part of `make test`: timings depend on the machine and its load. Runs
# every benchmark in bench/ and prints its figures (docs/performance.md);
# fails when one is above its target, after all have run.
bench: venv
	@rc=0; for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || rc=1; done; exit $$rc

lint: venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy .

clean:
	rm -rf .venv var node_modules static/vendor
