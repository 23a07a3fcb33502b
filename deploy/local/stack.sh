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
    # The local index, left by an older release whose mapping this one cannot upgrade in
    # place or whose expertise rules differ, is rebuilt from the topic before search starts
    # (search would refuse it, or show the older scores); the previous index is deleted once
    # the alias has moved (derived data: every release that changes the rules would leave
    # one more). An external Elasticsearch is its operators' to rebuild.
    if [[ -z "${ELASTICSEARCH_URL:-}" ]]; then
      "$POTRET_ROOT/.venv/bin/potret-search-reindex" --if-outdated --delete-old
    fi
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
