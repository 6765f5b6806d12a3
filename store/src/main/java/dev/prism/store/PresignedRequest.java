package dev.prism.store;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request anyone may make without credentials until {@code expiration}: the URL carries an AWS
 * Signature Version 4 in its query string.
 *
 * @param method the HTTP method it is signed for, {@code GET} or {@code PUT}
 * @param uri the presigned URL
 * @param headers headers the client must send exactly as given, because they were signed ({@code
 *     Host} left out: every HTTP client sends it); usually empty
 * @param expiration the instant the signature stops being accepted
 */
public record PresignedRequest(
    String method, URI uri, Map<String, List<String>> headers, Instant expiration) {
  public PresignedRequest {
    headers = Map.copyOf(headers);
  }
}
