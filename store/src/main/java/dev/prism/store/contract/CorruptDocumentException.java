package dev.prism.store.contract;

/**
 * A contract document ({@code asset.json}, {@code ladder.json}) exists but cannot be read: not
 * JSON, an unknown field, an invalid id, a schema newer than this code. The content is at fault,
 * not the caller: an origin answers 502 and logs the key.
 */
public final class CorruptDocumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final Throwable refusal;

  /**
   * @param key the document's store key, e.g. {@code bbb/asset.json}
   * @param cause what the reader refused, naming the field
   */
  public CorruptDocumentException(String key, Throwable cause) {
    super(key + ": " + cause.getMessage(), cause);
    this.key = key;
    this.refusal = cause;
  }

  /** What the reader refused; never null, as the only constructor requires it. */
  @Override
  public synchronized Throwable getCause() {
    return refusal;
  }

  /** The document's store key. */
  public String key() {
    return key;
  }
}
