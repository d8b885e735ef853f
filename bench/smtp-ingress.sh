#!/usr/bin/env bash
# Loads an open ingress endpoint whose rule set relays to Postfix's smtp-sink, with Postfix's smtp-source:
# 20 sessions, 5,000 messages of 1 KB, then of 20 KB. Prints messages per second accepted (smtp-source
# done) and delivered end to end (every message Delivered in the message log), and the app's peak RSS.
# Each server first gets WARMUP (500) unmeasured messages. --vs-postfix runs the same load, alternating, against a private Postfix instance relaying to the same
# smtp-sink, and prints the ratios. --policy20 puts the largest traffic policy SES allows on the endpoint (20 statements
# of 10 conditions, every recipient decided by all of them). --rules40 puts the largest rule set SES allows on it (40 rules,
# 39 of 10 conditions that do not hold, then one that adds a header and relays). --latency adds, after each server's throughput run and with
# its delivery still running, LATENCY_MESSAGES (3,000) messages from bench/smtp-latency.py (20 sessions, one connection per
# message): percentiles from the end of DATA to the reply and of whole transactions, and first the client's own ceiling
# against smtp-sink alone. Loopback only. Needs postfix (smtp-source, smtp-sink) and sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."

VS_POSTFIX=0
LATENCY=0
LATENCY_MESSAGES=${LATENCY_MESSAGES:-3000}
SEED_FLAGS=""
for arg in "$@"; do
  case $arg in
    --vs-postfix) VS_POSTFIX=1 ;;
    --policy20) SEED_FLAGS="$SEED_FLAGS policy20" ;;
    --rules40) SEED_FLAGS="$SEED_FLAGS rules40" ;;
    --latency) LATENCY=1 ;;
    *) echo "usage: bench/smtp-ingress.sh [--vs-postfix] [--policy20] [--rules40] [--latency]" >&2; exit 2 ;;
  esac
done
export SEED_FLAGS
MESSAGES=${MESSAGES:-5000}
SESSIONS=${SESSIONS:-20}
SIZES=${SIZES:-"1024 20480"}
ROUNDS=${ROUNDS:-1}
# Both servers get the same unmeasured warm-up first: a gateway runs for months, so the one-time JIT
# compilation of a freshly started .NET process is not what its throughput is about.
WARMUP=${WARMUP:-500}

source bench/lib.sh
need smtp-source postfix; need smtp-sink postfix; need sqlite3 sqlite3

publish_app
start_sink

warm_up() { # port size
  [ "$WARMUP" -gt 0 ] && smtp-source -s "$SESSIONS" -l "$2" -m "$WARMUP" -f bench@example.org -t sink@example.com 127.0.0.1:"$1"
  return 0
}

run_mailmanager() { # size -> "accepted_rate delivered_rate peak_rss_mb"
  local size=$1 data="$work/data-$1-$RANDOM" port; port=$(free_port)
  start_app "$data" "$port" "$work/app-$size.log"
  local app=$APP_PID
  warm_up "$port" "$size"
  until [ "$(delivered "$data")" -ge "$WARMUP" ]; do sleep 0.2; done
  local target=$((MESSAGES + WARMUP))
  local t0 t1 t2; t0=$(now)
  smtp-source -s "$SESSIONS" -l "$size" -m "$MESSAGES" -f bench@example.org -t sink@example.com 127.0.0.1:"$port"
  t1=$(now)
  until [ "$(delivered "$data")" -ge "$target" ]; do
    sleep 0.2
    if [ "$(echo "$(now) - $t1 > 600" | bc)" = 1 ]; then echo "bench: delivery did not finish in 10 minutes" >&2; break; fi
  done
  t2=$(now)
  [ $LATENCY = 1 ] && latency "$port" "$size" >"$work/latency-mailmanager-$size"
  local rss; rss=$(rss_mb "$app" VmHWM)
  kill "$app"; wait "$app" 2>/dev/null || true
  echo "$(echo "$MESSAGES / ($t1 - $t0)" | bc -l) $(echo "$MESSAGES / ($t2 - $t0)" | bc -l) $rss"
}

