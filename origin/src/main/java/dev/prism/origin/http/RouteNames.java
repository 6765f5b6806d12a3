package dev.prism.origin.http;

/**
 * The route name of a request path, used as a metric label and in the access log. Derived from the
 * path's shape before routing, so requests a guard refuses are labelled too; never the raw path
 * (unbounded label cardinality).
 */
public final class RouteNames {
  public static final String MULTIVARIANT = "multivariant_playlist";
  public static final String MPD = "mpd";
  public static final String MEDIA_PLAYLIST = "media_playlist";
  public static final String INIT = "init_segment";
  public static final String SEGMENT = "media_segment";
  public static final String HEALTHZ = "healthz";
  public static final String READYZ = "readyz";
  public static final String METRICS = "metrics";
  public static final String PLAY = "play";
  public static final String OTHER = "other";

  private RouteNames() {}

  /** The route name for {@code path} (DESIGN.md, "URLs"). */
  public static String classify(String path) {
    if (path.startsWith("/v1/")) {
      if (path.endsWith(".m4s")) {
        return SEGMENT;
      } else if (path.endsWith("/init.mp4")) {
        return INIT;
      } else if (path.endsWith("/hls/index.m3u8")) {
        return MULTIVARIANT;
      } else if (path.endsWith(".m3u8")) {
        return MEDIA_PLAYLIST;
      } else if (path.endsWith("/dash/index.mpd")) {
        return MPD;
      }
      return OTHER;
    }
    switch (path) {
      case "/healthz":
        return HEALTHZ;
      case "/readyz":
        return READYZ;
      case "/metrics":
        return METRICS;
      default:
        return path.startsWith("/play/") ? PLAY : OTHER;
    }
  }
}
