#!/usr/bin/env bash
# Encode benchmark: the default ladder on a 1080p25 input (CTA WAVE "croatia", looped to 32 s),
# Prism's transcoder vs the bare FFmpeg command line it runs, alternating, median of 3 each.
#   transcoder/bench/encode-bench.sh [STREAMS_DIR] [SECONDS=32] [RUNS=3]
# Takes about 4-6 minutes on 2 cores. See transcoder/README.md, "Benchmark".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# The full 8 s stream (5.5 MB, CC BY 4.0 EBU / CTA WAVE) is not in the repository (the packager
# tests keep only its first 4 s): by default it is looked for next to the repository.
streams="${1:-$root/../shared/streams/cta-wave-croatia-1080p25-dash}"
if [ ! -f "$streams/video25fps/76800.m4s" ] || [ ! -f "$streams/aac/init.mp4" ]; then
  echo "encode-bench: input stream not found: $streams" >&2
  echo "  expected the CTA WAVE croatia 1080p25 DASH stream (video25fps/init.mp4, 0..76800.m4s;" >&2
  echo "  aac/init.mp4 and its segments), e.g. from Dash-Industry-Forum/livesim2" >&2
  echo "  cmd/livesim2/app/testdata/assets/WAVE/av/; pass its folder as the first argument." >&2
  exit 2
fi
streams="$(cd "$streams" && pwd)"
./mvnw -B -q -o -pl transcoder -am install -DskipTests -Dspotless.check.skip=true >&2 \
  || ./mvnw -B -q -pl transcoder -am install -DskipTests -Dspotless.check.skip=true >&2
./mvnw -B -q -o -pl transcoder test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2
exec java -Dorg.bytedeco.javacpp.cachedir="$root/.prism/javacpp" \
  -cp "transcoder/target/test-classes:transcoder/target/classes:$(cat transcoder/target/bench.classpath)" \
  dev.prism.transcoder.bench.EncodeBench "$streams" "${2:-32}" "${3:-3}"
