#!/usr/bin/env bash
# Whole-app web benchmark on loopback (bounded: fixed durations, one local target only).
# Measures: cold start to /health ready (SQLite, no demo seeding), RSS after start, wrk -c 50 on the sign-in
# page, and an authenticated page render (signed in with password + TOTP).
# Usage: [WARM=seconds] bench/web/run.sh [seconds per wrk run, default 15]. Needs wrk and python3 (apt-get install wrk).
# Reports p50/p90/p95/p99, throughput and the server's CPU time per request (process CPU time / requests, which
# on a shared machine says more than latency). PALERMO_BENCH_APP=DIR uses an already published app (A/B runs of two
# builds back to back); otherwise the app is published the way operations.md ships it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dur=${1:-15}
port=5199
out=$(mktemp -d)
data=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
app=${PALERMO_BENCH_APP:-}
if [ -z "$app" ]; then
  dotnet publish "$root/src/Palermo.Web" -c Release -o "$out/app" --nologo -v q >/dev/null
  app="$out/app"
fi
echo "load: $(uptime | sed 's/.*load average/load average/')"

start_app() { (cd "$app" && exec dotnet Palermo.Web.dll --urls "http://127.0.0.1:$port" --data-dir "$1" "${@:2}" >"$out/log" 2>&1) & echo $!; }
# The app runs in a command substitution's subshell, so `wait` cannot reap it: poll until it is gone, or the next
# start would find the old process still answering /health on the port.
stop_app() { kill "$1" 2>/dev/null || true; for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done; kill -9 "$1" 2>/dev/null || true; }
wait_health() { for _ in $(seq 1 400); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0; sleep 0.01; done; return 1; }

# Cold start: first run creates and migrates the database; later runs open it. Report both.
for run in first second third; do
  t0=$(date +%s.%N); pid=$(start_app "$data"); wait_health; t1=$(date +%s.%N)
  # CPU seconds the process used until ready: on a shared machine a steadier figure than the wall time.
  echo "cold start to /health ($run run): $(echo "$t1 - $t0" | bc) s, $(awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' /proc/$pid/stat) s CPU"
  if [ $run = third ]; then
    sleep 2
    echo "RSS after start: $(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 )) MB"
  fi
  stop_app $pid
done

# Demo accounts for the authenticated page.
demo=$(mktemp -d)
# CASES=N seeds N demo cases, and the signed-in case worker's case list (/Cases, 25 rows) is measured too.
cases=${CASES:-0}
pid=$(start_app "$demo" --demo --Palermo:DemoCases="$cases" --Palermo:SignInRateLimit=100000)
wait_health
line=$(grep -m1 "CaseWorker " "$out/log")
email=$(echo "$line" | awk '{print $2}'); password=$(echo "$line" | awk '{print $3}'); secret=$(echo "$line" | awk '{print $4}')
jar="$out/jar"
token() { grep -o 'name="__af" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
af=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/Account/SignIn" | token)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Email=$email" --data-urlencode "Password=$password" --data-urlencode "__af=$af" "http://127.0.0.1:$port/Account/SignIn"
code=$(python3 - "$secret" <<'PY'
import base64,hmac,hashlib,struct,sys,time
k=base64.b32decode(sys.argv[1]+'='*(-len(sys.argv[1])%8)); c=struct.pack('>Q',int(time.time())//30)
h=hmac.new(k,c,hashlib.sha1).digest(); o=h[-1]&15
print('%06d'%((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%1000000))
PY
)
af=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/Account/SignInMfa" | token)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Code=$code" --data-urlencode "__af=$af" "http://127.0.0.1:$port/Account/SignInMfa"
cookie=$(awk '$6=="palermo.session"{print $6"="$7}' "$jar")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port/Account/Security")
echo "authenticated check: /Account/Security -> $status"

cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
tck=$(getconf CLK_TCK)
bench() { # label, connections, wrk args...
  local label=$1 c=$2; shift 2
  wrk -t1 -c"$c" -d2s "$@" >/dev/null # warm-up (tier-1 JIT, pools)
  local c0; c0=$(cpu)
  local line; line=$(wrk -t"$([ "$c" -ge 2 ] && echo 2 || echo 1)" -c"$c" -d"${dur}s" -s "$root/bench/web/report.lua" "$@" | tail -1)
  local c1; c1=$(cpu)
  local n; n=$(echo "$line" | sed 's/.* \([0-9]*\) requests.*/\1/')
  echo "$label -c$c: $line  server CPU $(echo "scale=3; ($c1 - $c0) * 1000 / $tck / $n" | bc) ms/req"
}
# Warm-up until the hot paths are re-jitted at tier 1 (ReadyToRun code is a first tier; a freshly started server
# measured with a 2 s warm-up used 3-5x more CPU per request than the same server a minute later).
warm=${WARM:-20}
wrk -t1 -c10 -d"${warm}s" "http://127.0.0.1:$port/Account/SignIn" >/dev/null
wrk -t1 -c10 -d"${warm}s" -H "Cookie: $cookie" "http://127.0.0.1:$port/Account/Security" >/dev/null
bench "/Account/SignIn" 50 "http://127.0.0.1:$port/Account/SignIn"
for c in 50 10 1; do
  bench "/Account/Security (signed in)" $c -H "Cookie: $cookie" "http://127.0.0.1:$port/Account/Security"
done
if [ "$cases" -gt 0 ]; then
  echo "case list: $(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/Cases" | grep -c '<tr>') rows"
  wrk -t1 -c10 -d"${warm}s" -H "Cookie: $cookie" "http://127.0.0.1:$port/Cases" >/dev/null
  for c in 10 1; do
    bench "/Cases (signed in, 25 rows)" $c -H "Cookie: $cookie" "http://127.0.0.1:$port/Cases"
  done
fi
echo "RSS after the runs: $(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 )) MB; load: $(uptime | sed 's/.*load average/load average/')"
stop_app $pid
rm -rf "$out" "$data" "$demo"
