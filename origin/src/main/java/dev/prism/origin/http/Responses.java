package dev.prism.origin.http;

import dev.prism.origin.delivery.ETags;
import dev.prism.origin.delivery.Resource;
import dev.prism.origin.delivery.SegmentDownload;
import dev.prism.origin.delivery.SharedFile;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.jspecify.annotations.Nullable;

/**
 * Sends a {@link Resource} with the semantics of RFC 9110: {@code ETag} and {@code If-None-Match}
 * (304), {@code HEAD}, single {@code Range} (206/416, see {@link ByteRanges}) with {@code
 * If-Range}, and the pre-compressed gzip variant of manifests.
 *
 * <p>Compression is done here, once per cached manifest, rather than by the server's compression
 * option: Vert.x disables zero-copy {@code sendFile} on every connection whose pipeline holds a
 * compressor, and segments are the bulk of the bytes. Segments are never compressed.
 */
public final class Responses {
  private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");
  private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
  private static final CharSequence ACCEPT_ENCODING =
      HttpHeaders.createOptimized("Accept-Encoding");

  private Responses() {}

  /** Answers the request in {@code ctx} with {@code resource}; ends the response. */
  public static void send(RoutingContext ctx, Resource resource) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    MultiMap headers = response.headers();
    headers.set(HttpHeaders.CONTENT_TYPE, resource.contentType());
    headers.set(HttpHeaders.CACHE_CONTROL, resource.cacheControl());

    Buffer gzipped = resource.gzipped();
    boolean sendGzip = false;
    if (gzipped != null) {
      headers.add(HttpHeaders.VARY, ACCEPT_ENCODING);
      sendGzip = acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
    }
    // A strong ETag names one representation: the gzip variant has its own (RFC 9110 §8.8.3).
    String etag = sendGzip ? gzipEtag(resource.etag()) : resource.etag();
    headers.set(HttpHeaders.ETAG, etag);

    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null && ETags.weakMatchAny(ifNoneMatch, etag)) {
      response.setStatusCode(304).end();
      return;
    }
    boolean head = request.method() == HttpMethod.HEAD;

    if (sendGzip && gzipped != null) {
      headers.set(HttpHeaders.CONTENT_ENCODING, GZIP);
      endBytes(response, gzipped, head);
      return;
    }

    long length = resource.lengthBytes();
    headers.set(HttpHeaders.ACCEPT_RANGES, BYTES);
    ByteRanges.Outcome range = ByteRanges.parse(rangeHeader(request, etag), length);
    if (range instanceof ByteRanges.Unsatisfiable) {
      headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + length);
      headers.remove(HttpHeaders.CONTENT_TYPE);
      response.setStatusCode(416).end();
      return;
    }
    long first = 0;
    long count = length;
    if (range instanceof ByteRanges.Partial p) {
      first = p.firstByte();
      count = p.lengthBytes();
      headers.set(
          HttpHeaders.CONTENT_RANGE, "bytes " + p.firstByte() + "-" + p.lastByte() + "/" + length);
      response.setStatusCode(206);
    }

    Resource.Body body = resource.body();
    if (body instanceof Resource.Streaming st) {
      SegmentDownload download = st.download();
      if (head
          || count != length
          || !download.streamTo(response, ctx.vertx().getOrCreateContext(), ctx::fail)) {
        // HEAD and ranges wait for the whole segment, as a cached one is sent.
        long from = first;
        long n = count;
        Future.fromCompletionStage(download.whole(), ctx.vertx().getOrCreateContext())
            .onComplete(
                done -> {
                  if (response.ended() || response.headWritten() || ctx.failed()) {
                    return;
                  }
                  if (done.failed()) {
                    ctx.fail(done.cause());
                    return;
                  }
                  Buffer bytes = done.result();
                  if (n != length) {
                    bytes = bytes.slice((int) from, (int) (from + n));
                  }
                  endBytes(response, bytes, head);
                });
      }
      return;
    }
    if (body instanceof Resource.InMemory m) {
      Buffer bytes = m.bytes();
      if (count != length) {
        bytes = bytes.slice((int) first, (int) (first + count));
      }
      endBytes(response, bytes, head);
    } else if (body instanceof Resource.FileRegion f) {
      if (head) {
        headers.set(HttpHeaders.CONTENT_LENGTH, Long.toString(count));
        response.end();
      } else if (request.version() == HttpVersion.HTTP_2) {
        // Vert.x's HTTP/2 response cannot send a FileChannel (it fails with "HTTP/2 does not
        // support sending channel for now"), and an HTTP/2 stream is framed, so there is no zero
        // copy anyway: stream the region by path (Vert.x reads it on a worker, off the loop).
        response.sendFile(f.path().toString(), f.offsetBytes() + first, count).onFailure(ctx::fail);
      } else if (f.file().retain()) {
        // The response holds the file while it sends: a cache letting the region or its version go
        // meanwhile cannot close the channel under the transfer.
        SharedFile file = f.file();
        response
            .sendFile(file.channel(), f.offsetBytes() + first, count)
            .onComplete(
                done -> {
                  file.release();
                  if (done.failed()) {
                    ctx.fail(done.cause());
                  }
                });
      } else {
        // Closed since the lookup (every holder let go): the file is immutable, send it by path.
        response.sendFile(f.path().toString(), f.offsetBytes() + first, count).onFailure(ctx::fail);
      }
    }
  }

  private static void endBytes(HttpServerResponse response, Buffer bytes, boolean head) {
    if (head) {
      response.headers().set(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length()));
      response.end();
    } else {
      response.end(bytes);
    }
  }

  /** The Range header when it applies: {@code If-Range} must name the current ETag (§13.1.5). */
  private static @Nullable String rangeHeader(HttpServerRequest request, String etag) {
    String range = request.getHeader(HeaderNames.RANGE);
    if (range == null) {
      return null;
    }
    String ifRange = request.getHeader(HeaderNames.IF_RANGE);
    if (ifRange != null && !ifRange.trim().equals(etag)) {
      return null; // a date, a weak tag, or another entity: send the whole representation
    }
    return range;
  }

  static String gzipEtag(String etag) {
    return etag.substring(0, etag.length() - 1) + "-gz\"";
  }

  /** True when {@code Accept-Encoding} lists gzip (or {@code *}) with a non-zero quality. */
  static boolean acceptsGzip(@Nullable String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] p = part.trim().split(";");
      String coding = p[0].trim();
      if (!coding.equalsIgnoreCase("gzip") && !coding.equals("*")) {
        continue;
      }
      boolean zero = false;
      for (int i = 1; i < p.length; i++) {
        String param = p[i].trim();
        if (param.startsWith("q=") || param.startsWith("Q=")) {
          try {
            zero = Double.parseDouble(param.substring(2)) == 0.0;
          } catch (NumberFormatException e) {
            zero = true;
          }
        }
      }
      if (!zero) {
        return true;
      }
    }
    return false;
  }
}
