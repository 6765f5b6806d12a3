package dev.prism.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BlobStore} over a local folder: key {@code a/b/c} is the file {@code root/a/b/c}.
 * Prism's default store ({@link BlobStores#DEFAULT_FOLDER}).
 *
 * <p>Writes are atomic: the bytes go to a hidden temporary file in the target's folder ({@code
 * .{name}.tmp-{random}}), are flushed to disk, then the file is renamed over the target with {@code
 * ATOMIC_MOVE}. A reader that already opened the old file keeps reading the old bytes; a reader
 * that opens after the rename reads the new ones. Temporary files never appear in {@link
 * #list(String)}.
 *
 * <p>Blocking file I/O runs on an executor: the one given to the constructor (not shut down by
 * {@link #close()}), or a small pool of daemon threads owned by this store. Futures complete on
 * that executor's threads.
 *
 * <p>Folder-specific limits: a key cannot be both an object and a "folder" of other keys ({@code
 * a/b} and {@code a/b/c}); such a write fails with {@link BlobStoreException}. Empty folders left
 * by {@link #delete(String)} are kept (removing them would race with concurrent writes) and are
 * invisible to {@link #list(String)}.
 *
 * <p>Conditional writes: {@link #writeIfAbsent} publishes a complete temporary file with a hard
 * link, which the file system refuses when the name exists; {@link #writeIfMatch} takes an
 * exclusive lock on the key (a stripe lock for this JVM's threads, then a {@link
 * FileChannel#lock()} on the hidden file {@code .{name}.prism-lock} beside it for other processes),
 * compares the current tag, and renames the new file over the old one. The lock files stay
 * (removing one would race with a process about to lock it) and are invisible to {@link
 * #list(String)}. The tag of a file ({@link #etag}) changes with every write, since every write
 * creates a new file.
 */
public final class FileBlobStore implements BlobStore {
  /** Threads of the default I/O pool. */
  static final int DEFAULT_THREADS = 4;

  private static final Pattern TEMP_NAME = Pattern.compile("\\..*\\.tmp-[0-9a-f]{16}");

  /** The lock file beside a key written conditionally: {@code .{name}.prism-lock}. */
  private static final Pattern LOCK_NAME = Pattern.compile("\\..*\\.prism-lock");

  /**
   * In-process half of the per-key lock of {@link #writeIfMatch}: a file lock is held per process
   * (POSIX {@code fcntl}), so threads of one JVM first take one of these stripes. Static, so two
   * stores over one folder in one JVM exclude each other too.
   */
  private static final ReentrantLock[] LOCK_STRIPES = newStripes(64);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final Path root;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;

  /** A store over {@code root} (created on first write if missing), with its own small I/O pool. */
  public FileBlobStore(Path root) {
    this(root, null);
  }

  /**
   * A store over {@code root} running its blocking I/O on {@code executor}, which the caller keeps
   * owning ({@link #close()} does not shut it down); with a null executor, on a pool of {@value
   * #DEFAULT_THREADS} daemon threads owned by the store.
   */
  public FileBlobStore(Path root, @Nullable Executor executor) {
    this.root = root.toAbsolutePath().normalize();
    if (executor == null) {
      ExecutorService pool = Executors.newFixedThreadPool(DEFAULT_THREADS, daemonThreads());
      this.executor = pool;
      this.ownedExecutor = pool;
    } else {
      this.executor = executor;
      this.ownedExecutor = null;
    }
  }

  /** The folder this store keeps its objects in (absolute, normalised). */
  public Path root() {
    return root;
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    Path path = path(key);
    StoreKeys.checkRange(key, offsetBytes, lengthBytes);
    return run(key, "read", true, () -> readRange(path, offsetBytes, lengthBytes));
  }

  private static ByteBuffer readRange(Path path, long offsetBytes, int lengthBytes)
      throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long sizeBytes = channel.size();
      int wantedBytes = (int) Math.max(0, Math.min(lengthBytes, sizeBytes - offsetBytes));
      ByteBuffer buffer = ByteBuffer.allocate(wantedBytes);
      long position = offsetBytes;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position);
        if (n < 0) {
          break; // the file was truncated under us (not by this store, which never truncates)
        }
        position += n;
      }
      return buffer.flip();
    }
  }

  @Override
  public CompletableFuture<byte[]> readAll(String key) {
    Path path = path(key);
    return run(key, "read", true, () -> Files.readAllBytes(path));
  }

  @Override
  public CompletableFuture<Void> write(String key, byte[] data) {
    Path path = path(key);
    return run(
        key,
        "write",
        false,
        () -> {
          replaceAtomically(
              path,
              temp -> {
                try (FileChannel out =
                    FileChannel.open(
                        temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                  ByteBuffer buffer = ByteBuffer.wrap(data);
                  while (buffer.hasRemaining()) {
                    out.write(buffer);
                  }
                  out.force(false);
                }
              });
          return null;
        });
  }

  @Override
  public CompletableFuture<TaggedBytes> readTagged(String key) {
    Path path = path(key);
    return run(
        key,
        "read",
        true,
        () -> {
          // The tag before and after the read are equal only if no write replaced the file in
          // between (every write is a new file, so a new tag): then the bytes are that tag's.
          for (int attempt = 1; ; attempt++) {
            String before = tagOf(key, path);
            byte[] bytes = Files.readAllBytes(path);
            String after = tagOf(key, path);
            if (before.equals(after)) {
              return new TaggedBytes(bytes, after);
            }
            if (attempt == 100) {
              throw new BlobStoreException(key + " kept changing while it was read", null);
            }
          }
        });
  }

  private static String tagOf(String key, Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new BlobNotFoundException(key);
    }
    return etag(attributes);
  }

  @Override
  public CompletableFuture<String> writeIfAbsent(String key, byte[] data) {
    Path path = path(key);
    return run(
        key,
        "write",
        false,
        () -> {
          Path temp = filledTemp(path, data);
          try {
            String tag = etag(Files.readAttributes(temp, BasicFileAttributes.class));
            if (Files.isDirectory(path)) {
              throw new BlobStoreException(
                  "cannot write " + key + ": it is a folder of other keys", null);
            }
            try {
              Files.createLink(path, temp); // link(2): atomic, and refused when the name exists
            } catch (FileAlreadyExistsException e) {
              throw new PreconditionFailedException(key, null, "an object exists", null);
            } catch (UnsupportedOperationException e) {
              // No hard links on this file system: the same under the key's lock.
              underLock(
                  path,
                  () -> {
                    if (Files.exists(path)) {
                      throw new PreconditionFailedException(key, null, "an object exists", null);
                    }
                    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
                    return null;
                  });
            }
            return tag;
          } finally {
            Files.deleteIfExists(temp);
          }
        });
  }

  @Override
  public CompletableFuture<String> writeIfMatch(String key, byte[] data, String expectedEtag) {
    Path path = path(key);
    Objects.requireNonNull(expectedEtag, "expectedEtag");
    return run(
        key,
        "write",
        false,
        () -> {
          Path temp = filledTemp(path, data);
          try {
            return underLock(
                path,
                () -> {
                  String current;
                  try {
                    current = tagOf(key, path);
                  } catch (NoSuchFileException | BlobNotFoundException e) {
                    throw new PreconditionFailedException(key, expectedEtag, "no object", null);
                  }
                  if (!current.equals(expectedEtag)) {
                    throw new PreconditionFailedException(
                        key, expectedEtag, "its tag is " + current, null);
                  }
                  String tag = etag(Files.readAttributes(temp, BasicFileAttributes.class));
                  Files.move(
                      temp,
                      path,
                      StandardCopyOption.ATOMIC_MOVE,
                      StandardCopyOption.REPLACE_EXISTING);
                  return tag;
                });
          } finally {
            Files.deleteIfExists(temp);
          }
        });
  }

  /** A complete, flushed hidden temporary file holding {@code data}, beside {@code target}. */
  private static Path filledTemp(Path target, byte[] data) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = tempBeside(target);
    try {
      try (FileChannel out =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(false);
      }
      return temp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /**
   * Runs {@code work} holding the key's exclusive lock: this JVM's stripe, then an exclusive file
   * lock on {@code .{name}.prism-lock} beside the key, which other processes honour.
   */
  private static <T> @Nullable T underLock(Path target, IoWork<T> work) throws IOException {
    ReentrantLock stripe = LOCK_STRIPES[Math.floorMod(target.hashCode(), LOCK_STRIPES.length)];
    stripe.lock();
    try (FileChannel channel =
            FileChannel.open(
                target.resolveSibling("." + stem(target) + ".prism-lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      return work.call();
    } finally {
      stripe.unlock();
    }
  }

  @Override
  public CompletableFuture<Void> copy(String sourceKey, String targetKey) {
    Path source = path(sourceKey);
    Path target = path(targetKey);
    return run(
        sourceKey,
        "copy to " + targetKey + " the object",
        true,
        () -> {
          if (!Files.isRegularFile(source)) {
            throw new BlobNotFoundException(sourceKey);
          }
          replaceAtomically(
              target,
              temp -> {
                try {
                  Files.createLink(temp, source); // the same immutable bytes, no copy
                } catch (UnsupportedOperationException | FileSystemException e) {
                  Files.copy(source, temp); // no links here, or another file system
                  try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.force(false);
                  }
                }
              });
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> upload(String key, Path source) {
    Path path = path(key);
    return run(
        key,
        "upload " + source + " to",
        false,
        () -> {
          if (!Files.isRegularFile(source)) {
            throw new BlobStoreException("upload source is not a readable file: " + source, null);
          }
          replaceAtomically(
              path,
              temp -> {
                Files.copy(source, temp);
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                  out.force(false);
                }
              });
          return null;
        });
  }

  /** Fills a fresh hidden temporary file beside {@code target}, then renames it over the target. */
  private static void replaceAtomically(Path target, TempWriter writer) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = tempBeside(target);
    try {
      writer.fill(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp); // only still there when something failed
    }
  }

  private static Path tempBeside(Path target) {
    return target.resolveSibling("." + stem(target) + ".tmp-" + HEX.formatHex(randomBytes(8)));
  }

  /** The file name, cut so hidden names built on it stay under the usual 255-byte limit. */
  private static String stem(Path target) {
    String name = target.getFileName().toString();
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  private static ReentrantLock[] newStripes(int count) {
    ReentrantLock[] stripes = new ReentrantLock[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new ReentrantLock();
    }
    return stripes;
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    StoreKeys.validatePrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    // The deepest folder the prefix fully names; every matching key lies below it.
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    return run(
        prefix,
        "list",
        false,
        () -> {
          List<String> keys = new ArrayList<>();
          if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new BlobStoreException("store root " + root + " is not a folder", null);
          }
          if (!Files.isDirectory(start)) {
            return keys;
          }
          Files.walkFileTree(
              start,
              EnumSet.of(FileVisitOption.FOLLOW_LINKS), // as reads do
              Integer.MAX_VALUE,
              new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                  String name = file.getFileName().toString();
                  if (attributes.isRegularFile()
                      && !TEMP_NAME.matcher(name).matches()
                      && !LOCK_NAME.matcher(name).matches()) {
                    String key = toKey(file);
                    if (key.startsWith(prefix) && isValidKey(key)) {
                      keys.add(key);
                    }
                  }
                  return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e)
                    throws IOException {
                  if (e instanceof NoSuchFileException || e instanceof FileSystemLoopException) {
                    return FileVisitResult.CONTINUE; // deleted while we walked, or a link cycle
                  }
                  throw e;
                }
              });
          keys.sort(StoreKeys.ORDER);
          return keys;
        });
  }

  private String toKey(Path file) {
    Path relative = root.relativize(file);
    StringBuilder key = new StringBuilder();
    for (Path segment : relative) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(segment);
    }
    return key.toString();
  }

  private static boolean isValidKey(String key) {
    try {
      StoreKeys.validate(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false; // a file some other tool put there; not an object of this store
    }
  }

  @Override
  public CompletableFuture<Void> delete(String key) {
    Path path = path(key);
    return run(
        key,
        "delete",
        false,
        () -> {
          if (Files.isDirectory(path)) {
            return null; // a "folder" of other keys is not an object: nothing to delete
          }
          try {
            Files.deleteIfExists(path);
          } catch (FileSystemException e) {
            if (!isMissing(e, path)) {
              throw e;
            }
          }
          return null;
        });
  }

  @Override
  public CompletableFuture<BlobMetadata> metadata(String key) {
    Path path = path(key);
    return run(
        key,
        "stat",
        true,
        () -> {
          BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
          if (!attributes.isRegularFile()) {
            throw new BlobNotFoundException(key);
          }
          return new BlobMetadata(
              attributes.size(), etag(attributes), attributes.lastModifiedTime().toInstant());
        });
  }

  /**
   * Size and modification time (in nanoseconds) in hex, plus a hash of the file's identity (its
   * inode on Unix): every atomic write creates a new file, so two writes of the same size within
   * one clock tick of the file system still get different tags.
   */
  static String etag(BasicFileAttributes attributes) {
    java.time.Instant mtime = attributes.lastModifiedTime().toInstant();
    long mtimeNanos = mtime.getEpochSecond() * 1_000_000_000L + mtime.getNano();
    Object fileKey = attributes.fileKey();
    String tag = Long.toHexString(attributes.size()) + "-" + Long.toHexString(mtimeNanos);
    return fileKey == null ? tag : tag + "-" + Integer.toHexString(fileKey.hashCode());
  }

  @Override
  public Optional<Path> localFile(String key) {
    Path path = path(key);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public String describe() {
    return "file:" + root;
  }

  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  private Path path(String key) {
    return root.resolve(StoreKeys.validate(key));
  }

  /**
   * Runs blocking {@code work} on the executor. The future fails with the store's own exceptions,
   * not wrapped: for reads ({@code isRead}), {@link BlobNotFoundException} when the key is missing,
   * names a folder, or lies under a file; {@link BlobStoreException} for any other failure.
   */
  private <T> CompletableFuture<T> run(String key, String action, boolean isRead, IoWork<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              result.complete(work.call());
            } catch (BlobNotFoundException | BlobStoreException | PreconditionFailedException e) {
              result.completeExceptionally(e);
            } catch (IOException e) {
              result.completeExceptionally(
                  isRead && isMissing(e, root.resolve(key))
                      ? notFound(key, e)
                      : new BlobStoreException(
                          "cannot " + action + " " + key + " in " + describe() + ": " + e, e));
            } catch (RuntimeException | Error e) {
              result.completeExceptionally(
                  new BlobStoreException("cannot " + action + " " + key + ": " + e, e));
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new BlobStoreException(describe() + " is closed", e));
    }
    return result;
  }

  /** Whether a failed read failed because there is no object at {@code path}. */
  private boolean isMissing(IOException e, Path path) {
    if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
      return true;
    }
    if (Files.isDirectory(path)) {
      return true; // a "folder" of other keys is not an object
    }
    for (Path parent = path.getParent();
        parent != null && parent.startsWith(root) && !parent.equals(root);
        parent = parent.getParent()) {
      if (Files.isRegularFile(parent)) {
        return true; // ENOTDIR: the key lies under an object
      }
    }
    return false;
  }

  private static RuntimeException notFound(String key, IOException cause) {
    BlobNotFoundException notFound = new BlobNotFoundException(key);
    notFound.initCause(cause);
    return notFound;
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "prism-store-io-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @FunctionalInterface
  private interface IoWork<T> {
    @Nullable T call() throws IOException;
  }

  @FunctionalInterface
  private interface TempWriter {
    void fill(Path temp) throws IOException;
  }
}
