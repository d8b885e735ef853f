#!/usr/bin/env bash
# Runs every test of MailManager on a fresh machine: installs what the tests need and is
# missing (Chromium for the browser tests; swaks, python3 and openssl for the real-client tests;
# sqlite3 and systemd-analyze for the service tests; Dovecot's LMTP server for the mailbox delivery tests;
# Node.js and npm for the official AWS SDK for JavaScript in e2e/sdk, installed from its lock file;
# via apt-get when available), runs `dotnet test MailManager.sln`, and ends with one line
# "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_packages=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_packages+=(chromium)
command -v swaks >/dev/null 2>&1 || need_packages+=(swaks)
# The real-client tests of the gateway (tests/MailManager.Ingress.Tests/RealClientsTests.cs) also drive Python's
# smtplib and openssl s_client.
command -v python3 >/dev/null 2>&1 || need_packages+=(python3)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
# The service tests (e2e) back up a running app with sqlite3 and check deploy/mailmanager.service with systemd-analyze.
command -v sqlite3 >/dev/null 2>&1 || need_packages+=(sqlite3)
command -v systemd-analyze >/dev/null 2>&1 || need_packages+=(systemd)
# The mailbox delivery tests (tests/MailManager.Testing/DovecotServer.cs) start a private Dovecot and deliver to it
# by LMTP; dovecot-lmtpd pulls in dovecot-core, which has /usr/sbin/dovecot.
[ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/lmtp ] || need_packages+=(dovecot-lmtpd)
# The API's end-to-end test (e2e/MailManager.E2E/ApiSdkTests.cs) runs e2e/sdk/scenario.mjs on the official AWS SDK
# for JavaScript. The machine comes with Node.js 20 (the SDK declares node >= 20); Debian's own is older but runs it.
command -v node >/dev/null 2>&1 || need_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || need_packages+=(npm)

if [ ${#need_packages[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need_packages[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${need_packages[@]}" >/dev/null \
      || echo "test.sh: apt-get could not install ${need_packages[*]}; the tests that need them will fail" >&2
  else
    echo "test.sh: missing ${need_packages[*]} and no apt-get as root to install them" >&2
  fi
fi

# The SDK's versions are pinned in e2e/sdk/package-lock.json; npm ci installs exactly those.
if [ ! -d e2e/sdk/node_modules ] && command -v npm >/dev/null 2>&1; then
  echo "test.sh: installing e2e/sdk's packages with npm ci"
  npm ci --prefix e2e/sdk --no-audit --no-fund >/dev/null \
    || echo "test.sh: npm ci in e2e/sdk failed; the SDK test will try again and fail with npm's output" >&2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test MailManager.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T, ..." (or "Failed!  - ...").
read -r passed failed skipped assemblies < <(
  sed -n 's/.*\(Passed\|Failed\)! *- *Failed: *\([0-9]*\), *Passed: *\([0-9]*\), *Skipped: *\([0-9]*\).*/\3 \2 \4/p' "$log" |
    awk '{p+=$1; f+=$2; s+=$3; n++} END {print p+0, f+0, s+0, n+0}')

expected=$(ls tests/*/*.Tests.csproj e2e/*/*.csproj 2>/dev/null | wc -l)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build failed or a test host crashed before reporting: count that as a failure.
  failed=1
fi
if [ "$assemblies" -lt "$expected" ]; then
  echo "test.sh: only $assemblies of $expected test projects reported results" >&2
  [ "$failed" -eq 0 ] && failed=1
  status=1
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
