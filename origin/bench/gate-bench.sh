#!/usr/bin/env bash
# Gate benchmark: cached-segment requests/s through the origin with the
# gate on (origin secret + CloudFront signed cookie, verdict cached) and off, in the same run,
# interleaved round by round with identical request bytes; and the cost of a first-seen cookie
# (one RSA/ECDSA verification) against a cached one.
#
#   origin/bench/gate-bench.sh [SECONDS_PER_ROUND] [ROUNDS] [CONNECTIONS]
#
# Needs wrk and curl. Talks only to 127.0.0.1. Bounded: ROUNDS x 2 x SECONDS_PER_ROUND of load
# (default 4 x 2 x 10 s) plus warm-up and a few seconds of verification loops. The two origins run
# in separate JVMs so the CPU each spends per request (from /proc, immune to other processes on a
# shared machine) is reported next to requests/s. Exits 1 if the gated/open requests/s ratio is
# below 0.9.
set -euo pipefail
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-4}
CONNECTIONS=${3:-32}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
cd "$HERE"
command -v wrk >/dev/null || { echo "gate-bench: wrk is required (apt-get install wrk)" >&2; exit 2; }

./mvnw -B -o -q -pl origin test-compile dependency:build-classpath \
  -Dmdep.outputFile="$HERE/origin/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
CP="origin/target/test-classes:origin/target/classes:$(cat origin/target/bench.classpath)"
JAVA_OPTS=(-Xms256m -Xmx256m -XX:+UseParallelGC -Dlogback.configurationFile=conf/logback.xml)

echo "== first-seen vs cached cookie (signing package verifier, as the gate calls it)"
java "${JAVA_OPTS[@]}" -cp "$CP" dev.prism.origin.gate.GateBench verify 1000 20

TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
for mode in on off; do
  java "${JAVA_OPTS[@]}" -cp "$CP" dev.prism.origin.gate.GateBench serve "$TMP/$mode.env" "$mode" \
    >"$TMP/$mode.log" 2>&1 &
  PIDS+=($!)
  eval "PID_${mode^^}=$!"
done
for mode in on off; do
  for _ in $(seq 1 120); do
    [ -s "$TMP/$mode.env" ] && grep -q SECRET "$TMP/$mode.env" && break
    sleep 0.5
  done
  grep -q SECRET "$TMP/$mode.env" || { cat "$TMP/$mode.log" >&2; exit 1; }
done
# shellcheck disable=SC1091
source "$TMP/on.env"; GATED="http://127.0.0.1:$PORT$SEGMENT_PATH"; ON_COOKIE=$COOKIE
# shellcheck disable=SC1091
source "$TMP/off.env"; OPEN="http://127.0.0.1:$PORT$SEGMENT_PATH"
# The gated origin's cookie for both: only the gate differs, not the request bytes.
H=(-H "Cookie: $ON_COOKIE" -H "X-Origin-Secret: $SECRET" -H "CloudFront-Viewer-Address: 203.0.113.9:4711")

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(status "${H[@]}" "$GATED")" = 200 ] || { echo "gated origin refused the bench cookie" >&2; exit 1; }
[ "$(status "$GATED")" = 403 ] || { echo "gated origin admitted a request without cookie" >&2; exit 1; }
[ "$(status "${H[@]}" "$OPEN")" = 200 ] || { echo "open origin failed" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, clock ticks
TICK=$(getconf CLK_TCK)
# run PID URL -> "requests/s cpu_us_per_request"
run() {
  local pid=$1 url=$2 before after out reqs rps
  before=$(cpu_ticks "$pid")
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" "${H[@]}" "$url")
  after=$(cpu_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  awk -v r="$rps" -v n="$reqs" -v t=$((after - before)) -v hz="$TICK" \
    'BEGIN {printf "%s %.1f\n", r, t * 1e6 / hz / n}'
}
echo "== warm-up (5 s each)"
wrk -t1 -c"$CONNECTIONS" -d5s "${H[@]}" "$GATED" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d5s "${H[@]}" "$OPEN" >/dev/null
echo "== cached segment, ${ROUNDS} interleaved rounds of ${SECONDS_PER_ROUND} s, ${CONNECTIONS} connections"
SUM_ON=0; SUM_OFF=0; CPU_ON=0; CPU_OFF=0
for r in $(seq 1 "$ROUNDS"); do
  read -r OFF OFF_CPU < <(run "$PID_OFF" "$OPEN")
  read -r ON ON_CPU < <(run "$PID_ON" "$GATED")
  echo "round $r: gate off ${OFF} req/s (${OFF_CPU} us CPU/request), gate on ${ON} req/s (${ON_CPU} us CPU/request)"
  SUM_ON=$(awk -v a="$SUM_ON" -v b="$ON" 'BEGIN {print a + b}')
  SUM_OFF=$(awk -v a="$SUM_OFF" -v b="$OFF" 'BEGIN {print a + b}')
  CPU_ON=$(awk -v a="$CPU_ON" -v b="$ON_CPU" 'BEGIN {print a + b}')
  CPU_OFF=$(awk -v a="$CPU_OFF" -v b="$OFF_CPU" 'BEGIN {print a + b}')
done
RATIO=$(awk -v a="$SUM_ON" -v b="$SUM_OFF" 'BEGIN {printf "%.3f", a / b}')
CPU_RATIO=$(awk -v a="$CPU_OFF" -v b="$CPU_ON" 'BEGIN {printf "%.3f", a / b}')
echo "mean: gate off $(awk -v s="$SUM_OFF" -v n="$ROUNDS" 'BEGIN {printf "%.0f", s / n}') req/s" \
  "($(awk -v s="$CPU_OFF" -v n="$ROUNDS" 'BEGIN {printf "%.1f", s / n}') us CPU/request)," \
  "gate on $(awk -v s="$SUM_ON" -v n="$ROUNDS" 'BEGIN {printf "%.0f", s / n}') req/s" \
  "($(awk -v s="$CPU_ON" -v n="$ROUNDS" 'BEGIN {printf "%.1f", s / n}') us CPU/request)"
echo "ratio on/off: ${RATIO} by requests/s, ${CPU_RATIO} by CPU per request (target >= 0.9)"
awk -v r="$RATIO" 'BEGIN {exit !(r >= 0.9)}'
