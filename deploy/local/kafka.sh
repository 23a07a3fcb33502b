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

write_config() {
  mkdir -p "$KAFKA_DATA/logs" "$KAFKA_DATA/config"
  cat > "$KAFKA_DATA/config/server.properties" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
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
CONF
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

start() {
  if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
    log "KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS is set: using that Kafka, starting none locally"
    return 0
  fi
  if pid_alive "$PIDFILE"; then log "Kafka already running (pid $(cat "$PIDFILE"))"; return 0; fi
  port_in_use "$KAFKA_PORT" && die "port $KAFKA_PORT is in use by another process; stop it or set POTRET_KAFKA_PORT"
  fetch
  local java_home; java_home="$(find_java21)"
  write_config
  local java=("$java_home/bin/java" -cp "$KAFKA_HOME/libs/*"
    "-Dlog4j2.configurationFile=$KAFKA_DATA/config/log4j2.properties")
  if [[ ! -f "$KAFKA_DATA/logs/meta.properties" ]]; then
    local cluster_id; cluster_id="$("${java[@]}" kafka.tools.StorageTool random-uuid)"
    log "formatting KRaft storage (cluster id $cluster_id)"
    "${java[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$KAFKA_DATA/config/server.properties" >>"$POTRET_LOG/kafka.log" 2>&1 \
      || die "Kafka storage format failed; see $POTRET_LOG/kafka.log"
  fi
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (heap $KAFKA_HEAP, java $java_home)"
  nohup "${java[@]}" "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    kafka.Kafka "$KAFKA_DATA/config/server.properties" >>"$POTRET_LOG/kafka.log" 2>&1 &
  echo $! > "$PIDFILE"
  if ! wait_for "Kafka on 127.0.0.1:$KAFKA_PORT" "${POTRET_KAFKA_START_TIMEOUT:-120}" up_or_dead; then
    tail -n 30 "$POTRET_LOG/kafka.log" >&2
    die "Kafka did not open port $KAFKA_PORT; full log: $POTRET_LOG/kafka.log"
  fi
  pid_alive "$PIDFILE" || die "Kafka exited during start-up; see $POTRET_LOG/kafka.log"
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
