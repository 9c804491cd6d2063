#!/usr/bin/env bash
# Serve Zhongshu on $HOST:$PORT with the huey consumer beside it; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
mkdir -p var

# PDFs embed a TrueType Chinese font so they print on any machine; install one when we can.
if [ -z "${PDF_CJK_FONT:-}" ] && [ ! -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ -z "${SKIP_FONT_INSTALL:-}" ]; then
        echo "Installing fonts-wqy-zenhei so that PDFs embed a Chinese font ..."
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            fonts-wqy-zenhei >/dev/null; } || echo "Could not install fonts-wqy-zenhei."
    else
        echo "No Chinese TrueType font: install fonts-wqy-zenhei (apt) or set PDF_CJK_FONT" \
            "to a .ttf/.ttc file, or PDFs will not embed their font."
    fi
fi

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
