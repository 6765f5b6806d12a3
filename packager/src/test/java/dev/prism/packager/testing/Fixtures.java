package dev.prism.packager.testing;

import dev.prism.packager.cmaf.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Committed fixtures: our own track files (src/test/resources/fixtures) and the third-party CMAF
 * streams (src/test/resources/streams, licences in its PROVENANCE.md), read from the classpath.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The bytes of classpath resource {@code fixtures/<name>}. */
  public static byte[] bytes(String name) {
    return resource("fixtures/" + name);
  }

  /** The bytes of classpath resource {@code name} (no leading slash); fails when it is missing. */
  public static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A reader over {@code bytes} that counts its reads. */
  public static final class CountingReader implements RangeReader {
    private final byte[] bytes;
    private final AtomicInteger reads = new AtomicInteger();

    public CountingReader(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public ByteBuffer read(long offsetBytes, int lengthBytes) throws IOException {
      reads.incrementAndGet();
      return RangeReader.ofBytes(bytes).read(offsetBytes, lengthBytes);
    }

    public int reads() {
      return reads.get();
    }
  }

  /**
   * A CMAF track file without sidx made the way the streams' PROVENANCE.md says: the init segment
   * followed by the media segments {@code segmentNames} in order, all read from classpath folder
   * {@code streams/<streamDir>}.
   */
  public static byte[] concatenated(String streamDir, String init, List<String> segmentNames) {
    String dir = "streams/" + streamDir + "/";
    List<byte[]> parts = new ArrayList<>();
    parts.add(resource(dir + init));
    for (String s : segmentNames) {
      parts.add(resource(dir + s));
    }
    return BoxWriter.concat(parts.toArray(new byte[0][]));
  }
}
