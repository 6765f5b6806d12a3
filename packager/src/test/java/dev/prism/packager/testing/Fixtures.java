package dev.prism.packager.testing;

import dev.prism.packager.cmaf.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Committed fixtures (src/test/resources/fixtures) and the shared third-party streams. */
public final class Fixtures {
  /**
   * Third-party CMAF without sidx (PROVENANCE.md there), not committed (5.5 MB): from the system
   * property {@code prism.streams.dir}, else {@code shared/streams} next to the repository, else
   * {@code /work/shared/streams}. Tests that need it fail, naming the property, when none exists.
   */
  public static final Path SHARED_STREAMS = sharedStreams();

  private static Path sharedStreams() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty("prism.streams.dir");
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("..", "..", "shared", "streams")); // from packager/
    candidates.add(Path.of("..", "shared", "streams")); // from the repository root
    candidates.add(Path.of("/work/shared/streams"));
    for (Path p : candidates) {
      if (Files.isDirectory(p.resolve("cta-wave-croatia-1080p25-dash"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    // Resolved lazily by the tests that read it, which then fail with this path in the message.
    return Path.of(configured != null ? configured : "/work/shared/streams");
  }

  private Fixtures() {}

  /** The bytes of classpath resource {@code fixtures/<name>}. */
  public static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
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
   * A CMAF track file without sidx made the way PROVENANCE.md says: the init segment followed by
   * the media segments {@code segmentNames} in order, from a stream folder.
   */
  public static byte[] concatenated(Path streamDir, String init, List<String> segmentNames) {
    try {
      List<byte[]> parts = new ArrayList<>();
      parts.add(Files.readAllBytes(streamDir.resolve(init)));
      for (String s : segmentNames) {
        parts.add(Files.readAllBytes(streamDir.resolve(s)));
      }
      return BoxWriter.concat(parts.toArray(new byte[0][]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File names in {@code dir} matching {@code glob}, sorted numerically by their digits. */
  public static List<String> numbered(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix) && n.replace(suffix, "").matches("[0-9]+"))
          .sorted((a, b) -> Long.compare(digits(a), digits(b)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long digits(String name) {
    return Long.parseLong(name.replaceAll("[^0-9]", ""));
  }
}
