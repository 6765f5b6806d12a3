package dev.prism.origin.http;

import dev.prism.packager.naming.IFramePlaylistRequest;
import dev.prism.packager.naming.InitSegmentRequest;
import dev.prism.packager.naming.KeyRequest;
import dev.prism.packager.naming.MediaPlaylistRequest;
import dev.prism.packager.naming.MediaSegmentRequest;
import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.naming.TextSegmentRequest;
import dev.prism.packager.naming.ThumbnailRequest;

/**
 * The route name of a request path, used as a metric label and in the access log. Derived from the
 * path before routing, so requests a guard refuses are labelled too; never the raw path (unbounded
 * label cardinality). Content paths are named by the resource kind {@link ResourceNaming} parses
 * them to (tier and packaging configuration do not change the name); a {@code /v1/} path it does
 * not recognise is {@link #OTHER}.
 */
public final class RouteNames {
  public static final String MULTIVARIANT = "multivariant_playlist";
  public static final String MPD = "mpd";
  public static final String MEDIA_PLAYLIST = "media_playlist";
  public static final String IFRAME_PLAYLIST = "iframe_playlist";
  public static final String INIT = "init_segment";
  public static final String SEGMENT = "media_segment";
  public static final String TEXT_SEGMENT = "text_segment";
  public static final String THUMBNAIL = "thumbnail";
  public static final String KEY = "key";
  public static final String HEALTHZ = "healthz";
  public static final String READYZ = "readyz";
  public static final String METRICS = "metrics";
  public static final String PLAY = "play";
  public static final String OTHER = "other";

  private RouteNames() {}

  /** The route name for {@code path} (docs/ARCHITECTURE.md, "URLs"). */
  public static String classify(String path) {
    if (path.startsWith(ResourceNaming.PREFIX)) {
      PackagingRequest request = ResourceNaming.parseOrNull(path);
      return request == null ? OTHER : of(request);
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

  /** The route name of a parsed content request. */
  public static String of(PackagingRequest request) {
    if (request instanceof MediaSegmentRequest) {
      return SEGMENT;
    } else if (request instanceof InitSegmentRequest) {
      return INIT;
    } else if (request instanceof MediaPlaylistRequest) {
      return MEDIA_PLAYLIST;
    } else if (request instanceof MultivariantPlaylistRequest) {
      return MULTIVARIANT;
    } else if (request instanceof MpdRequest) {
      return MPD;
    } else if (request instanceof IFramePlaylistRequest) {
      return IFRAME_PLAYLIST;
    } else if (request instanceof TextSegmentRequest) {
      return TEXT_SEGMENT;
    } else if (request instanceof ThumbnailRequest) {
      return THUMBNAIL;
    } else if (request instanceof KeyRequest) {
      return KEY;
    }
    return OTHER;
  }
}
