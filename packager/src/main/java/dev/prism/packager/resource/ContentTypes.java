package dev.prism.packager.resource;

import dev.prism.packager.cmaf.TrackType;

/** The media types of the packager's resources. */
public final class ContentTypes {
  /** HLS playlists (RFC 8216 §4; rfc8216bis keeps it). */
  public static final String HLS = "application/vnd.apple.mpegurl";

  /** DASH MPD (ISO/IEC 23009-1 Annex C). */
  public static final String DASH = "application/dash+xml";

  /** Video CMAF init and media segments (RFC 4337; ISO/IEC 23000-19 Annex A). */
  public static final String VIDEO_MP4 = "video/mp4";

  /** Audio CMAF init and media segments (RFC 4337). */
  public static final String AUDIO_MP4 = "audio/mp4";

  private ContentTypes() {}

  /** The type of the init and media segments of a track of {@code type}. */
  public static String ofSegments(TrackType type) {
    return type == TrackType.AUDIO ? AUDIO_MP4 : VIDEO_MP4;
  }

  /** True for the manifest texts (worth compressing; segments are not). */
  public static boolean isText(String contentType) {
    return contentType.equals(HLS) || contentType.equals(DASH);
  }
}
