#!/usr/bin/env bash
# Load test: gunicorn (2 workers, 127.0.0.1 only) + locust headless, on SQLite and on PostgreSQL.
#
#   bench/loadtest.sh                         # both databases, scale 0.1, 50 officers, 2 minutes
#   bench/loadtest.sh --db sqlite --scale 1 --users 50 --time 2m
#   bench/loadtest.sh --db postgres --pgport 55432
#
# For each database:
#   1. the data set: SQLite, a fresh copy of the benchmark database of that scale
#      (/tmp/phongtrao-bench-<scale>.sqlite3, generated first if missing) so that every run
#      starts from the same rows; PostgreSQL, a throwaway cluster (initdb as in .ci/run, on
#      127.0.0.1:--pgport, 55432 unless taken) into which the data set is generated;
#   2. gunicorn phongtrao.wsgi with 2 sync workers on 127.0.0.1:--port, settings
#      bench.settings_bench (DEBUG off), its log in the output directory;
#   3. locust -f bench/locustfile.py --headless -u USERS -r 10 -t TIME --only-summary --csv,
#      officers of the generated data set logging in with the generator's password;
#   4. checks: locust's failures, "database is locked" in gunicorn's log, and every progress
#      report locust saw accepted (302) stored in ProgressReport, none lost, none twice.
# Results: var/bench/load-<date>/ (CSV, logs, summary.txt). Exit status 1 when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PY=${PY:-$REPO/.venv/bin/python}
DBS="sqlite postgres"; SCALE=0.1; USERS=50; TIME=2m; PORT=8765; PGPORT=${PGPORT:-55432}; SPAWN=5
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DBS=${2/both/sqlite postgres}; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --users) USERS=$2; shift 2 ;;
    --time) TIME=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --pgport) PGPORT=$2; shift 2 ;;
    --spawn-rate) SPAWN=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
OUT=$REPO/var/bench/load-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
SUMMARY=$OUT/summary.txt
status=0
GUNICORN_PID=""; PGDATA=""; PGBIN=""

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup() {
  if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
  if [ -n "$PGDATA" ]; then
    su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$PGDATA"
  fi
}
trap cleanup EXIT

start_postgres() {
  PGBIN=$(ls -d /usr/lib/postgresql/1[5-9]/bin 2>/dev/null | head -n1)
  [ -n "$PGBIN" ] || { echo "PostgreSQL 15+ is not installed" >&2; return 1; }
  while port_taken "$PGPORT"; do PGPORT=$((PGPORT + 1)); done
  PGDATA=$(mktemp -d /tmp/phongtrao-loadpg.XXXXXX)
  chown postgres:postgres "$PGDATA"; chmod 700 "$PGDATA"
  su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -o '-c listen_addresses=127.0.0.1 -p $PGPORT -k /tmp -c max_connections=200' -w start" >/dev/null
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE phongtrao_load ENCODING 'UTF8' TEMPLATE template0"
  url="postgresql://postgres@127.0.0.1:$PGPORT/phongtrao_load"
}

start_gunicorn() {  # $1 = database URL, $2 = name
  while port_taken "$PORT"; do PORT=$((PORT + 1)); done
  DATABASE_URL=$1 DJANGO_SETTINGS_MODULE=bench.settings_bench "$REPO/.venv/bin/gunicorn" phongtrao.wsgi:application \
    --chdir "$REPO" --workers 2 --bind "127.0.0.1:$PORT" --timeout 120 --capture-output --no-control-socket \
    --error-logfile "$OUT/gunicorn-$2.log" --access-logfile "$OUT/access-$2.log" \
    --access-logformat '%(t)s "%(r)s" %(s)s %(b)s %(M)sms' &
  GUNICORN_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/login/" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "gunicorn did not answer on 127.0.0.1:$PORT" >&2
  return 1
}

stop_gunicorn() {
  kill "$GUNICORN_PID" 2>/dev/null || true
  wait "$GUNICORN_PID" 2>/dev/null || true
  GUNICORN_PID=""
}

{
  echo "Load test $(date -Is): scale $SCALE, $USERS officers, $TIME, gunicorn 2 workers on 127.0.0.1"
  echo "Command: bench/loadtest.sh --db '$DBS' --scale $SCALE --users $USERS --time $TIME"
} | tee "$SUMMARY"

for db in $DBS; do
  echo "== $db" | tee -a "$SUMMARY"
  case "$db" in
    sqlite)
      source_db=$("$PY" -c "import sys; print(f'/tmp/phongtrao-bench-{float(sys.argv[1]):g}.sqlite3')" "$SCALE")
      DATABASE_URL="sqlite:///$source_db" "$PY" bench/common.py prepare --scale "$SCALE"
      url="sqlite:///$OUT/load.sqlite3"
      "$PY" bench/common.py copy-sqlite "$source_db" "$OUT/load.sqlite3"
      ;;
    postgres)
      start_postgres
      echo "Generating the data set in $url ..."
      DATABASE_URL=$url "$PY" bench/common.py prepare --scale "$SCALE"
      ;;
    *) echo "unknown database $db" >&2; exit 2 ;;
  esac
  DATABASE_URL=$url "$PY" bench/common.py machine --scale "$SCALE" | tee -a "$SUMMARY"
  DATABASE_URL=$url "$PY" bench/common.py accounts --count "$USERS" --out "$OUT/accounts.json" | tee -a "$SUMMARY"
  start_gunicorn "$url" "$db"
  run_id="$db-$(date +%H%M%S)"
  LOAD_USERS=$OUT/accounts.json LOAD_SUBMITTED=$OUT/submitted-$db.json LOAD_RUN=$run_id \
    "$REPO/.venv/bin/locust" -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN" -t "$TIME" --stop-timeout 10 \
    --only-summary --csv "$OUT/locust-$db" --host "http://127.0.0.1:$PORT" --exit-code-on-error 0 \
    >"$OUT/locust-$db.log" 2>&1
  stop_gunicorn
  "$PY" bench/common.py summary "$OUT/locust-$db" --label "$db" | tee -a "$SUMMARY"
  locked=$(grep -c "database is locked" "$OUT/gunicorn-$db.log" || true)
  errors=$(grep -c "Traceback" "$OUT/gunicorn-$db.log" || true)
  echo "gunicorn log: $locked \"database is locked\", $errors tracebacks" | tee -a "$SUMMARY"
  if verify=$(DATABASE_URL=$url "$PY" bench/common.py verify "$OUT/submitted-$db.json"); then
    echo "progress reports: $verify (no lost write)" | tee -a "$SUMMARY"
  else
    echo "progress reports: $verify LOST OR DUPLICATED WRITES" | tee -a "$SUMMARY"; status=1
  fi
  failures=$(awk -F, '$2=="Aggregated"{print $4}' "$OUT/locust-${db}_stats.csv")
  if [ "$failures" != "0" ] || [ "$locked" != "0" ]; then status=1; fi
  if [ "$db" = postgres ]; then cleanup; PGDATA=""; fi  # the cluster is thrown away now
  echo | tee -a "$SUMMARY"
done
echo "Results in $OUT" | tee -a "$SUMMARY"
exit $status
