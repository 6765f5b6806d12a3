package dev.prism.packager.naming;

import dev.prism.packager.Checks;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URL layout of DESIGN.md, both ways. Absolute paths (what the origin routes):
 *
 * <pre>{@code
 * /v1/{assetId}/hls/index.m3u8                          multivariant playlist
 * /v1/{assetId}/dash/index.mpd                          MPD
 * /v1/{assetId}/{version}/hls/{segMs}/{trackId}.m3u8    media playlist
 * /v1/{assetId}/{version}/{trackId}/init.mp4            init segment
 * /v1/{assetId}/{version}/{trackId}/{segMs}/{n}.m4s     media segment n (1-based)
 * }</pre>
 *
 * <p>Manifests carry <b>relative</b> URIs (RFC 3986 §5.2, resolved against the manifest's own URL),
 * so one cached manifest works behind any CDN host name and any scheme:
 *
 * <ul>
 *   <li>multivariant playlist → media playlist: {@code ../{version}/hls/{segMs}/{trackId}.m3u8}
 *   <li>media playlist → init segment: {@code ../../{trackId}/init.mp4}
 *   <li>media playlist → media segment: {@code ../../{trackId}/{segMs}/{n}.m4s}
 *   <li>MPD → {@code SegmentTemplate@media}: {@code
 *       ../{version}/$RepresentationID$/{segMs}/$Number$.m4s}, {@code @initialization}: {@code
 *       ../{version}/$RepresentationID$/init.mp4}
 * </ul>
 *
 * HLS and DASH therefore name the same segment objects, and a CDN caches each once.
 *
 * <p>Ids (asset, version, track) match {@value #ID_REGEX}; segMs lies in {@value #MIN_SEG_MS}..
 * {@value #MAX_SEG_MS}; segment numbers start at 1 and have no leading zeros. {@link #parse}
 * accepts exactly what the formatters produce and nothing else; it never throws.
 */
public final class ResourceNaming {
  /** Ids in paths (DESIGN.md "Ids in paths are validated"). */
  public static final String ID_REGEX = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  /** The shortest segment duration accepted in URLs, in milliseconds. */
  public static final long MIN_SEG_MS = 1_000;

  /** The longest segment duration accepted in URLs, in milliseconds. */
  public static final long MAX_SEG_MS = 60_000;

  /** The largest segment number a URL may carry (9 digits). */
  public static final long MAX_SEGMENT_NUMBER = 999_999_999;

  public static final String PREFIX = "/v1/";
  public static final String MULTIVARIANT_PLAYLIST_NAME = "index.m3u8";
  public static final String MPD_NAME = "index.mpd";
  public static final String INIT_SEGMENT_NAME = "init.mp4";
  public static final String HLS_DIR = "hls";
  public static final String DASH_DIR = "dash";

  private static final Pattern ID = Pattern.compile(ID_REGEX);
  private static final String ID_GROUP = "(" + ID_REGEX + ")";
  private static final String SEG_MS_GROUP = "([1-9][0-9]{3,4})";
  private static final Pattern MULTIVARIANT =
      Pattern.compile("/v1/" + ID_GROUP + "/hls/index\\.m3u8");
  private static final Pattern MPD = Pattern.compile("/v1/" + ID_GROUP + "/dash/index\\.mpd");
  private static final Pattern MEDIA_PLAYLIST =
      Pattern.compile(
          "/v1/" + ID_GROUP + "/" + ID_GROUP + "/hls/" + SEG_MS_GROUP + "/" + ID_GROUP + "\\.m3u8");
  private static final Pattern INIT =
      Pattern.compile("/v1/" + ID_GROUP + "/" + ID_GROUP + "/" + ID_GROUP + "/init\\.mp4");
  private static final Pattern MEDIA_SEGMENT =
      Pattern.compile(
          "/v1/"
              + ID_GROUP
              + "/"
              + ID_GROUP
              + "/"
              + ID_GROUP
              + "/"
              + SEG_MS_GROUP
              + "/([1-9][0-9]{0,8})\\.m4s");

  private ResourceNaming() {}

  /** True when {@code id} may appear as an asset, version or track id in a path. */
  public static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  /** The absolute path of {@code request}. */
  public static String path(PackagingRequest request) {
    if (request instanceof MultivariantPlaylistRequest r) {
      return multivariantPlaylistPath(r.assetId());
    } else if (request instanceof MpdRequest r) {
      return mpdPath(r.assetId());
    } else if (request instanceof MediaPlaylistRequest r) {
      return mediaPlaylistPath(r.assetId(), r.version(), r.segMs(), r.trackId());
    } else if (request instanceof InitSegmentRequest r) {
      return initSegmentPath(r.assetId(), r.version(), r.trackId());
    } else if (request instanceof MediaSegmentRequest r) {
      return mediaSegmentPath(r.assetId(), r.version(), r.trackId(), r.segMs(), r.segmentNumber());
    }
    throw new AssertionError("unhandled request type: " + request);
  }

  /**
   * Parses an absolute request path (no query, no scheme or host).
   *
   * @return the request, or empty when {@code path} is not one this class formats
   */
  public static Optional<PackagingRequest> parse(String path) {
    Matcher m = MEDIA_SEGMENT.matcher(path);
    if (m.matches() && inSegMsRange(m.group(4))) {
      return Optional.of(
          new MediaSegmentRequest(
              m.group(1),
              m.group(2),
              m.group(3),
              Long.parseLong(m.group(4)),
              Long.parseLong(m.group(5))));
    }
    m = INIT.matcher(path);
    if (m.matches()) {
      return Optional.of(new InitSegmentRequest(m.group(1), m.group(2), m.group(3)));
    }
    m = MEDIA_PLAYLIST.matcher(path);
    if (m.matches() && inSegMsRange(m.group(3))) {
      return Optional.of(
          new MediaPlaylistRequest(m.group(1), m.group(2), Long.parseLong(m.group(3)), m.group(4)));
    }
    m = MULTIVARIANT.matcher(path);
    if (m.matches()) {
      return Optional.of(new MultivariantPlaylistRequest(m.group(1)));
    }
    m = MPD.matcher(path);
    if (m.matches()) {
      return Optional.of(new MpdRequest(m.group(1)));
    }
    return Optional.empty();
  }

  /** {@code /v1/{assetId}/hls/index.m3u8} */
  public static String multivariantPlaylistPath(String assetId) {
    checkId("assetId", assetId);
    return PREFIX + assetId + "/" + HLS_DIR + "/" + MULTIVARIANT_PLAYLIST_NAME;
  }

  /** {@code /v1/{assetId}/dash/index.mpd} */
  public static String mpdPath(String assetId) {
    checkId("assetId", assetId);
    return PREFIX + assetId + "/" + DASH_DIR + "/" + MPD_NAME;
  }

  /** {@code /v1/{assetId}/{version}/hls/{segMs}/{trackId}.m3u8} */
  public static String mediaPlaylistPath(
      String assetId, String version, long segMs, String trackId) {
    checkId("assetId", assetId);
    return PREFIX + assetId + "/" + mediaPlaylistUri(version, segMs, trackId).substring(3);
  }

  /** {@code /v1/{assetId}/{version}/{trackId}/init.mp4} */
  public static String initSegmentPath(String assetId, String version, String trackId) {
    checkId("assetId", assetId);
    checkId("version", version);
    checkId("trackId", trackId);
    return PREFIX + assetId + "/" + version + "/" + trackId + "/" + INIT_SEGMENT_NAME;
  }

  /** {@code /v1/{assetId}/{version}/{trackId}/{segMs}/{n}.m4s} */
  public static String mediaSegmentPath(
      String assetId, String version, String trackId, long segMs, long segmentNumber) {
    checkId("assetId", assetId);
    checkId("version", version);
    return PREFIX
        + assetId
        + "/"
        + version
        + "/"
        + mediaSegmentUri(trackId, segMs, segmentNumber).substring(6);
  }

  /**
   * A media playlist's URI relative to the multivariant playlist ({@code /v1/{assetId}/hls/}):
   * {@code ../{version}/hls/{segMs}/{trackId}.m3u8}.
   */
  public static String mediaPlaylistUri(String version, long segMs, String trackId) {
    checkId("version", version);
    checkSegMs(segMs);
    checkId("trackId", trackId);
    return "../" + version + "/" + HLS_DIR + "/" + segMs + "/" + trackId + ".m3u8";
  }

  /**
   * The init segment's URI relative to a media playlist ({@code /v1/{a}/{v}/hls/{segMs}/}): {@code
   * ../../{trackId}/init.mp4}.
   */
  public static String initSegmentUri(String trackId) {
    checkId("trackId", trackId);
    return "../../" + trackId + "/" + INIT_SEGMENT_NAME;
  }

  /**
   * A media segment's URI relative to a media playlist ({@code /v1/{a}/{v}/hls/{segMs}/}): {@code
   * ../../{trackId}/{segMs}/{n}.m4s}.
   */
  public static String mediaSegmentUri(String trackId, long segMs, long segmentNumber) {
    checkId("trackId", trackId);
    checkSegMs(segMs);
    checkSegmentNumber(segmentNumber);
    return "../../" + trackId + "/" + segMs + "/" + mediaSegmentName(segmentNumber);
  }

  /** {@code {n}.m4s} */
  public static String mediaSegmentName(long segmentNumber) {
    checkSegmentNumber(segmentNumber);
    return segmentNumber + ".m4s";
  }

  /**
   * DASH {@code SegmentTemplate@media} relative to the MPD ({@code /v1/{assetId}/dash/}), with
   * {@code $RepresentationID$} = track id and {@code $Number$} = segment number (ISO/IEC 23009-1
   * §5.3.9.4.4).
   */
  public static String mpdMediaTemplate(String version, long segMs) {
    checkId("version", version);
    checkSegMs(segMs);
    return "../" + version + "/$RepresentationID$/" + segMs + "/$Number$.m4s";
  }

  /** DASH {@code SegmentTemplate@initialization} relative to the MPD. */
  public static String mpdInitializationTemplate(String version) {
    checkId("version", version);
    return "../" + version + "/$RepresentationID$/" + INIT_SEGMENT_NAME;
  }

  static void checkId(String what, String id) {
    Checks.argument(isValidId(id), "invalid %s: '%s' (must match %s)", what, id, ID_REGEX);
  }

  static void checkSegMs(long segMs) {
    Checks.argument(
        segMs >= MIN_SEG_MS && segMs <= MAX_SEG_MS,
        "segMs %s outside %s..%s",
        segMs,
        MIN_SEG_MS,
        MAX_SEG_MS);
  }

  static void checkSegmentNumber(long segmentNumber) {
    Checks.argument(
        segmentNumber >= 1 && segmentNumber <= MAX_SEGMENT_NUMBER,
        "segment number %s outside 1..%s",
        segmentNumber,
        MAX_SEGMENT_NUMBER);
  }

  private static boolean inSegMsRange(String digits) {
    long segMs = Long.parseLong(digits);
    return segMs >= MIN_SEG_MS && segMs <= MAX_SEG_MS;
  }
}
