package dev.prism.packager.resource;

import dev.prism.packager.cmaf.ByteRange;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Packager#resource} answers: bytes the packager produced, or byte ranges of a stored
 * track file that the caller sends as they are (zero copy from a local file, a ranged read from a
 * remote store).
 */
public sealed interface PackagedResource
    permits PackagedResource.Bytes, PackagedResource.TrackRegions {

  /** The media type, one of {@link ContentTypes}. */
  String contentType();

  /**
   * A name that identifies the bytes for as long as they exist (it embeds the content version, a
   * content hash), e.g. {@code bbb/v3f9a1c2e/v480/init}; null when only the bytes identify
   * themselves (manifests). An HTTP layer may derive an entity tag from it without hashing the
   * bytes.
   */
  @Nullable String identity();

  /**
   * Bytes produced by the packager: a manifest text in UTF-8, an init segment.
   *
   * @param bytes the whole body; not copied, so callers must not modify it
   * @param contentType the media type
   * @param identity see {@link PackagedResource#identity()}
   */
  record Bytes(byte[] bytes, String contentType, @Nullable String identity)
      implements PackagedResource {
    /** The body's length in bytes. */
    public int lengthBytes() {
      return bytes.length;
    }
  }

  /**
   * Byte ranges of one stored track file, in order: their concatenation is the resource (a CMAF
   * media segment, ISO/IEC 23000-19 §7.3.3: whole fragments, never rewritten).
   *
   * @param trackId the ladder's track id
   * @param ranges the ranges in the track file, at least one; adjacent fragments already merged
   * @param sizeBytes the sum of the ranges' lengths (the HTTP {@code Content-Length})
   * @param contentType the media type
   * @param identity see {@link PackagedResource#identity()}
   */
  record TrackRegions(
      String trackId,
      List<ByteRange> ranges,
      long sizeBytes,
      String contentType,
      @Nullable String identity)
      implements PackagedResource {
    public TrackRegions {
      ranges = List.copyOf(ranges);
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException("no byte ranges for track " + trackId);
      }
      long sum = 0;
      for (ByteRange r : ranges) {
        sum += r.lengthBytes();
      }
      if (sum != sizeBytes) {
        throw new IllegalArgumentException("sizeBytes " + sizeBytes + " != sum of ranges " + sum);
      }
    }
  }
}
