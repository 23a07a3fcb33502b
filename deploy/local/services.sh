#!/usr/bin/env bash
# Starts/stops the four Potret services as separate processes. Usage: services.sh start|stop|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BIN="$POTRET_ROOT/.venv/bin"
SERVICES=(profile search ranking gateway)
export PROFILE_DB_PATH="${PROFILE_DB_PATH:-$POTRET_VAR/profile/profile.db}"

port_of() {
  case "$1" in
    gateway) echo "${GATEWAY_PORT:-8080}" ;;
    profile) echo "${PROFILE_PORT:-8081}" ;;
    search) echo "${SEARCH_PORT:-8082}" ;;
    ranking) echo "${RANKING_PORT:-50051}" ;;
  esac
}

# The ranking read-model snapshot lives with the other local state (empty value: no snapshot).
export GATEWAY_AUDIT_DB="${GATEWAY_AUDIT_DB:-$POTRET_VAR/gateway/audit.db}"
export GATEWAY_AUTH_DB="${GATEWAY_AUTH_DB:-$POTRET_VAR/gateway/auth.db}"
export RANKING_SNAPSHOT_PATH="${RANKING_SNAPSHOT_PATH-$POTRET_VAR/ranking/read-model.npz}"
# Prometheus /metrics on ports of their own, apart from the APIs (ranking: 8083 by default).
export GATEWAY_METRICS_PORT="${GATEWAY_METRICS_PORT:-8090}"
export PROFILE_METRICS_PORT="${PROFILE_METRICS_PORT:-8091}"
export SEARCH_METRICS_PORT="${SEARCH_METRICS_PORT:-8092}"
# Service-to-service tokens: each service signs its calls with its own Ed25519 key and
# profile, search and ranking accept only the callers they know (docs/security.md). The pairs
# (and the `operator` one for tools and tests) are created here once and kept.
export POTRET_SERVICE_KEYS="${POTRET_SERVICE_KEYS:-$POTRET_RUN/service-keys}"
# Kafka: each service is its own principal (SASL/SCRAM, ACLs; kafka.sh made the passwords).
# With KAFKA_BOOTSTRAP_SERVERS (another Kafka) the environment's own settings apply.
POTRET_KAFKA_USERS="${POTRET_KAFKA_USERS:-$POTRET_RUN/kafka-users}"
kafka_env() {
  [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" && "$1" != gateway ]] || return 0
  echo "POTRET_KAFKA_USERNAME=potret-$1"
  echo "POTRET_KAFKA_PASSWORD_FILE=$POTRET_KAFKA_USERS/potret-$1.password"
}

# Elasticsearch: search is its own least-privileged user over HTTPS (elasticsearch.sh made
# the password and the CA). With ELASTICSEARCH_URL (another cluster) the environment applies.
elasticsearch_env() {
  [[ -z "${ELASTICSEARCH_URL:-}" && "$1" == search ]] || return 0
  echo "ELASTICSEARCH_USERNAME=potret-search"
  echo "ELASTICSEARCH_PASSWORD_FILE=${POTRET_ES_USERS:-$POTRET_RUN/es-users}/potret-search.password"
  echo "ELASTICSEARCH_CA_CERTS=${POTRET_ES_TLS:-$POTRET_RUN/es-tls}/ca.crt"
}

start_one() {
  local name="$1" pidfile="$POTRET_RUN/$1.pid" port
  port="$(port_of "$name")"
  if pid_alive "$pidfile"; then log "$name already running (pid $(cat "$pidfile"))"; return 0; fi
  port_in_use "$port" && die "port $port (for $name) is in use by another process"
  log "starting $name on 127.0.0.1:$port"
  local env=(); mapfile -t env < <(kafka_env "$name"; elasticsearch_env "$name")
  nohup env "${env[@]}" "$BIN/potret-$name" >>"$POTRET_LOG/$name.log" 2>&1 &
  echo $! > "$pidfile"
}

# Dev mode (these local scripts only; POTRET_DEV_MODE=0 turns it off): a generated JWT signing
# key and a generated admin login + all-scope API key in $POTRET_RUN/dev-credentials.json
# (mode 600), kept across restarts. Production sets GATEWAY_JWT_SECRET(_FILE) and creates
# users and keys with `potret-auth` (see gateway/README.md).
dev_mode() {
  [[ "${POTRET_DEV_MODE:-1}" == 1 ]] || return 0
  [[ -z "${GATEWAY_JWT_SECRET:-}${GATEWAY_JWT_SECRET_FILE:-}" ]] || return 0
  export GATEWAY_JWT_SECRET_FILE="$POTRET_RUN/jwt.key"
  "$BIN/potret-auth" --db "$GATEWAY_AUTH_DB" dev-bootstrap \
    --out "$POTRET_RUN/dev-credentials.json" --secret-file "$GATEWAY_JWT_SECRET_FILE"
}

start() {
  [[ -x "$BIN/potret-gateway" ]] || die "the venv is missing; run 'make setup' first"
  "$BIN/potret-service-keys" init --dir "$POTRET_SERVICE_KEYS"
  dev_mode
  for s in "${SERVICES[@]}"; do start_one "$s"; done
  for s in "${SERVICES[@]}"; do
    local port; port="$(port_of "$s")"
    if ! wait_for "$s on port $port" 60 port_in_use "$port"; then
      tail -n 20 "$POTRET_LOG/$s.log" >&2
      die "$s did not start; see $POTRET_LOG/$s.log"
    fi
  done
  if ! wait_for "gateway /readyz (all backends ready)" "${POTRET_READY_TIMEOUT:-180}" \
      curl -fsS "http://127.0.0.1:$(port_of gateway)/readyz"; then
    curl -sS "http://127.0.0.1:$(port_of gateway)/readyz" >&2 || true
    die "the services did not become ready; logs are in $POTRET_LOG"
  fi
  log "all services ready"
}

stop() {
  local i
  for (( i=${#SERVICES[@]}-1; i>=0; i-- )); do
    stop_pidfile "${SERVICES[$i]}" "$POTRET_RUN/${SERVICES[$i]}.pid" 20
  done
}

status() {
  for s in "${SERVICES[@]}"; do
    if pid_alive "$POTRET_RUN/$s.pid"; then echo "$s: running (pid $(cat "$POTRET_RUN/$s.pid"))"
    else echo "$s: stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
