#!/usr/bin/env bash
# Serve Zhongshu on $HOST:$PORT with the huey consumer beside it; Ctrl-C stops both, cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
# Settings read HOST and PORT: SITE_URL (QR codes, feeds, e-mail links) and ALLOWED_HOSTS follow
# them unless set, with the machine's LAN address when HOST=0.0.0.0.
export HOST=${HOST:-127.0.0.1} PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-zhongshu.settings}
DEMO_USERS="supervisor clerk logistics leader dept_head employee driver auditor"
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

# The address settings worked out, and the site's time zone: gunicorn's lines take the process's
# TZ, Django's take TIME_ZONE, so both stamp their lines in the same zone.
{ read -r SITE_URL; read -r TIME_ZONE; } < <("$PY" -c \
    'from django.conf import settings as s; print(s.SITE_URL); print(s.TIME_ZONE)')
export SITE_URL TZ=$TIME_ZONE

echo "Preparing the database ..."
"$PY" manage.py migrate --noinput --verbosity 0
password_note="the one printed by the first \`make run\`; forgot it? DEMO_PASSWORD=<new> make run sets a new one"
if [ ! -f var/.demo-loaded ]; then
    demo_output=$("$PY" manage.py demo ${DEMO_PASSWORD:+--password "$DEMO_PASSWORD"})
    echo "$demo_output"
    touch var/.demo-loaded
    password_note="$(sed -n 's/^ *password: //p' <<<"$demo_output")"
elif [ -n "${DEMO_PASSWORD:-}" ]; then
    "$PY" manage.py demo --password "$DEMO_PASSWORD" >/dev/null
    password_note="$DEMO_PASSWORD (set from DEMO_PASSWORD)"
fi

pids=()
stop_children() {
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop_children EXIT
# Ctrl-C (or a TERM) is how one stops the server: not an error, so exit 0 and make stays quiet.
trap 'echo; echo "Stopping Zhongshu ..."; exit 0' INT TERM

# In their own sessions, so Ctrl-C reaches only this script, which stops both with a TERM:
# gunicorn then lets its workers finish instead of killing them after the grace period.
setsid "$PY" manage.py run_huey --quiet &
pids+=($!)
setsid "$(dirname "$PY")/gunicorn" zhongshu.wsgi:application \
    --bind "$HOST:$PORT" --workers "${WEB_WORKERS:-2}" --threads 4 \
    --access-logfile - --log-level warning --graceful-timeout 5 &
pids+=($!)

# Say how to log in once the server answers (or after 30 s if it is slow to start).
case $HOST in 0.0.0.0 | "::") probe_host=127.0.0.1 ;; *) probe_host=$HOST ;; esac
for _ in $(seq 150); do
    (exec 3<>"/dev/tcp/$probe_host/$PORT") 2>/dev/null && break
    sleep 0.2
done
echo
echo "  Zhongshu is running at $SITE_URL/"
if [ "$probe_host" != "$HOST" ]; then
    echo "  (phones on this network open that address; on this machine also http://127.0.0.1:$PORT/)"
fi
echo "  Log in as one of: $DEMO_USERS"
echo "  Password: $password_note"
echo "  Ctrl-C stops the server."
echo

status=0
wait -n "${pids[@]}" || status=$?
echo "A Zhongshu process stopped by itself (exit status $status); stopping the other." >&2
exit $((status ? status : 1))
