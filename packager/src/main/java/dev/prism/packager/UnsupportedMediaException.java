package dev.prism.packager;

/**
 * A well-formed track file that Prism does not package: an unknown sample entry (codec), a
 * hierarchical {@code sidx}, a file carrying several tracks. The message names the track and the
 * byte offset of the box that decided it.
 */
public final class UnsupportedMediaException extends PackagingException {
  private static final long serialVersionUID = 1L;

  private final String trackName;
  private final long offsetBytes;

  private UnsupportedMediaException(String trackName, long offsetBytes, String message) {
    super(message, /* cause= */ null);
    this.trackName = trackName;
    this.offsetBytes = offsetBytes;
  }

  /**
   * An unsupported feature found in a box.
   *
   * @param trackName the track file's name as the caller knows it (e.g. its store key)
   * @param fourcc the box type, e.g. {@code "stsd"}
   * @param offsetBytes the box's offset from the start of the file
   * @param why what Prism does not support, in a few words
   */
  public static UnsupportedMediaException atBox(
      String trackName, String fourcc, long offsetBytes, String why) {
    return new UnsupportedMediaException(
        trackName, offsetBytes, atBoxMessage(trackName, "unsupported", fourcc, offsetBytes, why));
  }

  /** The track file's name as given to the reader. */
  public String trackName() {
    return trackName;
  }

  /** Offset of the deciding box from the start of the track file. */
  public long offsetBytes() {
    return offsetBytes;
  }
}
