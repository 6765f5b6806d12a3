package dev.prism.packager.cmaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.prism.packager.PackagingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz tests (Jazzer) of the parsers that read track files from the store. Bytes
 * from the store are untrusted, so for any input the only outcomes are a result or a {@link
 * PackagingException}: no other exception, no {@link Error} (an {@link OutOfMemoryError} or a
 * {@link StackOverflowError} is a finding), and no hang (the {@link Timeout} is the per-input
 * limit; Jazzer passes it to libFuzzer as {@code -timeout} while fuzzing).
 *
 * <p>Without {@code JAZZER_FUZZ} (a plain {@code ./mvnw verify}) each target replays its committed
 * corpus, {@code src/test/resources/dev/prism/packager/cmaf/CmafFuzzTestInputs/<method>/}, seeded
 * from the real fixtures by {@link FuzzSeeds} plus every finding since. With {@code JAZZER_FUZZ=1}
 * one target fuzzes per JVM: {@code ./mvnw -pl packager -Pfuzz test} runs each in its own surefire
 * execution (see packager/pom.xml).
 */
class CmafFuzzTest {
  /** Reported in every exception's message; the targets check it is. */
  private static final String NAME = "fuzz";

  /** A whole track file through {@link TrackIndexReader#read}, the origin's entry point. */
  @FuzzTest(maxDuration = "20s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void trackIndexReader(byte[] file) throws IOException {
    TrackIndex index;
    try {
      index = TrackIndexReader.read(NAME, RangeReader.ofBytes(file), file.length);
    } catch (PackagingException e) {
      assertThat(e).hasMessageContaining(NAME);
      return;
    }
    // What the packager relies on: every fragment lies inside the file, in order, decode times do
    // not go backwards, and no fragment ends past 2^63 ticks.
    long previousEnd = 0;
    long previousStartTicks = 0;
    for (FragmentRef f : index.fragments()) {
      assertThat(f.offsetBytes()).isGreaterThanOrEqualTo(previousEnd);
      assertThat(f.sizeBytes()).isLessThanOrEqualTo(file.length - f.offsetBytes());
      assertThat(f.baseMediaDecodeTimeTicks())
          .isLessThanOrEqualTo(Long.MAX_VALUE - f.durationTicks());
      assertThat(f.baseMediaDecodeTimeTicks()).isGreaterThanOrEqualTo(previousStartTicks);
      previousEnd = f.offsetBytes() + f.sizeBytes();
      previousStartTicks = f.baseMediaDecodeTimeTicks();
    }
    for (ByteRange r : index.initSegmentRanges()) {
      assertThat(r.lengthBytes()).isLessThanOrEqualTo(file.length - r.offsetBytes());
    }
  }

  /** One {@code moov} box, as {@link TrackIndexReader} hands it over. */
  @FuzzTest(maxDuration = "20s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void moovParser(byte[] moov) {
    try {
      MoovParser.TrackDescription track = MoovParser.parse(NAME, ByteBuffer.wrap(moov), 0);
      assertThat(track.timescale().ticksPerSecond()).isPositive();
    } catch (PackagingException e) {
      assertThat(e).hasMessageContaining(NAME);
    }
  }

  /** One {@code moof} box, as {@link TrackIndexReader} hands it over. */
  @FuzzTest(maxDuration = "20s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void moofParser(byte[] moof) {
    try {
      MoofParser.MoofTiming timing =
          MoofParser.parse(
              NAME,
              ByteBuffer.wrap(moof),
              /* offsetBytes= */ 0,
              /* dataBytesAfter= */ 1 << 20,
              /* trexDefaultSampleDurationTicks= */ 1024,
              /* trexDefaultSampleFlags= */ 0x10000);
      assertThat(timing.sampleCount()).isPositive().isLessThanOrEqualTo(1 << 20);
      assertThat(timing.durationTicks()).isPositive();
      assertThat(timing.baseMediaDecodeTimeTicks()).isNotNegative();
    } catch (PackagingException e) {
      assertThat(e).hasMessageContaining(NAME);
    }
  }
}
