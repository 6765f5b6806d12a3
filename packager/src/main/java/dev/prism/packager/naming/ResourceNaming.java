package dev.prism.packager.naming;

import dev.prism.packager.Checks;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The owner of the URL grammar (docs/ARCHITECTURE.md, "URLs"), both ways: every path the origin
 * answers and every URI a manifest carries is formatted here, and every request path is parsed here
 * back into a {@link PackagingRequest}. Absolute paths, with {@code [..]} optional:
 *
 * <pre>{@code
 * /v1/{assetId}[/t/{tier}][/p/{config}]/hls/index.m3u8                      multivariant playlist
 * /v1/{assetId}[/t/{tier}][/p/{config}]/dash/index.mpd                      MPD
 * /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/hls/{segMs}/{trackId}.m3u8          media playlist
 * /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/hls/{segMs}/iframes/{trackId}.m3u8  I-frame playlist
 * /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/{trackId}/init.mp4        init segment
 * /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/{trackId}/{segMs}/{n}.m4s media segment n (1-based)
 * /v1/{assetId}[/t/{tier}]/{version}/{textTrackId}/{segMs}/{n}.vtt          WebVTT segment n (never /p/)
 * /v1/{assetId}[/t/{tier}]/{version}/thumbs/{name}                          thumbnail (never /p/)
 * /v1/{assetId}[/t/{tier}]/{version}/p/{config}/keys/{name}                 key, licence (only /p/)
 * }</pre>
 *
 * <p>{@code t} is a tier sealed into the grant, {@code p} a packaging configuration (e.g. {@code
 * cenc}, {@code cbcs}, {@code hls-aes128}). Everything under a {@link #grantPrefix grant prefix}
 * {@code /v1/{assetId}[/t/{tier}]/} belongs to one playback, so one signed cookie scoped to it
 * covers the whole playback; everything but the two entry manifests embeds the version and is
 * immutable.
 *
 * <p>Manifests carry <b>relative</b> URIs (RFC 3986 §5.2, resolved against the manifest's own URL),
 * so one cached manifest works behind any CDN host name and any scheme. For the clear, untiered
 * forms:
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
 * <p><b>Ids</b> (asset, tier, configuration, version, track, and the names under {@code thumbs/}
 * and {@code keys/}) follow the one id rule of the project, {@link #isValidId}: {@value #ID_REGEX},
 * and none of the {@link #RESERVED_WORDS} {@code t p hls dash keys thumbs}, which mark the
 * grammar's positions and so keep every path unambiguous. The store's keys use the same rule
 * ({@code store.contract.AssetKeys}). segMs lies in {@value #MIN_SEG_MS}..{@value #MAX_SEG_MS} with
 * no leading zeros; segment numbers start at 1 and have no leading zeros.
 *
 * <p>{@link #parse} accepts exactly what the formatters produce and nothing else, and never throws;
 * it is a hand-written scanner (no regular expressions, no allocation beyond the ids it returns and
 * the record), because it runs on every request.
 */
public final class ResourceNaming {
  /**
   * The character shape of an id (asset, tier, configuration, version, track): 1 to 128 ASCII
   * letters, digits, {@code . _ -}, starting with a letter or digit. Safe in a URL path segment
   * (RFC 3986 §3.3, unreserved characters only) and in a store key; never {@code .} or {@code ..}.
   * An id must also not be a {@linkplain #RESERVED_WORDS reserved word}: see {@link #isValidId}.
   */
  public static final String ID_REGEX = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  /** The longest id, in characters. */
  public static final int MAX_ID_LENGTH = 128;

  /** The tier marker: {@code /v1/{assetId}/t/{tier}/…}. */
  public static final String TIER_DIR = "t";

  /** The packaging-configuration marker: {@code …/p/{config}/…}. */
  public static final String CONFIG_DIR = "p";

  public static final String HLS_DIR = "hls";
  public static final String DASH_DIR = "dash";

  /** The directory of key resources, only under a packaging configuration. */
  public static final String KEYS_DIR = "keys";

  /** The directory of thumbnails, never under a packaging configuration. */
  public static final String THUMBS_DIR = "thumbs";

  /** The directory of I-frame playlists inside {@code hls/{segMs}/}. */
  public static final String IFRAMES_DIR = "iframes";

  /**
   * Words that mark positions in the grammar, so no id may take them (case-sensitive, as URL paths
   * are: RFC 3986 §6.2.2.1); in this order ({@code [t, p, hls, dash, keys, thumbs]}) in messages.
   */
  public static final Set<String> RESERVED_WORDS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              List.of(TIER_DIR, CONFIG_DIR, HLS_DIR, DASH_DIR, KEYS_DIR, THUMBS_DIR)));

  /** The shortest segment duration accepted in URLs, in milliseconds. */
  public static final long MIN_SEG_MS = 1_000;

  /** The longest segment duration accepted in URLs, in milliseconds. */
  public static final long MAX_SEG_MS = 60_000;

  /** The largest segment number a URL may carry (9 digits). */
  public static final long MAX_SEGMENT_NUMBER = 999_999_999;

  /** The path every viewer resource starts with. */
  public static final String PREFIX = "/v1/";

  public static final String MULTIVARIANT_PLAYLIST_NAME = "index.m3u8";
  public static final String MPD_NAME = "index.mpd";
  public static final String INIT_SEGMENT_NAME = "init.mp4";

  /** {@code .m4s}: the extension of a media segment's name ({@link #mediaSegmentName}). */
  public static final String MEDIA_SEGMENT_EXTENSION = ".m4s";

  private static final String M3U8 = ".m3u8";
  private static final String M4S = MEDIA_SEGMENT_EXTENSION;
  private static final String VTT = ".vtt";
  private static final String[] EXTENSIONS = {M3U8, M4S, VTT, ".mp4", ".mpd"};
  private static final String HLS_ENTRY = HLS_DIR + "/" + MULTIVARIANT_PLAYLIST_NAME;
  private static final String DASH_ENTRY = DASH_DIR + "/" + MPD_NAME;

  /**
   * {@code /v1/{assetId}/hls/index.m3u8} with the literal placeholder, for banners and help texts.
   */
  public static final String MULTIVARIANT_PLAYLIST_PATH_TEMPLATE =
      PREFIX + "{assetId}/" + HLS_ENTRY;

  private ResourceNaming() {}

  // ---------------------------------------------------------------------------------- the id rule

  /**
   * The id rule of the project, its one definition: true when {@code id} may be an asset, tier,
   * configuration, version or track id (in a URL path and in a store key): it has the shape {@value
   * #ID_REGEX} and is none of the {@link #RESERVED_WORDS}.
   */
  public static boolean isValidId(@Nullable String id) {
    return id != null && isIdShaped(id, 0, id.length()) && !isReservedWord(id, 0, id.length());
  }

  /** True when {@code word} is one of the {@link #RESERVED_WORDS}. */
  public static boolean isReservedWord(String word) {
    return isReservedWord(word, 0, word.length());
  }

  /** {@code s[from, to)} has the shape {@value #ID_REGEX}. */
  private static boolean isIdShaped(String s, int from, int to) {
    if (to <= from || to - from > MAX_ID_LENGTH || !isAlnum(s.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isReservedWord(String s, int from, int to) {
    switch (to - from) {
      case 1:
        char c = s.charAt(from);
        return c == 't' || c == 'p';
      case 3:
        return s.startsWith(HLS_DIR, from);
      case 4:
        return s.startsWith(DASH_DIR, from) || s.startsWith(KEYS_DIR, from);
      case 6:
        return s.startsWith(THUMBS_DIR, from);
      default:
        return false;
    }
  }

  // ------------------------------------------------------------------------------------ formatting

  /**
   * The grant prefix {@code /v1/{assetId}/} or {@code /v1/{assetId}/t/{tier}/}: every resource of
   * one playback lies below it, so a signed cookie's path and a custom policy's resource ({@code
   * {publicBaseUrl}{prefix}*}) are built from it.
   *
   * @throws IllegalArgumentException if an id is invalid
   */
  public static String grantPrefix(String assetId, @Nullable String tier) {
    checkId("assetId", assetId);
    checkOptionalId("tier", tier);
    return tier == null ? PREFIX + assetId + "/" : PREFIX + assetId + "/t/" + tier + "/";
  }

  /**
   * The grant prefix {@link #grantPrefix(String, String)} of the playback {@code request} is in.
   */
  public static String grantPrefix(PackagingRequest request) {
    return grantPrefix(request.assetId(), request.tier());
  }

  /** The absolute path of {@code request}. */
  public static String path(PackagingRequest request) {
    if (request instanceof MultivariantPlaylistRequest r) {
      return entry(r.assetId(), r.tier(), r.packagingConfig(), HLS_ENTRY);
    } else if (request instanceof MpdRequest r) {
      return entry(r.assetId(), r.tier(), r.packagingConfig(), DASH_ENTRY);
    }
    StringBuilder out = versioned(request);
    if (request instanceof MediaPlaylistRequest r) {
      out.append(HLS_DIR).append('/').append(r.segMs()).append('/').append(r.trackId());
      return out.append(M3U8).toString();
    } else if (request instanceof IFramePlaylistRequest r) {
      out.append(HLS_DIR).append('/').append(r.segMs()).append('/').append(IFRAMES_DIR);
      return out.append('/').append(r.trackId()).append(M3U8).toString();
    } else if (request instanceof InitSegmentRequest r) {
      return out.append(r.trackId()).append('/').append(INIT_SEGMENT_NAME).toString();
    } else if (request instanceof MediaSegmentRequest r) {
      out.append(r.trackId()).append('/').append(r.segMs()).append('/');
      return out.append(r.segmentNumber()).append(M4S).toString();
    } else if (request instanceof TextSegmentRequest r) {
      out.append(r.trackId()).append('/').append(r.segMs()).append('/');
      return out.append(r.segmentNumber()).append(VTT).toString();
    } else if (request instanceof ThumbnailRequest r) {
      return out.append(THUMBS_DIR).append('/').append(r.name()).toString();
    } else if (request instanceof KeyRequest r) {
      return out.append(KEYS_DIR).append('/').append(r.name()).toString();
    }
    throw new AssertionError("unhandled request type: " + request);
  }

  /** {@code /v1/{assetId}[/t/{tier}][/p/{config}]/{suffix}}; the ids are checked by the records. */
  private static String entry(
      String assetId, @Nullable String tier, @Nullable String config, String suffix) {
    StringBuilder out = new StringBuilder(64).append(PREFIX).append(assetId).append('/');
    if (tier != null) {
      out.append(TIER_DIR).append('/').append(tier).append('/');
    }
    if (config != null) {
      out.append(CONFIG_DIR).append('/').append(config).append('/');
    }
    return out.append(suffix).toString();
  }

  /** {@code /v1/{assetId}[/t/{tier}]/{version}[/p/{config}]/} of a versioned request. */
  private static StringBuilder versioned(PackagingRequest request) {
    String version;
    if (request instanceof MediaPlaylistRequest r) {
      version = r.version();
    } else if (request instanceof IFramePlaylistRequest r) {
      version = r.version();
    } else if (request instanceof InitSegmentRequest r) {
      version = r.version();
    } else if (request instanceof MediaSegmentRequest r) {
      version = r.version();
    } else if (request instanceof TextSegmentRequest r) {
      version = r.version();
    } else if (request instanceof ThumbnailRequest r) {
      version = r.version();
    } else if (request instanceof KeyRequest r) {
      version = r.version();
    } else {
      throw new AssertionError("not a versioned request: " + request);
    }
    StringBuilder out = new StringBuilder(96).append(PREFIX).append(request.assetId()).append('/');
    if (request.tier() != null) {
      out.append(TIER_DIR).append('/').append(request.tier()).append('/');
    }
    out.append(version).append('/');
    if (request.packagingConfig() != null) {
      out.append(CONFIG_DIR).append('/').append(request.packagingConfig()).append('/');
    }
    return out;
  }

  /** {@code /v1/{assetId}/hls/index.m3u8} */
  public static String multivariantPlaylistPath(String assetId) {
    return path(new MultivariantPlaylistRequest(assetId));
  }

  /** {@code /v1/{assetId}/dash/index.mpd} */
  public static String mpdPath(String assetId) {
    return path(new MpdRequest(assetId));
  }

  /** {@code /v1/{assetId}/{version}/hls/{segMs}/{trackId}.m3u8} */
  public static String mediaPlaylistPath(
      String assetId, String version, long segMs, String trackId) {
    return path(new MediaPlaylistRequest(assetId, version, segMs, trackId));
  }

  /** {@code /v1/{assetId}/{version}/{trackId}/init.mp4} */
  public static String initSegmentPath(String assetId, String version, String trackId) {
    return path(new InitSegmentRequest(assetId, version, trackId));
  }

  /** {@code /v1/{assetId}/{version}/{trackId}/{segMs}/{n}.m4s} */
  public static String mediaSegmentPath(
      String assetId, String version, String trackId, long segMs, long segmentNumber) {
    return path(new MediaSegmentRequest(assetId, version, trackId, segMs, segmentNumber));
  }

  /**
   * A version's directory relative to an entry manifest's directory ({@code
   * /v1/{assetId}[/t/{tier}][/p/{config}]/hls/} or {@code …/dash/}), for the manifests of a
   * packaging configuration: {@code ../{version}/} when {@code config} is null, else {@code
   * ../../../{version}/p/{config}/} (the configuration sits before {@code hls}/{@code dash} in the
   * entry path and after the version everywhere else). The tier is common to both, so it does not
   * appear. Resolved per RFC 3986 §5.2.
   */
  public static String versionDirectoryUri(String version, @Nullable String config) {
    checkId("version", version);
    checkOptionalId("packagingConfig", config);
    return config == null
        ? "../" + version + "/"
        : "../../../" + version + "/" + CONFIG_DIR + "/" + config + "/";
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
    return mediaSegmentUriPrefix(trackId, segMs) + mediaSegmentName(segmentNumber);
  }

  /**
   * {@code ../../{trackId}/{segMs}/}: what precedes {@link #mediaSegmentName} in a media segment's
   * URI relative to a media playlist, for writers that format many segment URIs of one track.
   */
  public static String mediaSegmentUriPrefix(String trackId, long segMs) {
    checkId("trackId", trackId);
    checkSegMs(segMs);
    return "../../" + trackId + "/" + segMs + "/";
  }

  /** {@code {n}.m4s} */
  public static String mediaSegmentName(long segmentNumber) {
    checkSegmentNumber(segmentNumber);
    return segmentNumber + MEDIA_SEGMENT_EXTENSION;
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

  // --------------------------------------------------------------------------------------- parsing

  /**
   * Parses an absolute request path (no query, no scheme or host; as sent, not percent-decoded).
   *
   * @return the request, or empty when {@code path} is not one this class formats
   */
  public static Optional<PackagingRequest> parse(String path) {
    return Optional.ofNullable(parseOrNull(path));
  }

  /**
   * {@link #parse} without the {@link Optional}, for the request path: the request, or null when
   * {@code path} is not one this class formats. Never throws.
   */
  public static @Nullable PackagingRequest parseOrNull(String path) {
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    int assetFrom = PREFIX.length();
    int assetTo = idBefore(path, assetFrom);
    if (assetTo < 0) {
      return null;
    }
    String assetId = path.substring(assetFrom, assetTo);
    int pos = assetTo + 1;
    @Nullable String tier = null;
    if (isWordAt(path, pos, TIER_DIR)) {
      int from = pos + TIER_DIR.length() + 1;
      int to = idBefore(path, from);
      if (to < 0) {
        return null;
      }
      tier = path.substring(from, to);
      pos = to + 1;
    }
    if (isWordAt(path, pos, CONFIG_DIR)) { // only an entry manifest has /p/ before the version
      int from = pos + CONFIG_DIR.length() + 1;
      int to = idBefore(path, from);
      if (to < 0) {
        return null;
      }
      return entryAt(path, to + 1, assetId, tier, path.substring(from, to));
    }
    PackagingRequest entry = entryAt(path, pos, assetId, tier, null);
    if (entry != null) {
      return entry;
    }
    int versionTo = idBefore(path, pos);
    if (versionTo < 0) {
      return null;
    }
    String version = path.substring(pos, versionTo);
    pos = versionTo + 1;
    @Nullable String config = null;
    if (isWordAt(path, pos, CONFIG_DIR)) {
      int from = pos + CONFIG_DIR.length() + 1;
      int to = idBefore(path, from);
      if (to < 0) {
        return null;
      }
      config = path.substring(from, to);
      pos = to + 1;
    }
    return versionedAt(path, pos, assetId, tier, version, config);
  }

  /** The entry manifest whose {@code hls/index.m3u8} or {@code dash/index.mpd} starts at pos. */
  private static @Nullable PackagingRequest entryAt(
      String path, int pos, String assetId, @Nullable String tier, @Nullable String config) {
    int rest = path.length() - pos;
    if (rest == HLS_ENTRY.length() && path.startsWith(HLS_ENTRY, pos)) {
      return new MultivariantPlaylistRequest(assetId, tier, config);
    } else if (rest == DASH_ENTRY.length() && path.startsWith(DASH_ENTRY, pos)) {
      return new MpdRequest(assetId, tier, config);
    }
    return null;
  }

  /** What follows {@code …/{version}[/p/{config}]/}, which starts at {@code pos}. */
  private static @Nullable PackagingRequest versionedAt(
      String path,
      int pos,
      String assetId,
      @Nullable String tier,
      String version,
      @Nullable String config) {
    if (isWordAt(path, pos, HLS_DIR)) {
      int segMsFrom = pos + HLS_DIR.length() + 1;
      int segMsTo = path.indexOf('/', segMsFrom);
      long segMs = segMsTo < 0 ? -1 : segMs(path, segMsFrom, segMsTo);
      if (segMs < 0) {
        return null;
      }
      int from = segMsTo + 1;
      if (isWordAt(path, from, IFRAMES_DIR)) {
        String trackId = lastId(path, from + IFRAMES_DIR.length() + 1, M3U8);
        return trackId == null
            ? null
            : new IFramePlaylistRequest(assetId, tier, version, config, segMs, trackId);
      }
      String trackId = lastId(path, from, M3U8);
      return trackId == null
          ? null
          : new MediaPlaylistRequest(assetId, tier, version, config, segMs, trackId);
    } else if (isWordAt(path, pos, THUMBS_DIR)) {
      String name = config == null ? lastId(path, pos + THUMBS_DIR.length() + 1, "") : null;
      return name == null ? null : new ThumbnailRequest(assetId, tier, version, name);
    } else if (isWordAt(path, pos, KEYS_DIR)) {
      String name = config == null ? null : lastId(path, pos + KEYS_DIR.length() + 1, "");
      return name == null || config == null
          ? null
          : new KeyRequest(assetId, tier, version, config, name);
    }
    int trackTo = idBefore(path, pos);
    if (trackTo < 0) {
      return null;
    }
    String trackId = path.substring(pos, trackTo);
    int from = trackTo + 1;
    if (path.length() - from == INIT_SEGMENT_NAME.length()
        && path.startsWith(INIT_SEGMENT_NAME, from)) {
      return new InitSegmentRequest(assetId, tier, version, config, trackId);
    }
    int segMsTo = path.indexOf('/', from);
    long segMs = segMsTo < 0 ? -1 : segMs(path, from, segMsTo);
    if (segMs < 0) {
      return null;
    }
    from = segMsTo + 1;
    if (path.endsWith(M4S)) {
      long n = segmentNumber(path, from, path.length() - M4S.length());
      return n < 0
          ? null
          : new MediaSegmentRequest(assetId, tier, version, config, trackId, segMs, n);
    } else if (path.endsWith(VTT) && config == null) {
      long n = segmentNumber(path, from, path.length() - VTT.length());
      return n < 0 ? null : new TextSegmentRequest(assetId, tier, version, trackId, segMs, n);
    }
    return null;
  }

  /**
   * The end of the valid id starting at {@code from}: the index of the {@code '/'} that follows it,
   * or -1 when there is no valid id followed by a {@code '/'} there.
   */
  private static int idBefore(String path, int from) {
    int to = path.indexOf('/', from);
    return to >= 0 && isIdShaped(path, from, to) && !isReservedWord(path, from, to) ? to : -1;
  }

  /** The valid id of {@code path[from, length - suffix.length)}, when path ends with suffix. */
  private static @Nullable String lastId(String path, int from, String suffix) {
    int to = path.length() - suffix.length();
    if (from > to
        || !path.endsWith(suffix)
        || !isIdShaped(path, from, to)
        || isReservedWord(path, from, to)) {
      return null;
    }
    return path.substring(from, to);
  }

  /** True when {@code path} has {@code word} followed by {@code '/'} at {@code pos}. */
  private static boolean isWordAt(String path, int pos, String word) {
    int end = pos + word.length();
    return end < path.length() && path.charAt(end) == '/' && path.startsWith(word, pos);
  }

  /** The segment duration in {@code path[from, to)}, or -1 unless it is well formed, in range. */
  private static long segMs(String path, int from, int to) {
    long value = digits(path, from, to, 5);
    return value >= MIN_SEG_MS && value <= MAX_SEG_MS ? value : -1;
  }

  /** The segment number in {@code path[from, to)}, or -1 unless it is well formed, in range. */
  private static long segmentNumber(String path, int from, int to) {
    long value = digits(path, from, to, 9);
    return value >= 1 && value <= MAX_SEGMENT_NUMBER ? value : -1;
  }

  /** The decimal of {@code path[from, to)}: 1..maxDigits digits, no leading zero; else -1. */
  private static long digits(String path, int from, int to, int maxDigits) {
    if (to <= from || to - from > maxDigits || path.charAt(from) == '0') {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * True when a path segment after {@code /v1/} that is not a grammar word is malformed as an id
   * once its file extension is removed. The origin answers such a path 400 (the client's error) and
   * any other unparsed path 404 (a well-formed name that does not exist). Never throws, also for
   * {@code /v1} and {@code /v1/}.
   */
  public static boolean hasMalformedId(String path) {
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    int from = PREFIX.length();
    if (from == path.length()) {
      return false;
    }
    while (true) {
      int slash = path.indexOf('/', from);
      int to = slash < 0 ? path.length() : slash;
      int idTo = to;
      for (String extension : EXTENSIONS) {
        if (to - from > extension.length() && path.startsWith(extension, to - extension.length())) {
          idTo = to - extension.length();
          break;
        }
      }
      if (!isIdShaped(path, from, idTo)) {
        return true;
      }
      if (slash < 0) {
        return false;
      }
      from = slash + 1;
    }
  }

  // ---------------------------------------------------------------------------------------- checks

  static void checkId(String what, @Nullable String id) {
    Checks.argument(
        isValidId(id),
        "invalid %s: '%s' (must match %s and not be one of %s)",
        what,
        id,
        ID_REGEX,
        RESERVED_WORDS);
  }

  static void checkOptionalId(String what, @Nullable String id) {
    if (id != null) {
      checkId(what, id);
    }
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
}
