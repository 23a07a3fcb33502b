# Potret — the front door. `make run` starts everything with demo data; `make test` runs
# the whole suite against real Kafka and Elasticsearch. See README.md.
SHELL := /bin/bash
PY := .venv/bin
LOCAL := deploy/local
DEMO_COUNT ?= 10000

.PHONY: help setup proto run up stop status test unit integration e2e chaos lint format bench clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## venv with uv, dependencies from uv.lock, generated contracts
	@bash $(LOCAL)/setup.sh

proto: ## regenerate contracts/src/potret from proto/
	@bash $(LOCAL)/gen-proto.sh

up: setup ## start Kafka, Elasticsearch and the four services (no demo data)
	@bash $(LOCAL)/stack.sh up

run: up ## start everything and load the demo data set (DEMO_COUNT ASN, default 10000)
	@$(PY)/potret-seed --count $(DEMO_COUNT)
	@echo
	@echo "Potret is running:"
	@echo "  API + docs     http://127.0.0.1:8080/docs"
	@echo "  readiness      http://127.0.0.1:8080/readyz"
	@bash $(LOCAL)/dev-login.sh
	@echo "  logs           var/log/"
	@echo "  stop with      make stop"

stop: ## stop everything that `make run` / `make up` started
	@bash $(LOCAL)/stack.sh down

status: ## what is running
	@bash $(LOCAL)/stack.sh status

test: setup ## lint, then all tests against a real stack (started and stopped here)
	@bash $(LOCAL)/test.sh

unit: setup ## unit tests only (no Kafka, no Elasticsearch)
	@$(PY)/pytest -m "not integration and not e2e"

integration: setup ## integration tests (expects `make up`; starts the test PostgreSQL)
	@bash $(LOCAL)/postgres.sh start
	@$(PY)/pytest -m integration

e2e: setup ## end-to-end tests through the gateway (expects `make up`; starts the test PostgreSQL)
	@bash $(LOCAL)/postgres.sh start
	@$(PY)/pytest -m e2e

chaos: setup ## fault injection, long form (expects `make up`): kill -9 each component twice under 30,000 writes; prints the recovery table
	@$(PY)/potret-chaos --ops $${CHAOS_OPS:-30000} --rounds $${CHAOS_ROUNDS:-2}

lint: setup ## ruff and mypy
	@$(PY)/ruff check . && $(PY)/ruff format --check . && $(PY)/mypy libs services gateway tools tests conftest.py

format: setup ## apply ruff's formatting and safe fixes
	@$(PY)/ruff check --fix . && $(PY)/ruff format .

bench: setup ## benchmarks (expects `make up`)
	@$(PY)/python bench/run.py

clean: stop ## stop and delete all local data (var/, Elasticsearch and PostgreSQL data); keeps downloads
	@bash $(LOCAL)/elasticsearch.sh purge
	@bash $(LOCAL)/postgres.sh purge
	rm -rf var