start_postfix() {
  POSTFIX_DIR="$work/postfix"; mkdir -p "$POSTFIX_DIR" "$work/pf-queue" "$work/pf-data"
  # Postfix's own user must reach its folders (mktemp makes the work folder 0700).
  chmod 755 "$work"; chown postfix: "$work/pf-data"
  cp /etc/postfix/master.cf "$POSTFIX_DIR/"
  PF_PORT=$(free_port)
  cat >"$POSTFIX_DIR/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $work/pf-queue
data_directory = $work/pf-data
mail_owner = postfix
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
local_transport = error:local delivery is disabled
relayhost = [127.0.0.1]:$SINK_PORT
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtp_tls_security_level = none
maillog_file = /dev/stdout
alias_maps =
alias_database =
master_service_disable =
myhostname = bench.localhost
CF
  sed -i "s/^smtp      inet  n       -       y       -       -       smtpd/127.0.0.1:$PF_PORT inet n - n - - smtpd/" "$POSTFIX_DIR/master.cf"
  sed -i 's/^\([a-z]*\s\+[a-z]*\s\+[-ny]\s\+[-ny]\s\+\)y/\1n/' "$POSTFIX_DIR/master.cf"
  postfix -c "$POSTFIX_DIR" start-fg >"$work/pf.log" 2>&1 &
  pids+=($!)
  wait_port "$PF_PORT"
}

run_postfix() { # size -> "accepted_rate delivered_rate"
  local size=$1 t0 t1 t2
  warm_up "$PF_PORT" "$size"
  until [ -z "$(find "$work/pf-queue"/{incoming,active,deferred,maildrop} -type f 2>/dev/null | head -1)" ]; do sleep 0.2; done
  t0=$(now)
  smtp-source -s "$SESSIONS" -l "$size" -m "$MESSAGES" -f bench@example.org -t sink@example.com 127.0.0.1:"$PF_PORT"
  t1=$(now)
  until [ -z "$(find "$work/pf-queue"/{incoming,active,deferred,maildrop} -type f 2>/dev/null | head -1)" ]; do sleep 0.2; done
  t2=$(now)
  [ $LATENCY = 1 ] && latency "$PF_PORT" "$size" >"$work/latency-postfix-$size"
  echo "$(echo "$MESSAGES / ($t1 - $t0)" | bc -l) $(echo "$MESSAGES / ($t2 - $t0)" | bc -l)"
}

latency() { # port size -> one line of rate and percentiles (ms)
  python3 bench/smtp-latency.py 127.0.0.1 "$1" "$LATENCY_MESSAGES" "$SESSIONS" "$2"
}

[ $VS_POSTFIX = 1 ] && start_postfix
if [ $LATENCY = 1 ]; then
  for size in $SIZES; do echo "latency client ceiling, smtp-sink alone, $size B: $(latency "$SINK_PORT" "$size")"; done
fi
printf '%-8s %-14s %14s %14s %10s\n' size server accepted/s delivered/s peakMB
for size in $SIZES; do
  for round in $(seq 1 "$ROUNDS"); do
    read -r acc del rss < <(run_mailmanager "$size")
    printf '%-8s %-14s %14.0f %14.0f %10s\n' "$size" mailmanager "$acc" "$del" "$rss"
    if [ $VS_POSTFIX = 1 ]; then
      read -r pacc pdel < <(run_postfix "$size")
      printf '%-8s %-14s %14.0f %14.0f %10s\n' "$size" postfix "$pacc" "$pdel" "-"
      printf '%-8s %-14s %14.2f %14.2f\n' "$size" ratio "$(echo "$acc / $pacc" | bc -l)" "$(echo "$del / $pdel" | bc -l)"
    fi
    if [ $LATENCY = 1 ]; then
      for server in mailmanager postfix; do
        [ -f "$work/latency-$server-$size" ] && printf '%-8s %-14s latency %s\n' "$size" "$server" "$(cat "$work/latency-$server-$size")"
      done
    fi
  done
done
