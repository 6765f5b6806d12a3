#!/usr/bin/env bash
# Encode benchmark: the default ladder on a 1080p25 input (CTA WAVE "croatia", looped to 32 s),
# Prism's transcoder vs the bare FFmpeg command line it runs, alternating, median of 3 each.
#   transcoder/bench/encode-bench.sh [STREAMS_DIR] [SECONDS=32] [RUNS=3]
# Takes about 4-6 minutes on 2 cores. See transcoder/README.md, "Benchmark".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
streams="${1:-$root/../shared/streams/cta-wave-croatia-1080p25-dash}"
[ -d "$streams" ] || streams=/work/shared/streams/cta-wave-croatia-1080p25-dash
./mvnw -B -q -o -pl transcoder -am install -DskipTests -Dspotless.check.skip=true >&2 \
  || ./mvnw -B -q -pl transcoder -am install -DskipTests -Dspotless.check.skip=true >&2
./mvnw -B -q -o -pl transcoder test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2
exec java -Dorg.bytedeco.javacpp.cachedir="$root/.prism/javacpp" \
  -cp "transcoder/target/test-classes:transcoder/target/classes:$(cat transcoder/target/bench.classpath)" \
  dev.prism.transcoder.bench.EncodeBench "$streams" "${2:-32}" "${3:-3}"
