package dev.prism.packager;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A CMAF track file that breaks ISO/IEC 14496-12 or ISO/IEC 23000-19: truncated, boxes that overrun
 * their parent or the file, a {@code moov} without a track, a {@code sidx} whose sizes do not add
 * up to the file. The message names the track and the byte offset of the offending box.
 */
public final class MalformedMediaException extends PackagingException {
  private static final long serialVersionUID = 1L;

  private final String trackName;
  private final long offsetBytes;

  private MalformedMediaException(
      String trackName, long offsetBytes, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.trackName = trackName;
    this.offsetBytes = offsetBytes;
  }

  /**
   * A malformed box.
   *
   * @param trackName the track file's name as the caller knows it (e.g. its store key)
   * @param fourcc the box type, e.g. {@code "sidx"}
   * @param offsetBytes the box's offset from the start of the file
   * @param why what is wrong, in a few words
   */
  public static MalformedMediaException atBox(
      String trackName, String fourcc, long offsetBytes, String why) {
    return new MalformedMediaException(
        trackName,
        offsetBytes,
        atBoxMessage(trackName, "malformed", fourcc, offsetBytes, why),
        /* cause= */ null);
  }

  /** Wraps a failure of the box library while parsing the box at {@code offsetBytes}. */
  public static MalformedMediaException wrapping(
      String trackName, String fourcc, long offsetBytes, Throwable cause) {
    return new MalformedMediaException(
        trackName,
        offsetBytes,
        atBoxMessage(trackName, "malformed", fourcc, offsetBytes, cause),
        cause);
  }

  /**
   * The track file ended (or a read returned fewer bytes) before a range its index names: the file
   * is shorter than its {@code sidx} or {@code moof} boxes say.
   *
   * @param trackName the track file's name as the caller knows it (e.g. its store key)
   * @param offsetBytes where the short range starts in the file
   * @param expectedBytes how many bytes the index names
   * @param actualBytes how many were read
   */
  public static MalformedMediaException truncated(
      String trackName, long offsetBytes, long expectedBytes, long actualBytes) {
    return new MalformedMediaException(
        trackName,
        offsetBytes,
        String.format(
            Locale.ROOT,
            "%s: truncated at offset %d: read %d of %d bytes",
            trackName,
            offsetBytes,
            actualBytes,
            expectedBytes),
        /* cause= */ null);
  }

  /** The track file's name as given to the reader. */
  public String trackName() {
    return trackName;
  }

  /** Offset of the offending box from the start of the track file. */
  public long offsetBytes() {
    return offsetBytes;
  }
}
