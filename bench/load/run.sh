#!/usr/bin/env bash
# The load test in one command: `mentora serve` (gunicorn) and `mentora worker` (the job queue:
# a large cohort's report is computed there) on PostgreSQL with the national program loaded,
# and bench/load/client.py from a second process on loopback.
#
#   bench/load/run.sh                     # 50 clients, at most 3,000 requests or 300 s
#   CLIENTS=10 REQUESTS=500 bench/load/run.sh
#   WEIGHTS='report page=0' bench/load/run.sh   # the mix without the report page
#
# Needs the program generated first (once; docs/benchmarks.md):
#   createdb -h 127.0.0.1 -U postgres mentora_national
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_national \
#       .venv/bin/python bench/national/generate.py
#
# Environment: DATABASE_URL (default the database above), PORT (8765), CLIENTS (50),
# REQUESTS (3000), DURATION (300 s), WEIGHTS (changes to the mix of actions, see client.py),
# LINKS (survey links to hand out, 1500), OUT (var/load: plan, result, server log), and the
# server's own: GUNICORN_WORKERS, GUNICORN_THREADS, DB_CONN_MAX_AGE (60 here, as .env.example
# suggests).
set -euo pipefail
cd "$(dirname "$0")/../.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mentora_national}"
export DB_CONN_MAX_AGE="${DB_CONN_MAX_AGE:-60}"
export JOBS_SYNC=false  # as in production: tasks go to the worker, never run in a request
PORT="${PORT:-8765}"
OUT="${OUT:-var/load}"
mkdir -p "$OUT"

.venv/bin/mentora migrate --verbosity 0
.venv/bin/python bench/load/prepare.py --links "${LINKS:-1500}" --out "$OUT/plan.json"

.venv/bin/mentora serve "127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
WORKER=
stop() {
    kill "$SERVER" $WORKER 2>/dev/null || true
    wait "$SERVER" $WORKER 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 120); do
    if curl -fs "http://127.0.0.1:$PORT/health/" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER" 2>/dev/null; then cat "$OUT/server.log"; exit 1; fi
    sleep 1
done
head -n 3 "$OUT/server.log" | grep -i "gunicorn" || true
.venv/bin/mentora worker >"$OUT/worker.log" 2>&1 &  # after serve has migrated
WORKER=$!

.venv/bin/python bench/load/client.py --base "http://127.0.0.1:$PORT" --plan "$OUT/plan.json" \
    --clients "${CLIENTS:-50}" --requests "${REQUESTS:-3000}" --duration "${DURATION:-300}" \
    --weights "${WEIGHTS:-}" --out "$OUT/result.json"
