#!/usr/bin/env bash
# Serve Zhongshu on $HOST:$PORT with the huey consumer beside it; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
mkdir -p var

"$PY" manage.py migrate --noinput
if [ ! -f var/.demo-loaded ]; then
    "$PY" manage.py demo ${DEMO_PASSWORD:+--password "$DEMO_PASSWORD"}
    touch var/.demo-loaded
fi

pids=()
stop() {
    trap - INT TERM EXIT
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

"$PY" manage.py run_huey --quiet &
pids+=($!)
"$(dirname "$PY")/gunicorn" zhongshu.wsgi:application \
    --bind "$HOST:$PORT" --workers "${WEB_WORKERS:-2}" --threads 4 \
    --access-logfile - --graceful-timeout 5 &
pids+=($!)
echo "Zhongshu is running at http://$HOST:$PORT/ (Ctrl-C to stop)"
wait -n "${pids[@]}"
