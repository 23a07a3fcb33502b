#!/usr/bin/env bash
# `make test`: lint, unit tests, then the real stack (Kafka, Elasticsearch, four services),
# integration and end-to-end tests, then tear down what this run started. Exit status: pytest's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D="$POTRET_ROOT/deploy/local"
PY="$POTRET_ROOT/.venv/bin"
cd "$POTRET_ROOT"

already_up=0
pid_alive "$POTRET_RUN/gateway.pid" && already_up=1
teardown() {
  if (( already_up == 0 )); then bash "$D/stack.sh" down || true; fi
}
trap teardown EXIT

log "lint: ruff and mypy"
"$PY/ruff" check .
"$PY/ruff" format --check .
"$PY/mypy" libs services gateway

start=$SECONDS
bash "$D/stack.sh" up
log "stack up in $((SECONDS - start))s; running the test suite"
set +e
"$PY/pytest" "$@"
rc=$?
set -e
if (( rc != 0 )); then log "tests failed; service logs are in $POTRET_LOG"; fi
exit $rc
