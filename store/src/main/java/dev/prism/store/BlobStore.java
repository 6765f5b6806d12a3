package dev.prism.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An object store holding Prism's assets (DESIGN.md, "The store contract").
 *
 * <p>Every call that touches objects is asynchronous and never blocks the caller's thread (the one
 * exception, {@link #localFile}, says so). Keys are validated with {@link
 * StoreKeys#validate(String)} before any I/O: a bad key throws {@link IllegalArgumentException}
 * synchronously, naming the key. Futures fail with {@link BlobNotFoundException} when the key does
 * not exist and with {@link BlobStoreException} on an I/O or service failure, so "missing" and
 * "unreachable" are never confused.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Reads {@code lengthBytes} bytes starting at {@code offsetBytes}.
   *
   * @return the bytes read, positioned at 0; shorter than {@code lengthBytes} only when the object
   *     ends first, and empty when {@code offsetBytes} is at or past its end or {@code lengthBytes}
   *     is 0 (a missing key still fails with {@link BlobNotFoundException}, even for 0 bytes)
   * @throws IllegalArgumentException if the key is invalid or offset or length is negative
   */
  CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes);

  /** Reads a whole object. Meant for small objects (JSON, playlists); never for track files. */
  CompletableFuture<byte[]> readAll(String key);

  /**
   * Writes {@code data} under {@code key} atomically: a concurrent reader sees either the previous
   * object or the new one, never a part. Overwrites an existing object.
   */
  CompletableFuture<Void> write(String key, byte[] data);

  /**
   * Uploads the local file {@code source} under {@code key} atomically (multipart for large files
   * on S3). The file is not modified or removed.
   */
  CompletableFuture<Void> upload(String key, Path source);

  /**
   * Lists the keys that start with {@code prefix}, complete (every page is fetched) and sorted by
   * {@link StoreKeys#ORDER} (code point order, as S3 lists). A prefix is plain string matching:
   * {@code "a/1"} lists {@code a/1} and {@code a/10}.
   *
   * @param prefix a key prefix; the empty string lists everything
   */
  CompletableFuture<List<String>> list(String prefix);

  /** Deletes an object; deleting a missing key succeeds (idempotent, as S3 does). */
  CompletableFuture<Void> delete(String key);

  /** Size and version tag of an object; fails with {@link BlobNotFoundException} when missing. */
  CompletableFuture<BlobMetadata> metadata(String key);

  /**
   * Where the object lies on local disk, so an HTTP server can send it with zero copy; empty for
   * remote stores and for a missing key.
   *
   * <p>Unlike the other calls this one is synchronous, and a folder store checks the file (one
   * {@code stat}): call it off an event loop, or once and keep the answer.
   *
   * @throws IllegalArgumentException if the key is invalid
   */
  Optional<Path> localFile(String key);

  /**
   * A short human-readable description for logs, e.g. {@code file:/srv/prism} or {@code
   * s3://bucket}.
   */
  String describe();

  @Override
  void close();
}
