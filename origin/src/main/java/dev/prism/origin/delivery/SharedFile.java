package dev.prism.origin.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local file open for reading, shared by every holder of it and closed when the last lets go.
 *
 * <p>Holders count references: {@link #open} returns a file with one reference (the opener's), each
 * further holder takes one with {@link #retain()} and gives it back with {@link #release()}. In the
 * origin the holders are a loaded version in the index cache, each media segment cached as a file
 * region, and each response while it sends from the file; whichever lets go last closes it. The
 * close runs on {@code closer} (the origin passes a delayed executor: a file whose last holder just
 * let go stays open a grace period, and a holder that retains within it keeps it open).
 *
 * <p>Once closed, {@link #retain()} answers false and the file stays closed: a caller then opens it
 * again ({@link #open}) or reads it by {@link #path()}. Track files are immutable, so every channel
 * over the same path reads the same bytes. Thread safe and lock free.
 */
public final class SharedFile {
  /** The reference count while open; {@code CLOSED} once the channel is closed. */
  private static final int CLOSED = -1;

  private final Path path;
  private final FileChannel channel;
  private final Executor closer;
  private final AtomicInteger references = new AtomicInteger(1);

  private SharedFile(Path path, FileChannel channel, Executor closer) {
    this.path = path;
    this.channel = channel;
    this.closer = closer;
  }

  /**
   * Opens {@code path} for reading, with one reference held by the caller.
   *
   * @param path a local file
   * @param closer where the close runs once the last reference is released (it may delay it)
   * @throws IOException if the file cannot be opened
   */
  public static SharedFile open(Path path, Executor closer) throws IOException {
    return new SharedFile(path, FileChannel.open(path, StandardOpenOption.READ), closer);
  }

  /** The file's path: for logs, and for senders that cannot use a channel (HTTP/2). */
  public Path path() {
    return path;
  }

  /**
   * The open channel. Use it only while holding a reference: positional reads ({@code
   * read(ByteBuffer, long)}, {@code transferTo}) only, never the shared position.
   */
  public FileChannel channel() {
    return channel;
  }

  /**
   * Takes a reference.
   *
   * @return true when taken (the channel stays open until the matching {@link #release()}); false
   *     when the file is already closed
   */
  public boolean retain() {
    while (true) {
      int n = references.get();
      if (n == CLOSED) {
        return false;
      }
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * Gives back a reference; the last one schedules the close on the closer.
   *
   * @throws IllegalStateException when no reference is held
   */
  public void release() {
    while (true) {
      int n = references.get();
      if (n <= 0) {
        throw new IllegalStateException("released more often than retained: " + path);
      }
      if (references.compareAndSet(n, n - 1)) {
        if (n == 1) {
          closer.execute(this::closeIfUnreferenced);
        }
        return;
      }
    }
  }

  /** Whether the channel is still open. */
  public boolean isOpen() {
    return references.get() != CLOSED;
  }

  /** Closes the channel unless a holder retained it since the last release. */
  private void closeIfUnreferenced() {
    if (references.compareAndSet(0, CLOSED)) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do: the descriptor is released either way
      }
    }
  }

  @Override
  public String toString() {
    int n = references.get();
    return "SharedFile[" + path + ", " + (n == CLOSED ? "closed" : n + " references") + "]";
  }
}
