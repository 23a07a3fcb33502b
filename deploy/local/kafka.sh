#!/usr/bin/env bash
# Apache Kafka 4.x, KRaft single node, from Maven Central. Usage: kafka.sh fetch|start|stop|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$POTRET_ROOT/deploy/local/versions.env"

KAFKA_PORT="${POTRET_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${POTRET_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${POTRET_KAFKA_HEAP:-512m}"
KAFKA_HOME="$POTRET_CACHE/kafka-$KAFKA_VERSION"
KAFKA_DATA="$POTRET_VAR/kafka"
PIDFILE="$POTRET_RUN/kafka.pid"
LOCK="$POTRET_ROOT/deploy/local/checksums.sha256"
# Kafka principals (libs/events/src/potret_events/security.py): one password file each, made
# once and kept; the services get theirs from services.sh, tests and tools the operator's.
export POTRET_KAFKA_USERS="${POTRET_KAFKA_USERS:-$POTRET_RUN/kafka-users}"
SECURITY="$POTRET_ROOT/.venv/bin/potret-kafka-security"
# Set once the principals' SCRAM credentials are in the cluster (delete it to store them again,
# e.g. after replacing the password files).
SASL_MARK="$KAFKA_DATA/.sasl-scram"

fetch() {
  if [[ -f "$KAFKA_HOME/.complete" ]]; then return 0; fi
  command -v mvn >/dev/null || die "Maven (mvn) is required to fetch Kafka from Maven Central"
  log "fetching Apache Kafka $KAFKA_VERSION and its runtime dependencies from Maven Central (~45 MB)"
  rm -rf "$KAFKA_HOME.tmp"
  mvn -B -q -C -f "$POTRET_ROOT/deploy/local/kafka-pom.xml" \
    -Dmaven.repo.local="$POTRET_CACHE/m2" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$KAFKA_HOME.tmp/libs" >&2 || die "Maven could not resolve Kafka $KAFKA_VERSION"
  local jar
  for jar in "$KAFKA_HOME.tmp"/libs/*.jar; do verify_sha256 "$jar" "$LOCK"; done
  local expected found
  expected="$(grep '\.jar$' "$LOCK" | grep -vc ' embedded-postgres-binaries-')"  # every pinned jar but PostgreSQL's
  found="$(find "$KAFKA_HOME.tmp/libs" -name '*.jar' | wc -l)"
  [[ "$expected" == "$found" ]] || die "Kafka classpath has $found jars, checksums.sha256 pins $expected"
  rm -rf "$KAFKA_HOME"; mv "$KAFKA_HOME.tmp" "$KAFKA_HOME"; touch "$KAFKA_HOME/.complete"
}

password_of() { tr -d '\n' < "$POTRET_KAFKA_USERS/$1.password"; }

# write_config [plaintext]: clients authenticate with SASL/SCRAM-SHA-512 as their own
# principal and are authorised by ACL (deny by default); the controller listener takes only
# the broker (SASL/PLAIN: SCRAM credentials live in the metadata the controller serves).
# "plaintext" is the one-off configuration for storing the SCRAM credentials (add_scram_credentials).
write_config() {
  mkdir -p "$KAFKA_DATA/logs" "$KAFKA_DATA/config"
  local broker; broker="$(password_of potret-broker)"
  local conf="$KAFKA_DATA/config/server.properties"
  chmod 700 "$KAFKA_DATA/config"
  rm -f "$conf"  # a file of an older version may be world-readable: the password goes in
  ( umask 077; cat > "$conf" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
log.dirs=$KAFKA_DATA/logs
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
controller.listener.names=CONTROLLER
CONF
  )
  if [[ "${1:-}" == plaintext ]]; then
    cat >> "$conf" <<CONF
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
CONF
  else
    cat >> "$conf" <<CONF
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="potret-broker" password="$broker";
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="potret-broker" password="$broker" user_potret-broker="$broker";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:potret-broker;User:potret-operator
allow.everyone.if.no.acl.found=false
CONF
  fi
  cat > "$KAFKA_DATA/config/log4j2.properties" <<'CONF'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
logger.startup.name = kafka.server.KafkaRaftServer
logger.startup.level = INFO
CONF
}

up_or_dead() { ! pid_alive "$PIDFILE" || port_in_use "$KAFKA_PORT"; }

as_operator() {
  POTRET_KAFKA_USERNAME=potret-operator \
    POTRET_KAFKA_PASSWORD_FILE="$POTRET_KAFKA_USERS/potret-operator.password" "$@"
}

launch() {
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (heap $KAFKA_HEAP, java $JAVA_HOME_USED${1:+, $1})"
  nohup "${JAVA[@]}" "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    kafka.Kafka "$KAFKA_DATA/config/server.properties" >>"$POTRET_LOG/kafka.log" 2>&1 &
  echo $! > "$PIDFILE"
  if ! wait_for "Kafka on 127.0.0.1:$KAFKA_PORT" "${POTRET_KAFKA_START_TIMEOUT:-120}" up_or_dead; then
    tail -n 30 "$POTRET_LOG/kafka.log" >&2
    die "Kafka did not open port $KAFKA_PORT; full log: $POTRET_LOG/kafka.log"
  fi
  pid_alive "$PIDFILE" || die "Kafka exited during start-up; see $POTRET_LOG/kafka.log"
}

# Storage without the principals' SCRAM credentials (new, or formatted before
# authentication): start the broker once on loopback without authentication, store them
# through the admin API, stop it. Its data stays as it is. (Not `StorageTool format
# --add-scram`: that would show every password in the process list.) If this fails the
# broker is stopped and the next start tries again.
add_scram_credentials() {
  log "storing the Kafka principals' SCRAM credentials (one-off)"
  write_config plaintext
  launch "unauthenticated on loopback, to store the credentials"
  if ! wait_for "the SCRAM credentials stored" 60 \
      "$SECURITY" scram --bootstrap "127.0.0.1:$KAFKA_PORT" --dir "$POTRET_KAFKA_USERS"; then
    stop
    die "could not store the SCRAM credentials; see $POTRET_LOG/kafka.log"
  fi
  stop
  touch "$SASL_MARK"
}

start() {
  if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
    log "KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS is set: using that Kafka, starting none locally"
    return 0
  fi
  if pid_alive "$PIDFILE"; then log "Kafka already running (pid $(cat "$PIDFILE"))"; return 0; fi
  port_in_use "$KAFKA_PORT" && die "port $KAFKA_PORT is in use by another process; stop it or set POTRET_KAFKA_PORT"
  [[ -x "$SECURITY" ]] || die "the venv is missing; run 'make setup' first"
  fetch
  JAVA_HOME_USED="$(find_java21)"
  JAVA=("$JAVA_HOME_USED/bin/java" -cp "$KAFKA_HOME/libs/*"
    "-Dlog4j2.configurationFile=$KAFKA_DATA/config/log4j2.properties")
  "$SECURITY" init --dir "$POTRET_KAFKA_USERS" >&2
  write_config
  if [[ ! -f "$KAFKA_DATA/logs/meta.properties" ]]; then
    local cluster_id
    cluster_id="$("${JAVA[@]}" kafka.tools.StorageTool random-uuid)"
    log "formatting KRaft storage (cluster id $cluster_id)"
    "${JAVA[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$KAFKA_DATA/config/server.properties" >>"$POTRET_LOG/kafka.log" 2>&1 \
      || die "Kafka storage format failed; see $POTRET_LOG/kafka.log"
  fi
  if [[ ! -f "$SASL_MARK" ]]; then
    add_scram_credentials
    write_config
  fi
  launch "SASL/SCRAM, ACLs"
  # The ACLs live in the cluster's metadata: applied when the plan differs from the one
  # applied last (first start, upgrade, a new topic prefix or service), not on every restart.
  local plan; plan="$("$SECURITY" plan | sha256sum | cut -c1-16)"
  if [[ "$(cat "$KAFKA_DATA/.acls" 2>/dev/null)" != "$plan" ]]; then
    if ! wait_for "the services' Kafka ACLs" 60 \
        as_operator "$SECURITY" acls --bootstrap "127.0.0.1:$KAFKA_PORT"; then
      as_operator "$SECURITY" acls --bootstrap "127.0.0.1:$KAFKA_PORT" || true
      stop
      die "could not create the Kafka ACLs; see $POTRET_LOG/kafka.log"
    fi
    printf '%s\n' "$plan" > "$KAFKA_DATA/.acls"
  fi
  log "Kafka is up"
}

stop() { stop_pidfile kafka "$PIDFILE" 60; }

status() {
  if pid_alive "$PIDFILE"; then echo "kafka: running (pid $(cat "$PIDFILE"))"; else echo "kafka: stopped"; fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
