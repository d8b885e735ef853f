#!/usr/bin/env bash
# Holds SESSIONS (10,000) idle SMTP sessions (banner read, EHLO said) on the published app's open endpoint and
# prints its RSS before, with all of them open, and its peak. Target (issue 13): under 300 MB. The per-endpoint and
# per-IP session limits are raised for the run (all sessions come from 127.0.0.1). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-10000}

source bench/lib.sh
need smtp-sink postfix; need sqlite3 sqlite3
# Each side holds one descriptor per session.
ulimit -n "$(ulimit -Hn)"

publish_app
start_sink
data="$work/data"; port=$(free_port)
export MailManager__Smtp__MaxConnectionsPerEndpoint=$((SESSIONS * 2)) MailManager__Smtp__MaxConnectionsPerClientIp=$((SESSIONS * 2))
start_app "$data" "$port" "$work/app.log"
app=$APP_PID
before=$(rss_mb "$app" VmRSS)
mkfifo "$work/hold"
python3 bench/smtp-idle-client.py 127.0.0.1 "$port" "$SESSIONS" <"$work/hold" >"$work/client.out" &
client=$!
exec 3>"$work/hold"
until grep -q '^open' "$work/client.out" 2>/dev/null; do sleep 0.5; kill -0 "$client" 2>/dev/null || break; done
opened=$(cat "$work/client.out")
held=$(rss_mb "$app" VmRSS)
exec 3>&-
wait "$client" || true
echo "idle sessions: $opened; app RSS ${before} MB before, ${held} MB with them open, peak $(rss_mb "$app" VmHWM) MB"
