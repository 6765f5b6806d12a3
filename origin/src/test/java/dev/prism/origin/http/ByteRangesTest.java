package dev.prism.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.origin.http.ByteRanges.Partial;
import dev.prism.origin.http.ByteRanges.Unsatisfiable;
import dev.prism.origin.http.ByteRanges.Whole;
import org.junit.jupiter.api.Test;

class ByteRangesTest {

  @Test
  void parse_absent_whole() {
    assertThat(ByteRanges.parse(null, 100)).isInstanceOf(Whole.class);
  }

  @Test
  void parse_closedRange_partial() {
    assertThat(ByteRanges.parse("bytes=10-19", 100)).isEqualTo(new Partial(10, 19));
    assertThat(ByteRanges.parse("bytes=10-19", 100))
        .extracting(o -> ((Partial) o).lengthBytes())
        .isEqualTo(10L);
  }

  @Test
  void parse_openEnded_toLastByte() {
    assertThat(ByteRanges.parse("bytes=90-", 100)).isEqualTo(new Partial(90, 99));
  }

  @Test
  void parse_lastPastEnd_clamped() {
    assertThat(ByteRanges.parse("bytes=90-1000", 100)).isEqualTo(new Partial(90, 99));
  }

  @Test
  void parse_suffix_lastBytes() {
    assertThat(ByteRanges.parse("bytes=-10", 100)).isEqualTo(new Partial(90, 99));
    assertThat(ByteRanges.parse("bytes=-1000", 100)).isEqualTo(new Partial(0, 99));
  }

  @Test
  void parse_firstAtOrPastEnd_unsatisfiable() {
    assertThat(ByteRanges.parse("bytes=100-", 100)).isInstanceOf(Unsatisfiable.class);
    assertThat(ByteRanges.parse("bytes=200-300", 100)).isInstanceOf(Unsatisfiable.class);
    assertThat(ByteRanges.parse("bytes=-0", 100)).isInstanceOf(Unsatisfiable.class);
  }

  @Test
  void parse_multiRange_whole() {
    assertThat(ByteRanges.parse("bytes=0-1,5-6", 100)).isInstanceOf(Whole.class);
  }

  @Test
  void parse_invalidSyntax_ignored() {
    assertThat(ByteRanges.parse("bytes=5-1", 100)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.parse("items=0-1", 100)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.parse("bytes=a-b", 100)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.parse("bytes=", 100)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.parse("bytes=99999999999999999999-", 100)).isInstanceOf(Whole.class);
  }
}
