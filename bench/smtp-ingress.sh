#!/usr/bin/env bash
# Loads an open ingress endpoint whose rule set relays to Postfix's smtp-sink, with Postfix's smtp-source:
# 20 sessions, 5,000 messages of 1 KB, then of 20 KB. Prints messages per second accepted (smtp-source
# done) and delivered end to end (every message Delivered in the message log), and the app's peak RSS (peakMB: by
# the end of delivery; +latMB: also through the --latency run).
# Each server first gets WARMUP (5,000) unmeasured messages. --vs-postfix runs the same load against a private Postfix
# instance relaying to the same smtp-sink, alternating with it over ROUNDS (3) rounds, and prints each round's ratios, then
# the medians. --policy20 puts the largest traffic policy SES allows on the endpoint (20 statements
# of 10 conditions, every recipient decided by all of them). --rules40 puts the largest rule set SES allows on it (40 rules,
# 39 of 10 conditions that do not hold, then one that adds a header and relays). --latency adds, after each server's throughput run and with
# its delivery still running, LATENCY_MESSAGES (3,000) messages from bench/smtp-latency.py (20 sessions, one connection per
# message): percentiles from the end of DATA to the reply and of whole transactions, and first the client's own ceiling
# against smtp-sink alone; their medians are printed with the throughput's. APP_DIR=<folder> runs an app already
# published there (another commit's, to compare) instead of publishing this tree. Loopback only. Needs postfix
# (smtp-source, smtp-sink) and sqlite3.
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
ROUNDS=${ROUNDS:-3}
# Both servers get the same unmeasured warm-up first: a gateway runs for months, so the one-time JIT
# compilation of a freshly started .NET process is not what its throughput is about. A profile showed the JIT's
# tier-1 recompilations taking a quarter of the CPU for the first 10 s under load (5,000 messages at 500/s);
# with a 500-message warm-up they fell inside the measured run.
WARMUP=${WARMUP:-5000}

source bench/lib.sh
need smtp-source postfix; need smtp-sink postfix; need sqlite3 sqlite3

publish_app
start_sink

warm_up() { # port size
  [ "$WARMUP" -gt 0 ] && smtp-source -s "$SESSIONS" -l "$2" -m "$WARMUP" -f bench@example.org -t sink@example.com 127.0.0.1:"$1"
  return 0
}

run_mailmanager() { # size -> "accepted_rate delivered_rate peak_rss_mb peak_rss_mb_with_latency"
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
  local rss; rss=$(rss_mb "$app" VmHWM)
  [ $LATENCY = 1 ] && latency "$port" "$size" >"$work/latency-mailmanager-$size"
  local rss_all; rss_all=$(rss_mb "$app" VmHWM)
  kill "$app"; wait "$app" 2>/dev/null || true
  echo "$(echo "$MESSAGES / ($t1 - $t0)" | bc -l) $(echo "$MESSAGES / ($t2 - $t0)" | bc -l) $rss $rss_all"
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

median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; } # numbers, one per line
field() { tr ' ' '\n' | awk -F= -v k="$1" '$1==k {print $2}'; } # key < "k=v k=v ..."
results="$work/results"; : >"$results"

[ $VS_POSTFIX = 1 ] && start_postfix
if [ $LATENCY = 1 ]; then
  for size in $SIZES; do echo "latency client ceiling, smtp-sink alone, $size B: $(latency "$SINK_PORT" "$size")"; done
fi
printf '%-8s %-6s %-12s %12s %12s %8s %8s\n' size round server accepted/s delivered/s peakMB +latMB
for size in $SIZES; do
  for round in $(seq 1 "$ROUNDS"); do
    read -r acc del rss rss_all < <(run_mailmanager "$size")
    printf '%-8s %-6s %-12s %12.0f %12.0f %8s %8s\n' "$size" "$round" mailmanager "$acc" "$del" "$rss" "$rss_all"
    echo "$size mailmanager $acc $del $rss $rss_all" >>"$results"
    if [ $VS_POSTFIX = 1 ]; then
      read -r pacc pdel < <(run_postfix "$size")
      printf '%-8s %-6s %-12s %12.0f %12.0f %8s\n' "$size" "$round" postfix "$pacc" "$pdel" "-"
      printf '%-8s %-6s %-12s %12.2f %12.2f\n' "$size" "$round" ratio "$(echo "$acc / $pacc" | bc -l)" "$(echo "$del / $pdel" | bc -l)"
      echo "$size postfix $pacc $pdel 0" >>"$results"
      echo "$size ratio $(echo "$acc / $pacc" | bc -l) $(echo "$del / $pdel" | bc -l) 0" >>"$results"
    fi
    if [ $LATENCY = 1 ]; then
      for server in mailmanager postfix; do
        if [ -f "$work/latency-$server-$size" ]; then
          printf '%-8s %-6s %-12s latency %s\n' "$size" "$round" "$server" "$(cat "$work/latency-$server-$size")"
          echo "$size $server $(cat "$work/latency-$server-$size")" >>"$work/latency-results"
          rm "$work/latency-$server-$size"
        fi
      done
    fi
  done
done

echo
echo "medians of $ROUNDS rounds (ratio rows: the median of the rounds' ratios)"
printf '%-8s %-12s %12s %12s %8s %8s\n' size server accepted/s delivered/s peakMB +latMB
for size in $SIZES; do
  for server in mailmanager postfix ratio; do
    rows=$(awk -v s="$size" -v n="$server" '$1==s && $2==n' "$results")
    [ -z "$rows" ] && continue
    acc=$(echo "$rows" | awk '{print $3}' | median); del=$(echo "$rows" | awk '{print $4}' | median)
    rss=$(echo "$rows" | awk '{print $5}' | sort -n | tail -1); rss_all=$(echo "$rows" | awk '{print $6}' | sort -n | tail -1)
    if [ "$server" = ratio ]; then printf '%-8s %-12s %12.2f %12.2f\n' "$size" "$server" "$acc" "$del"
    elif [ "$server" = mailmanager ]; then printf '%-8s %-12s %12.0f %12.0f %8s %8s\n' "$size" "$server" "$acc" "$del" "$rss" "$rss_all"
    else printf '%-8s %-12s %12.0f %12.0f\n' "$size" "$server" "$acc" "$del"; fi
  done
done
if [ $LATENCY = 1 ] && [ -f "$work/latency-results" ]; then
  echo
  echo "latency, medians of $ROUNDS rounds (ms; data: end of DATA to the reply; tx: connect to the reply after the dot)"
  printf '%-8s %-12s %6s %8s %8s %8s %8s %8s %8s\n' size server rate data_p50 data_p90 data_p99 data_max tx_p50 tx_p99
  for size in $SIZES; do
    for server in mailmanager postfix; do
      lines=$(awk -v s="$size" -v n="$server" '$1==s && $2==n {$1=""; $2=""; print}' "$work/latency-results")
      [ -z "$lines" ] && continue
      row=""
      for key in rate data_p50 data_p90 data_p99 data_max tx_p50 tx_p99; do
        row="$row $(echo "$lines" | while read -r l; do echo "$l" | field "$key"; done | median)"
      done
      # shellcheck disable=SC2086
      printf '%-8s %-12s %6.0f %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f\n' "$size" "$server" $row
    done
  done
fi
