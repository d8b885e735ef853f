#!/usr/bin/env bash
# Profiles the published app under bench/smtp-ingress.sh's load (20 sessions, MESSAGES (5,000) messages of SIZE
# (1 KB), relayed to smtp-sink), after WARMUP (5,000) unmeasured messages (see smtp-ingress.sh on the JIT):
# - perf, system-wide, with perf maps for JIT-compiled code: CPU per process, and the app's hottest symbols;
# - dotnet-counters (System.Runtime): garbage collections, GC pause time, thread-pool threads and queue, lock
#   contention, sampled every second;
# - with SYSCALLS=1, perf stat: the app's system calls per message (tracing them adds kernel time);
# - with --trace, a dotnet-trace of the same run (thread-time and contention), kept in $OUT.
# The raw files stay in OUT (default /tmp/mm-profile). SEED_FLAGS as for smtp-ingress.sh. Loopback only.
# Needs postfix (smtp-source, smtp-sink), sqlite3, perf, and `dotnet tool restore` for the counters and trace.
set -euo pipefail
cd "$(dirname "$0")/.."

TRACE=0
[ "${1:-}" = "--trace" ] && TRACE=1
MESSAGES=${MESSAGES:-5000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-1024}
WARMUP=${WARMUP:-5000}
OUT=${OUT:-/tmp/mm-profile}
TOP=${TOP:-40}

source bench/lib.sh
need smtp-source postfix; need smtp-sink postfix; need sqlite3 sqlite3; need perf linux-perf
dotnet tool restore >/dev/null
rm -rf "$OUT"; mkdir -p "$OUT"

publish_app
start_sink
data="$work/data"; port=$(free_port)
# Without W^X double mapping, JIT-compiled code lives where the perf map says it does.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
start_app "$data" "$port" "$OUT/app.log"
app=$APP_PID
smtp-source -s "$SESSIONS" -l "$SIZE" -m "$WARMUP" -f bench@example.org -t sink@example.com 127.0.0.1:"$port"
until [ "$(delivered "$data")" -ge "$WARMUP" ]; do sleep 0.2; done

dotnet dotnet-counters collect -p "$app" --format csv -o "$OUT/counters.csv" --refresh-interval 1 \
  --counters System.Runtime >/dev/null 2>&1 &
counters=$!
tracer=""
if [ $TRACE = 1 ]; then
  dotnet dotnet-trace collect -p "$app" -o "$OUT/app.nettrace" --profile dotnet-sampled-thread-time,dotnet-common >/dev/null 2>&1 &
  tracer=$!
fi
perf record -a -g -F 499 -o "$OUT/perf.data" >/dev/null 2>&1 &
recorder=$!
syscalls=""
if [ "${SYSCALLS:-0}" = 1 ]; then
  # Tracing every system call costs kernel time of its own: off unless asked for.
  perf stat -e 'syscalls:sys_enter_*' -p "$app" -o "$OUT/syscalls.txt" >/dev/null 2>&1 &
  syscalls=$!
fi
sleep 1
target=$((MESSAGES + WARMUP)); t0=$(now)
smtp-source -s "$SESSIONS" -l "$SIZE" -m "$MESSAGES" -f bench@example.org -t sink@example.com 127.0.0.1:"$port"
t1=$(now)
until [ "$(delivered "$data")" -ge "$target" ]; do sleep 0.1; done
t2=$(now)
kill -INT "$recorder" $syscalls; wait "$recorder" $syscalls 2>/dev/null || true
# dotnet-counters ignores SIGINT without a terminal; the csv is written as it goes.
pkill -TERM -P "$counters" 2>/dev/null || true; kill "$counters" 2>/dev/null || true; wait "$counters" 2>/dev/null || true
if [ -n "$tracer" ]; then pkill -INT -P "$tracer" 2>/dev/null || true; wait "$tracer" 2>/dev/null || true; fi
printf 'accepted %.0f msg/s, delivered %.0f msg/s, peak RSS %s MB\n' \
  "$(echo "$MESSAGES / ($t1 - $t0)" | bc -l)" "$(echo "$MESSAGES / ($t2 - $t0)" | bc -l)" "$(rss_mb "$app" VmHWM)"
kill "$app"; wait "$app" 2>/dev/null || true

echo "CPU by process (% of all samples, both cores):"
perf script -i "$OUT/perf.data" -F pid,comm 2>/dev/null | awk '{n[$1]++; if (!($1 in c)) c[$1]=$2; t++} END {for (p in n) printf "%6.1f%%  %s %s\n", 100*n[p]/t, p, c[p]}' | sort -rn | head -12 || true
echo "the app's hottest symbols (self, % of all samples):"
perf report -i "$OUT/perf.data" --no-children --pid "$app" --sort dso,symbol --stdio 2>/dev/null \
  | grep -E "^ +[0-9.]+%" | head -"$TOP" || true # head's early exit is not a failure
awk -f bench/counters-summary.awk "$OUT/counters.csv"
if [ -n "$syscalls" ]; then
  echo "the app's system calls per message (measured run):"
  awk -v m="$MESSAGES" '$2 ~ /^syscalls:sys_enter_/ {gsub(",", "", $1); if ($1 > 0) printf "%8.2f  %s\n", $1 / m, substr($2, 20)}' "$OUT/syscalls.txt" | sort -rn | head -15 || true
fi
