#!/usr/bin/env bash
# Prism origin benchmark: the same segment set served by Prism (gate off, folder store,
# zero-copy sendFile) and by nginx (static files, sendfile on), alternating, in one run; then
# entry-manifest requests/s and p99 latency from Prism. Everything on 127.0.0.1, bounded in time.
#
#   origin/bench/serve-bench.sh [STORE_DIR ASSET_ID]
#
# Without arguments the demo clip (30 s, 480/360/240 + AAC) is transcoded into a temporary store
# first with `prism transcode`. Environment knobs (defaults in brackets): DURATION [10s] per run,
# ROUNDS [3] alternating rounds (medians are reported), CONNECTIONS [64] for segments,
# MANIFEST_CONNECTIONS [16], THREADS [2] wrk threads, SEG_MS [2000], PRISM_JAR
# [origin/target/prism.jar], PRISM_JAVA_OPTS [none] extra JVM options for Prism. Needs: java 17, wrk, nginx (Debian: apt-get install wrk nginx-light).
#
# Targets (on a 2-core machine): Prism segment throughput >= 0.8x nginx's; manifests
# >= 20,000 requests/s with p99 < 10 ms. Exit status 0 when both are met, 1 when not, 2 on error.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
MANIFEST_CONNECTIONS="${MANIFEST_CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
SEG_MS="${SEG_MS:-2000}"
PRISM_JAR="${PRISM_JAR:-$ROOT/origin/target/prism.jar}"

for tool in java wrk nginx curl; do
  command -v "$tool" >/dev/null || { [ -x "/usr/sbin/$tool" ] || { echo "missing: $tool" >&2; exit 2; }; }
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -f "$PRISM_JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl origin -am package -Dmaven.test.skip=true)

WORK="$(mktemp -d /tmp/prism-serve-bench.XXXXXX)"
chmod 755 "$WORK" # nginx workers may run as another user
PRISM_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$PRISM_PID" ] && kill "$PRISM_PID" 2>/dev/null && wait "$PRISM_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ $# -ge 2 ]; then
  STORE="$(cd "$1" && pwd)"; ASSET="$2"
else
  STORE="$WORK/store"; ASSET=bbb
  echo "transcoding the demo clip into $STORE ..."
  java -Dorg.bytedeco.javacpp.cachedir="$ROOT/.prism/javacpp" -jar "$PRISM_JAR" transcode --quiet \
    --asset "$ASSET" --store "$STORE" "${CLIP:-$ROOT/media/bbb_480p_30s_h264_aac51.mp4}" >/dev/null
fi

# --- Prism ---------------------------------------------------------------------------------------
PRISM_PORT="$(free_port)"
cat > "$WORK/prism.yaml" <<YAML
server: { host: 127.0.0.1, port: $PRISM_PORT }
store: { type: folder, folder: { path: "$STORE" } }
gate: { enabled: false }
delivery: { segmentDurationMs: $SEG_MS }
YAML
java ${PRISM_JAVA_OPTS:-} -Dlogback.configurationFile="$HERE/logback-bench.xml" -jar "$PRISM_JAR" serve --config "$WORK/prism.yaml" \
  >"$WORK/prism.out" 2>"$WORK/prism.err" &
PRISM_PID=$!
PRISM="http://127.0.0.1:$PRISM_PORT"
for _ in $(seq 1 100); do curl -sf "$PRISM/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$PRISM/healthz" >/dev/null || { echo "prism did not start:"; cat "$WORK/prism.err"; exit 2; }

# --- The segment set: every init and media segment of every rendition --------------------------
MULTIVARIANT="/v1/$ASSET/hls/index.m3u8"
curl -sf "$PRISM$MULTIVARIANT" -o "$WORK/index.m3u8"
: > "$WORK/segments.txt"
for playlist in $(grep -o 'URI="[^"]*"' "$WORK/index.m3u8" | cut -d'"' -f2; grep -v '^#' "$WORK/index.m3u8" | grep .); do
  # ../{version}/hls/{segMs}/{track}.m3u8 relative to /v1/{asset}/hls/
  ppath="/v1/$ASSET/${playlist#../}"
  pdir="${ppath%/*}"
  curl -sf "$PRISM$ppath" -o "$WORK/media.m3u8"
  for uri in $(grep -o 'URI="[^"]*"' "$WORK/media.m3u8" | cut -d'"' -f2; grep -v '^#' "$WORK/media.m3u8" | grep .); do
    python3 -c 'import posixpath,sys; print(posixpath.normpath(posixpath.join(sys.argv[1], sys.argv[2])))' "$pdir" "$uri"
  done >> "$WORK/segments.txt"
done
sort -u -o "$WORK/segments.txt" "$WORK/segments.txt"
# nginx serves the very same bytes as static files under the same paths.
mkdir -p "$WORK/www"
while read -r p; do
  mkdir -p "$WORK/www$(dirname "$p")"
  curl -sf "$PRISM$p" -o "$WORK/www$p"
done < "$WORK/segments.txt"
chmod -R a+rX "$WORK/www"
COUNT="$(wc -l < "$WORK/segments.txt")"
BYTES="$(du -sb "$WORK/www" | cut -f1)"
echo "segment set: $COUNT objects, $BYTES bytes (asset $ASSET, segMs $SEG_MS)"

# --- nginx ---------------------------------------------------------------------------------------
NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  types { video/mp4 mp4 m4s; }
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 1 50); do curl -sf "$NGINX_URL$(head -1 "$WORK/segments.txt")" -o /dev/null && break; sleep 0.1; done

