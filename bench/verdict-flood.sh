#!/usr/bin/env bash
# Does a flood of refused sessions slow acceptance? One app, two open endpoints: one allows everything and relays to
# Postfix's smtp-sink, the other's traffic policy denies every recipient. Alternating rounds measure acceptance
# (MESSAGES 1 KB messages over SESSIONS parallel connections, one per message; throughput and the latency from the end
# of DATA to the 250) alone, then during a flood of FLOOD_SESSIONS parallel clients opening sessions to the deny
# endpoint (RCPTS refused recipients each, then QUIT) at FLOOD_RATE sessions per second, then as fast as they can.
# The verdict log records every flood session. Prints the medians over ROUNDS, the floods' rates, and what the
# verdict log holds and dropped. Loopback only; the clients (Python) share the machine's cores with the app.
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=${MESSAGES:-2000}
SESSIONS=${SESSIONS:-20}
FLOOD_SESSIONS=${FLOOD_SESSIONS:-20}
RCPTS=${RCPTS:-3}
FLOOD_RATE=${FLOOD_RATE:-300}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-500}

source bench/lib.sh
need python3 python3; need sqlite3 sqlite3; need smtp-sink postfix; need bc bc

publish_app
start_sink
data="$work/data"; port=$(free_port); deny=$(free_port)
# Both loads come from 127.0.0.1: the per-address connection limit (50) would turn sessions away.
export MailManager__Smtp__MaxConnectionsPerClientIp=1000 MailManager__Smtp__MaxConnectionsPerEndpoint=1000
MM_BENCH_DENY_PORT=$deny start_app "$data" "$port" "$work/app.log"
wait_port "$deny"
client=bench/verdict-flood-client.py

echo "bench: warm-up ($WARMUP messages, a short flood)"
python3 "$client" accept "$port" "$WARMUP" "$SESSIONS" >/dev/null
rm -f "$work/stop"; python3 "$client" flood "$deny" "$work/stop" "$FLOOD_SESSIONS" "$RCPTS" 0 >/dev/null & flood=$!
sleep 3; touch "$work/stop"; wait "$flood"

flooded_run() { # rate -> the acceptance figures; the flood's own in $work/flood-last
  rm -f "$work/stop"
  python3 "$client" flood "$deny" "$work/stop" "$FLOOD_SESSIONS" "$RCPTS" "$1" >"$work/flood-last" & local flood=$!
  sleep 1 # the flood is at speed before acceptance is measured
  python3 "$client" accept "$port" "$MESSAGES" "$SESSIONS"
  touch "$work/stop"; wait "$flood"
}

alone=(); capped=(); full=(); capped_rate=(); full_rate=()
for round in $(seq 1 "$ROUNDS"); do
  alone+=("$(python3 "$client" accept "$port" "$MESSAGES" "$SESSIONS")")
  capped+=("$(flooded_run "$FLOOD_RATE")"); capped_rate+=("$(cat "$work/flood-last")")
  full+=("$(flooded_run 0)"); full_rate+=("$(cat "$work/flood-last")")
  echo "bench: round $round: alone ${alone[-1]} | flood $FLOOD_RATE/s ${capped[-1]} (${capped_rate[-1]}) | flood unlimited ${full[-1]} (${full_rate[-1]})"
done

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
column_median() { local i=$1; shift; for row in "$@"; do echo "$row" | awk -v i="$i" '{print $i}'; done | median; }

# The writer drains what the flood queued before the log is counted.
sleep 2
sessions=$(sqlite3 "$data/verdicts.db" "select count(*) from Sessions s where s.IngressPointName='bench-deny'")
refused=$(sqlite3 "$data/verdicts.db" "select count(*) from RecipientVerdicts r join Sessions s on s.Id=r.SessionLogEntryId where s.IngressPointName='bench-deny' and r.Verdict='Reject'")
dropped=$({ grep -o 'Verdict log: [0-9]* sessions were not recorded' "$work/app.log" || true; } | awk '{s+=$3} END {print s+0}')
rate_median() { for f in "$@"; do echo "$f"; done | awk '{print $1}' | median; }

row() { # label rows...
  local label=$1; shift
  printf '%-34s %8s %8s %8s %8s %8s\n' "$label" "$(column_median 1 "$@")" "$(column_median 2 "$@")" \
    "$(column_median 3 "$@")" "$(column_median 4 "$@")" "$(column_median 5 "$@")"
}
printf '\n%-34s %8s %8s %8s %8s %8s\n' "acceptance (medians of $ROUNDS)" "msg/s" "p50 ms" "p90 ms" "p99 ms" "max ms"
row "alone" "${alone[@]}"
row "flood of $(rate_median "${capped_rate[@]}") refused sessions/s" "${capped[@]}"
row "flood of $(rate_median "${full_rate[@]}") refused sessions/s" "${full[@]}"
echo
echo "floods: $FLOOD_SESSIONS clients, $RCPTS refused recipients per session"
echo "verdict log: $sessions flood sessions and $refused refused recipients recorded, $dropped sessions dropped (queue full)"
echo "app peak RSS: $(rss_mb "$APP_PID" VmHWM) MB"
