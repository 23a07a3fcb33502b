#!/usr/bin/env bash
# The whole local stack. Usage: stack.sh up|down|status
#   up    Kafka + Elasticsearch (unless external ones are configured), then the four services
#   down  everything started by `up` (and PostgreSQL if `make test` left it), by pid files
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D="$POTRET_ROOT/deploy/local"
case "${1:-}" in
  up)
    bash "$D/kafka.sh" start
    bash "$D/elasticsearch.sh" start
    bash "$D/services.sh" start
    ;;
  down)
    bash "$D/services.sh" stop
    bash "$D/postgres.sh" stop
    bash "$D/elasticsearch.sh" stop
    bash "$D/kafka.sh" stop
    ;;
  status)
    bash "$D/kafka.sh" status; bash "$D/elasticsearch.sh" status; bash "$D/postgres.sh" status
    bash "$D/services.sh" status
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
