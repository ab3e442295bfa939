# Taza: two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STATE := .state
export PREFECT_HOME := $(CURDIR)/$(STATE)/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 180
export PREFECT_LOGGING_LEVEL := WARNING
export HF_HUB_OFFLINE := 1

.PHONY: run test env bench eval serve clean

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Нужен Python 3.11 / Python 3.11 is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

env: $(STAMP)

# The main job: analyse the bundled sample corpus, store it in the SQLite register, export.
APPEALS := ../shared/data/complaints/spb-appeals-nash-spb/appeals_dev.jsonl

run: $(STAMP)
	$(VENV)/bin/taza analyze corpora/sample --out outputs/findings.jsonl --export-dir outputs
	$(VENV)/bin/taza media scan corpora/media/sample --out outputs/media.jsonl \
		--details outputs/media_details.jsonl --register --jurisdiction RU
	@if [ -f $(APPEALS) ]; then \
		$(VENV)/bin/taza complaints intake $(APPEALS) --jurisdiction RU --out outputs/complaints.jsonl; \
	else echo "Обращения не найдены ($(APPEALS)): реестр без обращений"; fi
	$(VENV)/bin/taza register export outputs

test: $(STAMP)
	bash .ci/install-postgresql.sh
	$(PY) -m pytest -q

bench: $(STAMP)
	$(VENV)/bin/taza bench --repeat 3 ../shared/data/acts/ru-codes-legalacts-ru/ZK-RF.txt \
		../shared/data/acts/ru-codes-legalacts-ru/Gradostroitelnyi-Kodeks-RF.txt

eval: $(STAMP)
	$(VENV)/bin/taza eval factors --split test

# Local Prefect server on 127.0.0.1 (4200 or a free port, home in .state/prefect), then every
# deployment of flows/serve.py in the foreground; Ctrl-C stops both.
# Options for flows.serve: make serve SERVE_ARGS="--only scan-acts --every 60"
serve: $(STAMP)
	$(PY) -m flows.server -- $(SERVE_ARGS)

clean:
	rm -rf $(VENV) $(STATE) outputs/*.xlsx outputs/*.html outputs/*.jsonl outputs/*.sqlite
