package dev.prism.packager.hls;

/** Tag names of RFC 8216 §4.3, as written. */
final class HlsTags {
  static final String EXTM3U = "#EXTM3U";
  static final String EXT_X_VERSION = "#EXT-X-VERSION";
  static final String EXT_X_INDEPENDENT_SEGMENTS = "#EXT-X-INDEPENDENT-SEGMENTS";
  static final String EXT_X_TARGETDURATION = "#EXT-X-TARGETDURATION";
  static final String EXT_X_MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE";
  static final String EXT_X_PLAYLIST_TYPE = "#EXT-X-PLAYLIST-TYPE";
  static final String EXT_X_MAP = "#EXT-X-MAP";
  static final String EXTINF = "#EXTINF";
  static final String EXT_X_ENDLIST = "#EXT-X-ENDLIST";
  static final String EXT_X_MEDIA = "#EXT-X-MEDIA";
  static final String EXT_X_STREAM_INF = "#EXT-X-STREAM-INF";

  /** EXT-X-VERSION 7: EXT-X-MAP in a playlist without I-frames needs 6+ (RFC 8216 §7). */
  static final int VERSION = 7;

  private HlsTags() {}

  /** A quoted-string attribute value (RFC 8216 §4.2); quotes and line breaks are not allowed. */
  static String quoted(String value) {
    return "\"" + value.replace('"', '\'').replace('\n', ' ').replace('\r', ' ') + "\"";
  }
}
