#!/usr/bin/env bash
# Memory under large mail over STARTTLS: COUNT (20) clients send one SIZE (20 MiB) message each at the same time,
# over STARTTLS, to an open endpoint of the published app whose rule set relays to Postfix's smtp-sink. Prints the
# app's RSS before the load and its peak (VmHWM) once every message is delivered. Bodies stream to the spool and
# from it, so the peak must stay far below COUNT x SIZE (target: under 250 MB). Loopback only.
# Needs postfix (smtp-sink), sqlite3 and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-20}
SIZE=${SIZE:-$((20 * 1024 * 1024))}

source bench/lib.sh
need smtp-sink postfix; need sqlite3 sqlite3; need python3 python3

publish_app
start_sink
data="$work/data" port=$(free_port)
start_app "$data" "$port" "$work/app.log"
# A first small message warms the TLS and delivery paths up, as in a running gateway.
python3 bench/large-tls-client.py "$port" 1 1024 >/dev/null
until [ "$(delivered "$data")" -ge 1 ]; do sleep 0.2; done
before=$(rss_mb "$APP_PID" VmRSS)

t0=$(now)
python3 bench/large-tls-client.py "$port" "$COUNT" "$SIZE"
t1=$(now)
until [ "$(delivered "$data")" -ge $((COUNT + 1)) ]; do
  sleep 0.2
  if [ "$(echo "$(now) - $t1 > 300" | bc)" = 1 ]; then echo "bench: delivery did not finish in 5 minutes" >&2; break; fi
done
t2=$(now)
peak=$(rss_mb "$APP_PID" VmHWM)
printf '%s messages of %s octets over STARTTLS: accepted in %.1f s, delivered in %.1f s; RSS before %s MB, peak %s MB\n' \
  "$COUNT" "$SIZE" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$t2 - $t0" | bc -l)" "$before" "$peak"
