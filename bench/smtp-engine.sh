#!/usr/bin/env bash
# The SMTP engine alone (bench/MailManager.EngineHost: no storage, rule sets or delivery) under Postfix's
# smtp-source: 20 sessions, MESSAGES (5,000) messages of SIZE (1 KB), one connection per message. Prints messages
# per second for a sink that discards the body and for one that fsyncs a new file per message, with the bytes
# allocated per message and the garbage collections of the measured run. With --perf, records
# the discard run with perf (JIT-compiled frames resolved through perf maps) and prints the hottest symbols.
# Loopback only. Needs postfix (smtp-source) and, for --perf, perf.
set -euo pipefail
cd "$(dirname "$0")/.."

PERF=0
[ "${1:-}" = "--perf" ] && PERF=1
MESSAGES=${MESSAGES:-5000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-1024}
WARMUP=${WARMUP:-1000}

source bench/lib.sh
need smtp-source postfix
[ $PERF = 1 ] && need perf linux-perf

dotnet build bench/MailManager.EngineHost -c Release -o "$work/engine" --nologo -v quiet >/dev/null

run() { # sink -> messages per second
  local port; port=$(free_port)
  # Without W^X double mapping, JIT-compiled code lives where the perf map says it does.
  DOTNET_PerfMapEnabled=$PERF DOTNET_EnableWriteXorExecute=$((1 - PERF)) dotnet "$work/engine/MailManager.EngineHost.dll" "$port" "$1" >"$work/engine-$1.log" 2>&1 &
  local host=$!; pids+=($host)
  wait_port "$port"
  smtp-source -s "$SESSIONS" -l "$SIZE" -m "$WARMUP" -f bench@example.org -t sink@example.com 127.0.0.1:"$port"
  local recorder=""
  if [ $PERF = 1 ] && [ "$1" = discard ]; then
    perf record -F 999 -g -p "$host" -o "$work/perf.data" >/dev/null 2>&1 &
    recorder=$!
    sleep 0.5
  fi
  kill -HUP "$host"
  local t0 t1; t0=$(now)
  smtp-source -s "$SESSIONS" -l "$SIZE" -m "$MESSAGES" -f bench@example.org -t sink@example.com 127.0.0.1:"$port"
  t1=$(now)
  kill -HUP "$host"
  until [ "$(grep -c '^allocated' "$work/engine-$1.log")" -ge 2 ]; do sleep 0.1; done
  if [ -n "$recorder" ]; then kill -INT "$recorder"; wait "$recorder" 2>/dev/null || true; fi
  kill "$host"; wait "$host" 2>/dev/null || true
  echo "$MESSAGES / ($t1 - $t0)" | bc -l
}

printf '%-10s %12s  %s\n' sink messages/s "memory, measured run"
for sink in discard fsync; do
  rate=$(run "$sink")
  printf '%-10s %12.0f  %s\n' "$sink" "$rate" "$(grep '^allocated' "$work/engine-$sink.log" | tail -1)"
done
if [ $PERF = 1 ]; then
  echo "hottest symbols, discard sink (self time, % of samples):"
  perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -E "^ +[0-9.]+%" | head -"${TOP:-40}"
fi
