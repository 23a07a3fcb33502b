#!/usr/bin/env bash
# `make test`: lint, unit tests, then the real stack (Kafka, Elasticsearch, four services,
# PostgreSQL for the gateway-replica tests),
# integration and end-to-end tests, then tear down what this run started. Exit status: pytest's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D="$POTRET_ROOT/deploy/local"
PY="$POTRET_ROOT/.venv/bin"
cd "$POTRET_ROOT"

already_up=0
pid_alive "$POTRET_RUN/gateway.pid" && already_up=1
pg_up=0
pid_alive "$POTRET_RUN/postgres.pid" && pg_up=1
teardown() {
  if (( already_up == 0 )); then bash "$D/stack.sh" down || true; fi
  if (( pg_up == 0 )); then bash "$D/postgres.sh" stop || true; fi
}
trap teardown EXIT

# Browser tests of the console drive Debian's Chromium (headless) with Playwright. Debian's
# archive signatures vouch for the package; its version follows Debian's security updates
# (old builds leave the mirror, so an exact pin would break), and is printed here.
ensure_chromium() {
  local bin="${POTRET_CHROMIUM:-/usr/bin/chromium}"
  if [[ ! -x "$bin" ]]; then
    [[ "$(id -u)" == 0 ]] || die "Chromium is missing: sudo apt-get install chromium (or set POTRET_CHROMIUM)"
    log "installing Debian's chromium for the console's browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; } \
      || die "could not install chromium with apt-get"
  fi
  log "browser: $("$bin" --version 2>/dev/null | head -1)"
}
ensure_chromium

log "lint: ruff and mypy"
"$PY/ruff" check .
"$PY/ruff" format --check .
"$PY/mypy" libs services gateway

log "deploy: Kubernetes manifests, Compose file, Dockerfiles"
bash "$POTRET_ROOT/deploy/validate.sh"

start=$SECONDS
bash "$D/stack.sh" up
# PostgreSQL backs the tests of the gateway's shared store (several gateway replicas).
bash "$D/postgres.sh" start
log "stack up in $((SECONDS - start))s; running the test suite"
set +e
"$PY/pytest" --durations=30 --junitxml="$POTRET_VAR/test-artifacts/junit.xml" "$@"
rc=$?
set -e
if (( rc != 0 )); then log "tests failed; service logs are in $POTRET_LOG"; fi
exit $rc
