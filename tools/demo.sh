#!/usr/bin/env bash
# Run the demo: the task worker in the background, gunicorn in the foreground.
#
# Called by `make demo` after install, migrate, demo-data and collectstatic.
# Ctrl-C (or any exit) stops the worker too.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=config.settings.dev
PY=.venv/bin/python
BIND=${YAKUBA_DEMO_BIND:-127.0.0.1:8000}
BASE_URL="http://$BIND"

mkdir -p var/log
# The demo's mail server: a real SMTP server on 127.0.0.1:1025 (the default mailer)
# that stores every message in the maildir var/mail/ (confirmation mails, alerts).
mailbox_pid=""
if ! (exec 3<>/dev/tcp/127.0.0.1/1025) 2>/dev/null; then
    mkdir -p var/mail/cur var/mail/new var/mail/tmp
    "$PY" -m aiosmtpd -n -l 127.0.0.1:1025 -c aiosmtpd.handlers.Mailbox var/mail \
        >>var/log/mailbox.log 2>&1 &
    mailbox_pid=$!
fi
for _ in $(seq 50); do  # the worker sends at once: wait until the mailbox answers
    (exec 3<>/dev/tcp/127.0.0.1/1025) 2>/dev/null && break
    sleep 0.1
done
# Every queue (default, mail, bulk); the worker's log goes to a file so the
# terminal shows the server and the URLs.
"$PY" manage.py db_worker --queue-name '*' >>var/log/worker.log 2>&1 &
worker_pid=$!
# Scheduled alerts: a self-rescheduling task on the worker releases them when due.
"$PY" manage.py alerts_release_due --start-ticker >>var/log/worker.log 2>&1 || true
# Facilities: unpaid expiry, waitlist offers, reminders, lottery periods (every 5 minutes).
"$PY" manage.py facilities_tick --start-ticker >>var/log/worker.log 2>&1 || true
stop_worker() {
    for pid in "$worker_pid" $mailbox_pid; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat <<EOF

  yakuba demo — 武蔵村山市 (132233)
  ------------------------------------------------------------
  Citizen site   $BASE_URL/
  Staff console  $BASE_URL/staff/
  Health check   $BASE_URL/healthz
  Task worker    pid $worker_pid (log: var/log/worker.log)
  Mail (SMTP)    127.0.0.1:1025, every message kept in var/mail/ (maildir)
  Alerts         $BASE_URL/alerts/  (feeds: /alerts/feed.atom, /alerts/cap.atom)

EOF
if [ -s var/demo-logins.txt ]; then
    cat var/demo-logins.txt
else
    cat <<'EOF'
  Demo logins (password for all: yakuba-demo-2026)
    citizen        hanako@example.jp
    staff (市民課)  shimin@city.musashimurayama.example.lg.jp
    administrator  admin@city.musashimurayama.example.lg.jp
  Staff accounts need a TOTP code; their secrets are in var/demo-logins.txt
  once `python -m yakuba demo-data` has run.
EOF
fi
echo
echo "  Stop with Ctrl-C."
echo

# No gunicorn access log: it would print query strings (personal data); the
# request log of yakuba.core.middleware carries route patterns instead.
# Not exec: the EXIT trap must still run to stop the worker.
.venv/bin/gunicorn config.wsgi --bind "$BIND" --workers 2 --log-level warning &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; exit 130' INT
trap 'kill "$server_pid" 2>/dev/null || true; exit 143' TERM
wait "$server_pid"
