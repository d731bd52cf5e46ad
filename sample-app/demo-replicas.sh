#!/usr/bin/env bash
# Starts N replicas of the sample jar at once against one fresh PostgreSQL database and shows,
# from their logs, that exactly one applied the migrations while the others waited for the lock
# and then found nothing to do. Everything listens on 127.0.0.1 only and is stopped at the end.
#
#   ./mvnw -B -pl sample-app -am package -DskipTests
#   sample-app/demo-replicas.sh [N]           # N defaults to 4
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD, BASE_PORT (18080),
# SLOW_SECONDS (3: an extra migration that sleeps, so the waiting is visible; 0 to skip),
# DEMO_TIMEOUT (120 seconds for all replicas to become ready).
set -euo pipefail

N="${1:-4}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGPASSWORD="${PGPASSWORD:-}"
BASE_PORT="${BASE_PORT:-18080}"
SLOW_SECONDS="${SLOW_SECONDS:-3}"
DEMO_TIMEOUT="${DEMO_TIMEOUT:-120}"

here="$(cd "$(dirname "$0")" && pwd)"
jar="$(ls "$here"/target/sample-app-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)"
if [[ -z "$jar" ]]; then
  echo "No sample jar in $here/target. Build it first: ./mvnw -B -pl sample-app -am package -DskipTests" >&2
  exit 1
fi
for tool in java psql curl; do
  command -v "$tool" >/dev/null || { echo "demo-replicas.sh needs $tool on the PATH" >&2; exit 1; }
done
if ! [[ "$N" =~ ^[1-9][0-9]?$ ]]; then
  echo "N must be a number from 1 to 99, was '$N'" >&2
  exit 1
fi

db="migrate_demo_$$"
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres \
    -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "create database $db" >/dev/null
echo "Database $db on $PGHOST:$PGPORT; logs in $work"

locations="classpath:db/migrations"
if [[ "$SLOW_SECONDS" != "0" ]]; then
  mkdir "$work/slow"
  cat >"$work/slow/30000101000000-demo_slow.sql" <<SQL
-- +migrate Up
select pg_sleep($SLOW_SECONDS);
SQL
  locations="$locations,filesystem:$work/slow"
fi

for i in $(seq 1 "$N"); do
  port=$((BASE_PORT + i))
  java -Xmx256m -jar "$jar" \
    --server.address=127.0.0.1 --server.port="$port" \
    --spring.application.name="replica-$i" \
    --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$db" \
    --spring.datasource.username="$PGUSER" \
    --migrate.locations="$locations" \
    --migrate.application-name="replica-$i" \
    >"$work/replica-$i.log" 2>&1 &
  pids+=("$!")
  echo "replica-$i: pid $!, http://127.0.0.1:$port"
done

echo "Waiting (at most ${DEMO_TIMEOUT}s) until every replica is ready..."
deadline=$((SECONDS + DEMO_TIMEOUT))
for i in $(seq 1 "$N"); do
  port=$((BASE_PORT + i))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness" || true)" == "200" ]]; do
    if ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then
      echo "replica-$i ended early; its log:" >&2
      tail -n 30 "$work/replica-$i.log" >&2
      exit 1
    fi
    if ((SECONDS > deadline)); then
      echo "replica-$i was not ready within ${DEMO_TIMEOUT}s" >&2
      exit 1
    fi
    sleep 0.5
  done
done

echo
echo "What each replica's log says about migrating:"
applied=0
for i in $(seq 1 "$N"); do
  log="$work/replica-$i.log"
  echo "--- replica-$i"
  grep -E 'migrate: |Migrating |Applied |Waiting .* for the migration lock|Took the migration lock|Nothing to do|up to date' "$log" \
    | sed -E 's/^.*(INFO|WARN|ERROR) [0-9]+ --- \[[^]]*\] \[ *[^]]*\] [^:]*: /  /' || true
  if grep -q 'migrate: ran ' "$log"; then
    applied=$((applied + 1))
  fi
done

echo
echo "$applied of $N replicas applied migrations; the others waited or found the schema up to date."
echo "History: $(psql -At -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" -c 'select count(*) from gorp_migrations') rows in gorp_migrations."
curl -s "http://127.0.0.1:$((BASE_PORT + 1))/notes"
echo
echo "Stopping the replicas."