# Same bytes from both?
p="$(sed -n 2p "$WORK/segments.txt")"
cmp <(curl -sf "$PRISM$p") <(curl -sf "$NGINX_URL$p") || { echo "prism and nginx disagree on $p"; exit 2; }

# --- Runs ----------------------------------------------------------------------------------------
rps() { awk '/^Requests\/sec:/ {print $2}'; }
requests() { awk '/requests in/ {print $1}'; }
# CPU time (utime+stime, clock ticks) of the server processes: steadier than req/s on a shared
# machine, where other sessions take the cores for seconds at a time.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
HZ="$(getconf CLK_TCK)"
prism_pids() { echo "$PRISM_PID"; }
nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID"); }
# usage: measured <pids-function> <wrk args...>; prints wrk's output plus "CPU-us-per-request N"
measured() {
  local pids; pids="$($1)"; shift
  local before after out
  before="$(cpu_ticks $pids)"
  out="$("$@")"
  after="$(cpu_ticks $pids)"
  echo "$out"
  echo "$out" | requests | awk -v t="$((after - before))" -v hz="$HZ" '{ printf "CPU-us-per-request %.1f\n", t * 1e6 / hz / $1 }'
}
cpu_us() { awk '/^CPU-us-per-request/ {print $2}'; }
p99_ms() { awk '$1=="99%" { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); v=v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v=v*1000 } print v }'; }
median() { sort -g | awk '{a[NR]=$1} END { if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
run() { wrk -t"$THREADS" -c"$1" -d"$DURATION" --latency -s "$HERE/rotate.lua" "$2" -- "$3"; }

echo "warming up (JIT) ..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$HERE/rotate.lua" "$PRISM" -- "$WORK/segments.txt" >/dev/null
wrk -t"$THREADS" -c"$MANIFEST_CONNECTIONS" -d5s "$PRISM$MULTIVARIANT" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$HERE/rotate.lua" "$NGINX_URL" -- "$WORK/segments.txt" >/dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$WORK/prism.rps"; : > "$WORK/nginx.rps"; : > "$WORK/manifest.rps"; : > "$WORK/manifest.p99"
: > "$WORK/prism.cpu"; : > "$WORK/nginx.cpu"; : > "$WORK/manifest.cpu"
for r in $(seq 1 "$ROUNDS"); do
  measured prism_pids run "$CONNECTIONS" "$PRISM" "$WORK/segments.txt" > "$WORK/out"
  rps < "$WORK/out" >> "$WORK/prism.rps"; cpu_us < "$WORK/out" >> "$WORK/prism.cpu"
  echo "round $r prism segments: $(tail -1 "$WORK/prism.rps") req/s, $(awk '/^Transfer\/sec:/ {print $2}' "$WORK/out")/s, $(tail -1 "$WORK/prism.cpu") CPU-us/req"
  measured nginx_pids run "$CONNECTIONS" "$NGINX_URL" "$WORK/segments.txt" > "$WORK/out"
  rps < "$WORK/out" >> "$WORK/nginx.rps"; cpu_us < "$WORK/out" >> "$WORK/nginx.cpu"
  echo "round $r nginx segments: $(tail -1 "$WORK/nginx.rps") req/s, $(awk '/^Transfer\/sec:/ {print $2}' "$WORK/out")/s, $(tail -1 "$WORK/nginx.cpu") CPU-us/req"
  measured prism_pids wrk -t"$THREADS" -c"$MANIFEST_CONNECTIONS" -d"$DURATION" --latency "$PRISM$MULTIVARIANT" > "$WORK/out"
  rps < "$WORK/out" >> "$WORK/manifest.rps"; p99_ms < "$WORK/out" >> "$WORK/manifest.p99"
  cpu_us < "$WORK/out" >> "$WORK/manifest.cpu"
  echo "round $r prism manifests: $(tail -1 "$WORK/manifest.rps") req/s, p99 $(tail -1 "$WORK/manifest.p99") ms, $(tail -1 "$WORK/manifest.cpu") CPU-us/req"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

PRISM_MED="$(median < "$WORK/prism.rps")"
NGINX_MED="$(median < "$WORK/nginx.rps")"
MAN_MED="$(median < "$WORK/manifest.rps")"
P99_MED="$(median < "$WORK/manifest.p99")"
RATIO="$(awk -v a="$PRISM_MED" -v b="$NGINX_MED" 'BEGIN { printf "%.2f", a / b }')"
PRISM_CPU="$(median < "$WORK/prism.cpu")"
NGINX_CPU="$(median < "$WORK/nginx.cpu")"
MAN_CPU="$(median < "$WORK/manifest.cpu")"
CPU_RATIO="$(awk -v a="$NGINX_CPU" -v b="$PRISM_CPU" 'BEGIN { printf "%.2f", a / b }')"
echo
echo "medians of $ROUNDS rounds, $DURATION each, $(nproc) cores:"
echo "  segments  prism $PRISM_MED req/s   nginx $NGINX_MED req/s   ratio $RATIO (target >= 0.80)"
echo "  manifests prism $MAN_MED req/s   p99 $P99_MED ms (targets >= 20000 req/s, p99 < 10 ms)"
echo "  CPU per request: segments prism $PRISM_CPU us, nginx $NGINX_CPU us (nginx/prism $CPU_RATIO); manifests $MAN_CPU us"
awk -v r="$RATIO" -v m="$MAN_MED" -v p="$P99_MED" 'BEGIN { exit !(r >= 0.8 && m >= 20000 && p < 10) }' \
  && { echo "targets met"; exit 0; } || { echo "targets NOT met"; exit 1; }
