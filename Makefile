# Two commands do everything: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
ENV := source scripts/env.sh &&

.PHONY: run test install services stop-services setup lint messages vendor lock backup restore

$(VENV)/.installed: pyproject.toml requirements.lock
	@scripts/system-deps.sh
	@test -x $(PY) || python3.11 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -c requirements.lock -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

services:
	@scripts/services.sh start

stop-services:
	@scripts/services.sh stop

messages: install
	@$(ENV) $(PY) manage.py compilemessages --ignore '.venv' -v 0

setup: install services messages
	@$(ENV) $(PY) manage.py check_services
	@$(ENV) $(PY) manage.py migrate --noinput -v 0
	@$(ENV) $(PY) manage.py seed_demo --if-empty

run: setup
	@$(ENV) $(PY) manage.py collectstatic --noinput -v 0
	@scripts/run.sh

lint: install
	@$(VENV)/bin/ruff check .
	@$(ENV) $(VENV)/bin/mypy

test: install services messages
	@scripts/system-deps.sh --browser
	@$(ENV) DJANGO_SETTINGS_MODULE=voorveld.settings.test $(PY) manage.py check_services
	@$(VENV)/bin/ruff check .
	@$(ENV) DJANGO_SETTINGS_MODULE=voorveld.settings.test $(PY) manage.py makemigrations --check --dry-run
	@$(ENV) $(VENV)/bin/mypy
	@$(ENV) $(VENV)/bin/pytest --create-db

# Database backups (README.md, "Backups"): a timestamped pg_dump in BACKUP_DIR (default ./backups),
# dumps older than BACKUP_RETENTION_DAYS (35) deleted. Restore replaces the whole database:
# `make restore FILE=backups/voorveld-<time>.dump CONFIRM=yes`.
backup:
	@$(ENV) scripts/backup.sh backup

restore:
	@$(ENV) CONFIRM="$(CONFIRM)" scripts/backup.sh restore "$(FILE)"

# Maintainers: refresh the pinned versions CI tests with.
lock:
	@python3.11 -m venv /tmp/voorveld-lock && /tmp/voorveld-lock/bin/pip install -q -e '.[dev]' \
	  && /tmp/voorveld-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
