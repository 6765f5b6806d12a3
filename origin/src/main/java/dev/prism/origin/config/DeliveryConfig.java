package dev.prism.origin.config;

import java.net.URI;
import java.util.List;

/**
 * How media is addressed and offered to players ({@code delivery.*}).
 *
 * @param publicBaseUrls the public base URLs viewers use, e.g. {@code https://d111.cloudfront.net},
 *     without a trailing slash: what the gate matches signed resources against and what the mint
 *     signs (the first entry); at least one
 * @param segmentDurationMs the target media segment duration in milliseconds (the {@code segMs} of
 *     segment URLs)
 * @param compressManifests gzip playlists and MPDs for clients that accept it
 * @param cors cross-origin access for players on other origins
 */
public record DeliveryConfig(
    List<URI> publicBaseUrls, int segmentDurationMs, boolean compressManifests, Cors cors) {

  public DeliveryConfig {
    publicBaseUrls = List.copyOf(publicBaseUrls);
  }

  /** The base URL the mint signs: the first of {@link #publicBaseUrls()}. */
  public URI primaryBaseUrl() {
    return publicBaseUrls.get(0);
  }

  /**
   * CORS ({@code delivery.cors.*}); responses echo an allowed {@code Origin} with {@code
   * Access-Control-Allow-Credentials: true}.
   *
   * @param allowedOrigins origins such as {@code https://app.example.com}; {@code *} echoes any
   *     origin (development only); empty = no CORS headers
   */
  public record Cors(List<String> allowedOrigins) {
    public Cors {
      allowedOrigins = List.copyOf(allowedOrigins);
    }
  }
}
