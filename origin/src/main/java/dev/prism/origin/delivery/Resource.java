package dev.prism.origin.delivery;

import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What a route answers with: a body plus the headers that describe it. Values are immutable and
 * shared by every response that sends them (they live in the caches).
 *
 * @param contentType the {@code Content-Type}, e.g. {@code video/mp4}
 * @param etag the strong entity tag of the identity body, quoted (RFC 9110 §8.8.3)
 * @param cacheControl the {@code Cache-Control} value
 * @param body the bytes, in memory or as a region of a local file
 * @param gzipped the body gzip-compressed (manifests only), sent when the client accepts gzip; null
 *     for bodies that are never compressed (segments)
 */
public record Resource(
    String contentType, String etag, String cacheControl, Body body, @Nullable Buffer gzipped) {

  /** {@code Cache-Control} of everything that embeds a version: safe to keep for a year. */
  public static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** The length of the identity body in bytes. */
  public long lengthBytes() {
    return body.lengthBytes();
  }

  /** A response body. */
  public sealed interface Body permits InMemory, FileRegion, Streaming {
    /** The body's length in bytes. */
    long lengthBytes();
  }

  /** Bytes held in memory (manifests, init segments, segments cached from a remote store). */
  public record InMemory(Buffer bytes) implements Body {
    @Override
    public long lengthBytes() {
      return bytes.length();
    }
  }

  /**
   * A media segment still arriving from a remote store, for the request that started its download:
   * sent as it arrives ({@link SegmentDownload#streamTo}) when the whole representation is asked
   * for, else from {@link SegmentDownload#whole()} once complete. Never cached: the {@code
   * segments} cache keeps the completed bytes as {@link InMemory}.
   */
  public record Streaming(SegmentDownload download) implements Body {
    @Override
    public long lengthBytes() {
      return download.lengthBytes();
    }
  }

  /**
   * {@code lengthBytes} bytes of a local file from {@code offsetBytes}, sent with zero copy ({@code
   * sendfile}).
   *
   * @param file the open file; the region holds one reference to it for as long as a cache keeps
   *     the region (its builder takes it, the cache's removal gives it back), and a response takes
   *     its own while it sends ({@link SharedFile})
   * @param offsetBytes where the region starts in the file
   * @param lengthBytes the region's length
   */
  public record FileRegion(SharedFile file, long offsetBytes, long lengthBytes) implements Body {
    public FileRegion {
      if (offsetBytes < 0 || lengthBytes < 0) {
        throw new IllegalArgumentException(
            "negative file region: offset=" + offsetBytes + " length=" + lengthBytes);
      }
    }

    /**
     * The file's path: for logs, and sent by path over HTTP/2, where Vert.x cannot send a channel.
     */
    public Path path() {
      return file.path();
    }
  }
}
