package dev.prism.transcoder;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A transcode that could not complete. The {@link Reason} says which step refused, so callers (the
 * command line, a job API) can map it to an exit code or a status without parsing the message.
 * Whatever the reason, {@code asset.json} and every version another run wrote are left as they were
 * (docs/ARCHITECTURE.md, "Publishing a version"); a run removes only its own staged objects.
 */
public final class TranscodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a transcode stopped. */
  public enum Reason {
    /** The input could not be read or fetched (missing file, HTTP error, S3 error). */
    INPUT_UNREADABLE,
    /** The input is not a media file FFmpeg can demux. */
    NOT_MEDIA,
    /** The input is media but has no video stream (audio only, or cover art only). */
    NO_VIDEO,
    /** The ladder configuration is invalid. */
    BAD_LADDER,
    /** FFmpeg exited with an error or was killed. */
    ENCODE_FAILED,
    /** The encoded track files failed validation (index, alignment, durations). */
    INVALID_OUTPUT,
    /** Reading or writing the store failed. */
    STORE_FAILED,
    /**
     * Another publish of the same asset won a race: it changed {@code asset.json} while this run
     * worked, or is copying the same version into place. Nothing of the winner's was overwritten;
     * the message names the asset.
     */
    CONFLICT
  }

  private final Reason reason;

  public TranscodeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public TranscodeException(Reason reason, String message, @Nullable Throwable cause) {
    super(reason.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + message, cause);
    this.reason = reason;
  }

  /** Why the transcode failed; the message starts with it, in words. */
  public Reason reason() {
    return reason;
  }
}
