package dev.prism.origin.config;

/**
 * A configuration that cannot be used. The message is one line naming the key (its full dotted
 * path), the value and what is allowed, for example {@code config error: cache.manifestTtl = "10x":
 * expected a duration like 10s, 5m, 500ms}; the command line prefixes it with {@code prism: } and
 * exits with status 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  ConfigException(String key, String detail) {
    super("config error: " + detail, null, false, false);
    this.key = key;
  }

  /**
   * A bad value.
   *
   * @param key the full dotted key, e.g. {@code cache.manifestTtl}
   * @param renderedValue the value as the user wrote it, already quoted when it is a string
   * @param source where it came from ({@code PRISM_*} variable), or empty for a file
   * @param expected what is allowed, e.g. {@code expected a duration like 10s}
   */
  static ConfigException badValue(
      String key, String renderedValue, String source, String expected) {
    String from = source.isEmpty() ? "" : " (from " + source + ")";
    return new ConfigException(key, key + " = " + renderedValue + from + ": " + expected);
  }

  /** The full dotted key the error is about (e.g. {@code cache.manifestTtl}); may be empty. */
  public String key() {
    return key;
  }
}
