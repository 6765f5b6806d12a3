package dev.prism.packager;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Why the packager could not produce a resource. The four subclasses are the whole taxonomy:
 *
 * <ul>
 *   <li>{@link MalformedMediaException}: a track file breaks ISO/IEC 14496-12 or CMAF (truncated,
 *       inconsistent {@code sidx}, missing boxes);
 *   <li>{@link UnsupportedMediaException}: well-formed, but outside what Prism packages (unknown
 *       codec, hierarchical {@code sidx}, several tracks in one file);
 *   <li>{@link MisalignedTracksException}: renditions of one switching set whose segment boundaries
 *       disagree;
 *   <li>{@link MissingResourceException}: the request names something that does not exist (a
 *       segment number past the end, an unknown track id).
 * </ul>
 *
 * The first three are the content's fault (an origin answers 500), the last the client's (404).
 */
public abstract sealed class PackagingException extends Exception
    permits MalformedMediaException,
        UnsupportedMediaException,
        MisalignedTracksException,
        MissingResourceException {
  private static final long serialVersionUID = 1L;

  PackagingException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * The message of a box-level failure, one wording for every subclass: {@code "<track>: <what>
   * '<fourcc>' box at offset <n>: <detail>"}.
   */
  static String atBoxMessage(
      String trackName, String what, String fourcc, long offsetBytes, Object detail) {
    return String.format(
        Locale.ROOT,
        "%s: %s '%s' box at offset %d: %s",
        trackName,
        what,
        fourcc,
        offsetBytes,
        detail);
  }
}
