package dev.prism.transcoder;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads FFmpeg's {@code -progress} output ({@code key=value} lines, each block ending with {@code
 * progress=continue} or {@code progress=end}) into {@link ProgressEvent}s. Not thread-safe: one
 * parser per FFmpeg process, fed from one reader thread.
 */
final class ProgressParser {
  private final long totalUs;
  private final Consumer<ProgressEvent> sink;
  private final Map<String, String> block = new HashMap<>();

  ProgressParser(long totalUs, Consumer<ProgressEvent> sink) {
    this.totalUs = totalUs;
    this.sink = sink;
  }

  /** Feeds one line; emits an event at each block's end. */
  void line(String line) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      return;
    }
    String key = line.substring(0, eq).trim();
    String value = line.substring(eq + 1).trim();
    block.put(key, value);
    if (key.equals("progress")) {
      @Nullable ProgressEvent e = event(value.equals("end"));
      block.clear();
      if (e != null) {
        sink.accept(e);
      }
    }
  }

  private @Nullable ProgressEvent event(boolean end) {
    long outUs = parseLong(block.getOrDefault("out_time_us", block.get("out_time_ms")));
    if (outUs < 0 && !end) {
      return null; // FFmpeg prints N/A before the first frame is muxed
    }
    outUs = Math.max(0, outUs);
    if (end) {
      outUs = Math.max(outUs, totalUs);
    }
    double speed = parseSpeed(block.get("speed"));
    double percent = totalUs <= 0 ? 0 : Math.min(100.0, 100.0 * outUs / totalUs);
    Duration eta = null;
    if (end) {
      eta = Duration.ZERO;
    } else if (speed > 0 && totalUs > 0) {
      eta = Duration.ofMillis(Math.max(0, Math.round((totalUs - outUs) / 1000.0 / speed)));
    }
    return new ProgressEvent(
        ProgressEvent.Stage.ENCODING,
        percent,
        outUs,
        totalUs,
        speed,
        eta,
        end ? "encoded" : "encoding");
  }

  private static long parseLong(@Nullable String s) {
    if (s == null) {
      return -1;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static double parseSpeed(@Nullable String s) {
    if (s == null) {
      return 0;
    }
    String v = s.endsWith("x") ? s.substring(0, s.length() - 1) : s;
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) && d > 0 ? d : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
