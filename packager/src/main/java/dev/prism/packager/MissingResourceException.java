package dev.prism.packager;

/**
 * The request names something the presentation does not have: an unknown track id, a segment number
 * past the last segment. An origin answers 404.
 */
public final class MissingResourceException extends PackagingException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was asked for and why it does not exist
   */
  public MissingResourceException(String message) {
    super(message, /* cause= */ null);
  }
}
