package dev.prism.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * An object store holding Prism's assets (docs/ARCHITECTURE.md, "The store contract").
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

  /**
   * Reads the same bytes as {@link #read} as a stream, so a caller can pass them on while they
   * arrive instead of after the last one.
   *
   * <p>The future completes when the store has answered (S3: the response headers of the ranged
   * {@code GetObject}), or fails as {@link #read} does: {@link BlobNotFoundException}, {@link
   * BlobStoreException}. The publisher then gives the bytes in order, as buffers of any size
   * (positioned at 0), to one subscriber, honouring its demand (Reactive Streams 1.0.4); a failure
   * after the start arrives as {@code onError} with whatever the transport threw. The total is the
   * same as {@link #read}'s answer: shorter than {@code lengthBytes} only when the object ends
   * first.
   *
   * <p>The default reads the range whole with {@link #read} and publishes it as one buffer, so a
   * store or decorator that does not stream still answers correctly (only not earlier).
   *
   * @throws IllegalArgumentException if the key is invalid or offset or length is negative
   */
  default CompletableFuture<Publisher<ByteBuffer>> readStream(
      String key, long offsetBytes, int lengthBytes) {
    return read(key, offsetBytes, lengthBytes).thenApply(OneBufferPublisher::new);
  }

  /** Reads a whole object. Meant for small objects (JSON, playlists); never for track files. */
  CompletableFuture<byte[]> readAll(String key);

  /**
   * Writes {@code data} under {@code key} atomically: a concurrent reader sees either the previous
   * object or the new one, never a part. Overwrites an existing object.
   */
  CompletableFuture<Void> write(String key, byte[] data);

  /**
   * Reads a whole small object together with its tag, the pair a compare-and-swap needs: the tag
   * belongs to exactly these bytes (S3: the {@code ETag} of the same {@code GetObject} response;
   * folder: the file's tag, checked unchanged around the read).
   *
   * @throws IllegalArgumentException if the key is invalid
   */
  CompletableFuture<TaggedBytes> readTagged(String key);

  /**
   * Creates {@code key} with {@code data} only if no object exists under it, atomically: of several
   * concurrent calls for one key exactly one succeeds. S3: {@code PutObject} with {@code
   * If-None-Match: *} (Amazon S3 API Reference, PutObject, conditional writes); folder: a hard link
   * of a complete temporary file, which the file system refuses when the name exists.
   *
   * @return the new object's tag
   * @throws IllegalArgumentException if the key is invalid
   * @throws PreconditionFailedException (in the future) when the key exists; nothing is written
   */
  CompletableFuture<String> writeIfAbsent(String key, byte[] data);

  /**
   * Replaces {@code key} with {@code data} only if its current tag is {@code expectedEtag},
   * atomically: of several concurrent calls naming the same tag at most one succeeds, and a reader
   * sees the old object or the new one. S3: {@code PutObject} with {@code If-Match}; folder: under
   * an exclusive lock (threads and processes) the tag is compared and the new file renamed over the
   * old one.
   *
   * @param expectedEtag a tag from {@link #readTagged} or {@link #metadata}
   * @return the new object's tag
   * @throws IllegalArgumentException if the key is invalid
   * @throws PreconditionFailedException (in the future) when the object is missing or has another
   *     tag; nothing is written
   */
  CompletableFuture<String> writeIfMatch(String key, byte[] data, String expectedEtag);

  /**
   * Copies the object {@code sourceKey} to {@code targetKey} inside the store, without the bytes
   * passing through this process, and atomically for readers of the target (they see the old object
   * or the whole copy). Overwrites the target. S3: {@code CopyObject}; folder: a hard link (a copy
   * where links are impossible), renamed into place.
   *
   * @throws IllegalArgumentException if a key is invalid
   * @throws BlobNotFoundException (in the future) when the source does not exist
   */
  CompletableFuture<Void> copy(String sourceKey, String targetKey);

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
