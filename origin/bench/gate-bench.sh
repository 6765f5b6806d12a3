#!/usr/bin/env bash
# Gate benchmark (issue 6, "Show it with"): cached-segment requests/s through the origin with the
# gate on (origin secret + CloudFront signed cookie) and off, in the same run, interleaved; and the
# cost of a first-seen cookie (one RSA/ECDSA verification) against a cached one.
#
#   origin/bench/gate-bench.sh [SECONDS_PER_ROUND] [ROUNDS] [CONNECTIONS]
#
# Needs wrk. Talks only to 127.0.0.1. Bounded: ROUNDS x 2 x SECONDS_PER_ROUND of load (default
# 3 x 2 x 10 s), plus a few seconds of verification loops. Prints the figures; exits 1 if the
# gated/open ratio is below 0.9.
set -euo pipefail
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-3}
CONNECTIONS=${3:-32}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
cd "$HERE"
command -v wrk >/dev/null || { echo "gate-bench: wrk is required (apt-get install wrk)" >&2; exit 2; }

./mvnw -B -o -q -pl origin test-compile dependency:build-classpath \
  -Dmdep.outputFile="$HERE/origin/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
CP="origin/target/test-classes:origin/target/classes:$(cat origin/target/bench.classpath)"
JAVA_OPTS=(-Xms512m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogback.configurationFile=conf/logback.xml)

echo "== first-seen cookie cost (signing package verifier, as the gate calls it)"
java "${JAVA_OPTS[@]}" -cp "$CP" dev.prism.origin.gate.GateBench verify 1000 20

ENV_FILE=$(mktemp)
LOG=$(mktemp)
java "${JAVA_OPTS[@]}" -cp "$CP" dev.prism.origin.gate.GateBench serve "$ENV_FILE" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -f "$ENV_FILE" "$LOG"' EXIT
for _ in $(seq 1 120); do
  [ -s "$ENV_FILE" ] && grep -q SECRET "$ENV_FILE" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
# shellcheck disable=SC1090
source "$ENV_FILE"
GATED="http://127.0.0.1:$GATED_PORT$SEGMENT_PATH"
OPEN="http://127.0.0.1:$OPEN_PORT$SEGMENT_PATH"
H=(-H "Cookie: $COOKIE" -H "X-Origin-Secret: $SECRET" -H "CloudFront-Viewer-Address: 203.0.113.9:4711")

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(status "${H[@]}" "$GATED")" = 200 ] || { echo "gated origin refused the bench cookie" >&2; exit 1; }
[ "$(status "$GATED")" = 403 ] || { echo "gated origin admitted a request without cookie" >&2; exit 1; }
[ "$(status "$OPEN")" = 200 ] || { echo "open origin failed" >&2; exit 1; }

# Both origins get the same request bytes (cookie, secret, viewer address): only the gate differs.
rps() { wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
echo "== warm-up (5 s each)"
wrk -t1 -c"$CONNECTIONS" -d5s "${H[@]}" "$GATED" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d5s "${H[@]}" "$OPEN" >/dev/null
echo "== cached segment, ${ROUNDS} interleaved rounds of ${SECONDS_PER_ROUND} s, ${CONNECTIONS} connections"
SUM_ON=0
SUM_OFF=0
for r in $(seq 1 "$ROUNDS"); do
  OFF=$(rps "${H[@]}" "$OPEN")
  ON=$(rps "${H[@]}" "$GATED")
  echo "round $r: gate off ${OFF} req/s, gate on ${ON} req/s"
  SUM_ON=$(awk -v a="$SUM_ON" -v b="$ON" 'BEGIN {print a + b}')
  SUM_OFF=$(awk -v a="$SUM_OFF" -v b="$OFF" 'BEGIN {print a + b}')
done
RATIO=$(awk -v a="$SUM_ON" -v b="$SUM_OFF" 'BEGIN {printf "%.3f", a / b}')
echo "mean: gate off $(awk -v s="$SUM_OFF" -v n="$ROUNDS" 'BEGIN {printf "%.0f", s / n}') req/s, gate on $(awk -v s="$SUM_ON" -v n="$ROUNDS" 'BEGIN {printf "%.0f", s / n}') req/s, ratio on/off ${RATIO} (target >= 0.9)"
awk -v r="$RATIO" 'BEGIN {exit !(r >= 0.9)}'
