package dev.prism.origin.http;

import io.vertx.core.http.HttpHeaders;

/** Header names Vert.x's {@link HttpHeaders} lacks (RFC 9110 §14). */
public final class HeaderNames {
  /** {@code Range} (RFC 9110 §14.2). */
  public static final CharSequence RANGE = HttpHeaders.createOptimized("Range");

  /** {@code If-Range} (RFC 9110 §13.1.5). */
  public static final CharSequence IF_RANGE = HttpHeaders.createOptimized("If-Range");

  private HeaderNames() {}
}
