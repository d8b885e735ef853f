# Shared by the bench scripts: tools check, loopback ports, timing, and starting the published app on a seeded data
# folder. Source it after `set -euo pipefail` and `cd` to the repository root; it defines $work and cleans it on exit.
need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is missing (apt-get install -y $2)" >&2; exit 2; }; }

work=$(mktemp -d /tmp/mm-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${POSTFIX_DIR:-}" ] && postfix -c "$POSTFIX_DIR" stop >/dev/null 2>&1 || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "bench: port $1 never opened" >&2; return 1; }
now() { date +%s.%N; }
rss_mb() { awk "/$2/ {print int(\$2/1024)}" /proc/"$1"/status 2>/dev/null || echo 0; } # pid VmHWM|VmRSS

publish_app() { # APP_DIR: an app published elsewhere (another commit's) to run instead of this tree's
  if [ -n "${APP_DIR:-}" ]; then
    echo "bench: running the app published in $APP_DIR"
    cp -r "$APP_DIR" "$work/app"
  else
    echo "bench: publishing MailManager (Release)"
    dotnet publish src/MailManager.Web -c Release -o "$work/app" --nologo -v quiet >/dev/null
  fi
  dotnet build bench/MailManager.Bench -c Release -o "$work/seed" --nologo -v quiet >/dev/null
}

start_sink() { # -> SINK_PORT; smtp-sink refuses to run as root without an unprivileged user to switch to.
  SINK_PORT=$(free_port)
  local sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u nobody)
  smtp-sink "${sink_user[@]}" -c 127.0.0.1:"$SINK_PORT" 1000 >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$SINK_PORT"
}

start_app() { # data-folder endpoint-port log-file -> APP_PID; seeds an open endpoint relaying to the sink
  # SEED_FLAGS: flags of MailManager.Bench, e.g. "policy20".
  # shellcheck disable=SC2086
  dotnet "$work/seed/MailManager.Bench.dll" "$1" "$2" "$SINK_PORT" ${SEED_FLAGS:-} >/dev/null
  ( cd "$work/app" && exec env MailManager__DataDirectory="$1" ASPNETCORE_URLS="http://127.0.0.1:$(free_port)" \
      Logging__LogLevel__Default=Warning dotnet MailManager.Web.dll ) >"$3" 2>&1 &
  APP_PID=$!; pids+=($APP_PID)
  wait_port "$2"
}

delivered() { sqlite3 "$1/mailmanager.db" "select count(*) from Messages where Status='Delivered'"; } # data-folder
