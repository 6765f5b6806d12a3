package dev.prism.origin.delivery;

/**
 * The request names something that does not exist: an unknown or unpublished asset, a track the
 * ladder lacks, a segment past the end. Answered 404.
 */
public final class UnknownResourceException extends RuntimeException {
  /**
   * @param message what was not found, for logs (never sent to the client)
   */
  public UnknownResourceException(String message) {
    super(message, null, false, false); // expected on the hot path: no stack trace
  }
}
