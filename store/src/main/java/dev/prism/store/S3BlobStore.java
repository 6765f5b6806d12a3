package dev.prism.store;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in an S3 bucket (or an S3-compatible service), on the AWS SDK v2 asynchronous
 * client with the Netty NIO HTTP client. Store key {@code k} is the object {@code prefix + k}.
 *
 * <ul>
 *   <li>{@link #read} is a ranged {@code GetObject} ({@code Range: bytes=a-b}, RFC 9110 §14.1.2); a
 *       range at or past the end (416 / {@code InvalidRange}) reads as empty.
 *   <li>{@link #write} is one {@code PutObject}, atomic by S3's semantics.
 *   <li>{@link #upload} is one {@code PutObject} up to {@link #MULTIPART_THRESHOLD_BYTES}, above it
 *       a multipart upload in parts of {@link #PART_SIZE_BYTES}, {@value #UPLOAD_CONCURRENCY} in
 *       flight. The object appears only when {@code CompleteMultipartUpload} succeeds, all at once;
 *       on failure the upload is aborted. (Written here rather than with the SDK's multipart
 *       client, which sends {@code x-amz-mp-object-size}, a header S3-compatible services may
 *       refuse.)
 *   <li>{@link #list} follows every {@code ListObjectsV2} page.
 *   <li>{@link #writeIfAbsent} and {@link #writeIfMatch} are conditional {@code PutObject}s ({@code
 *       If-None-Match: *}, {@code If-Match}); {@link #copy} is one {@code CopyObject}.
 * </ul>
 *
 * <p>Reads ({@code GetObject}, {@code HeadObject}, {@code ListObjectsV2}) are bounded by {@link
 * S3Timeouts}' call and attempt timeouts; every call by its connect and pool-acquire timeouts and a
 * bounded queue of calls waiting for a connection. A bound that passes fails the call with {@link
 * BlobStoreException}.
 *
 * <p>{@code NoSuchKey} and other 404s (except {@code NoSuchBucket}, a configuration error) fail
 * with {@link BlobNotFoundException}; every other failure with {@link BlobStoreException} keeping
 * the SDK's exception as its cause. Futures complete on the SDK's threads.
 */
public final class S3BlobStore implements BlobStore {
  /** Files larger than this (16 MiB) are uploaded in parts. */
  public static final long MULTIPART_THRESHOLD_BYTES = 16L << 20;

  /** Part size of a multipart upload (8 MiB; S3's minimum is 5 MiB except for the last part). */
  public static final long PART_SIZE_BYTES = 8L << 20;

  /** The largest object one {@code CopyObject} copies (5 GiB, Amazon S3 API Reference). */
  public static final long MAX_COPY_BYTES = 5L << 30;

  /** Part size of a multipart copy ({@code UploadPartCopy}) of a larger object: 1 GiB. */
  public static final long COPY_PART_SIZE_BYTES = 1L << 30;

  /** Keys asked for per {@code ListObjectsV2} page (S3's maximum). */
  static final int LIST_PAGE_SIZE = 1000;

  /** Parts of one multipart upload in flight at once. */
  static final int UPLOAD_CONCURRENCY = 4;

  private final S3StoreSettings settings;
  private final EventLoopGroup eventLoops;
  private final SdkAsyncHttpClient httpClient;
  private final S3AsyncClient client;
  private final long multipartThresholdBytes;
  private final long partSizeBytes;
  private final long copyThresholdBytes;
  private final long copyPartSizeBytes;
  private final int listPageSize;
  private final AtomicLong listPagesFetched = new AtomicLong();
  private final @Nullable ChecksumAlgorithm partChecksum;
  private final AwsRequestOverrideConfiguration readBounds;
  private volatile boolean bucketSeen;

  /**
   * Opens a store on the bucket and prefix of {@code settings}, with {@link S3Timeouts#DEFAULTS}.
   * Makes no request yet.
   */
  public S3BlobStore(S3StoreSettings settings) {
    this(settings, S3Timeouts.DEFAULTS);
  }

  /**
   * Opens a store on the bucket and prefix of {@code settings}, its calls bounded by {@code
   * timeouts}. Makes no request yet.
   */
  public S3BlobStore(S3StoreSettings settings, S3Timeouts timeouts) {
    this(
        settings,
        timeouts,
        MULTIPART_THRESHOLD_BYTES,
        PART_SIZE_BYTES,
        LIST_PAGE_SIZE,
        settings.endpointOverride() == null);
  }

  /** For tests: a lower multipart threshold and part size, and a small listing page. */
  S3BlobStore(
      S3StoreSettings settings,
      long multipartThresholdBytes,
      long partSizeBytes,
      int listPageSize) {
    this(
        settings,
        S3Timeouts.DEFAULTS,
        multipartThresholdBytes,
        partSizeBytes,
        listPageSize,
        settings.endpointOverride() == null);
  }

  /** For tests: as above, choosing whether parts carry checksums. */
  S3BlobStore(
      S3StoreSettings settings,
      long multipartThresholdBytes,
      long partSizeBytes,
      int listPageSize,
      boolean partChecksums) {
    this(
        settings,
        S3Timeouts.DEFAULTS,
        multipartThresholdBytes,
        partSizeBytes,
        listPageSize,
        partChecksums);
  }

  /**
   * @param timeouts the bounds of reads and of every call's connection
   * @param partChecksums whether multipart uploads declare CRC32 part checksums (AWS S3: its
   *     default integrity checks want the upload's checksum algorithm declared when it is created
   *     and every part's checksum repeated on completion); off for S3-compatible endpoints, which
   *     may not implement checksums
   */
  S3BlobStore(
      S3StoreSettings settings,
      S3Timeouts timeouts,
      long multipartThresholdBytes,
      long partSizeBytes,
      int listPageSize,
      boolean partChecksums) {
    if (partSizeBytes <= 0 || multipartThresholdBytes < partSizeBytes) {
      throw new IllegalArgumentException(
          "need 0 < partSizeBytes <= multipartThresholdBytes: "
              + partSizeBytes
              + ", "
              + multipartThresholdBytes);
    }
    this.settings = settings;
    this.multipartThresholdBytes = multipartThresholdBytes;
    this.partSizeBytes = partSizeBytes;
    // Production copies whole objects up to S3's CopyObject limit; a test store with lowered
    // upload thresholds lowers the copy thresholds with them, so the part-copy path runs.
    boolean production =
        multipartThresholdBytes == MULTIPART_THRESHOLD_BYTES && partSizeBytes == PART_SIZE_BYTES;
    this.copyThresholdBytes = production ? MAX_COPY_BYTES : multipartThresholdBytes;
    this.copyPartSizeBytes = production ? COPY_PART_SIZE_BYTES : partSizeBytes;
    this.listPageSize = listPageSize;
    this.partChecksum = partChecksums ? ChecksumAlgorithm.CRC32 : null;
    // Our own event loops, so close() need not wait out Netty's default 2 s quiet period.
    SdkEventLoopGroup loops =
        SdkEventLoopGroup.builder()
            .numberOfThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
            .build();
    this.eventLoops = loops.eventLoopGroup();
    this.httpClient =
        NettyNioAsyncHttpClient.builder()
            .eventLoopGroup(loops)
            .connectionTimeout(timeouts.connectTimeout())
            .connectionAcquisitionTimeout(timeouts.connectionAcquireTimeout())
            .maxPendingConnectionAcquires(timeouts.maxPendingConnectionAcquires())
            .build();
    this.client =
        S3Clients.configure(S3AsyncClient.builder(), settings).httpClient(httpClient).build();
    // Reads only: a multipart part or a large PutObject may rightly take longer than a read.
    this.readBounds =
        AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(timeouts.apiCallTimeout())
            .apiCallAttemptTimeout(timeouts.apiCallAttemptTimeout())
            .build();
  }

  /**
   * A {@code GetObject} of bytes [offsetBytes, offsetBytes + lengthBytes) of {@code objectKey} (RFC
   * 9110 §14.1.2 byte range; lengthBytes > 0), bounded like every read.
   */
  private GetObjectRequest rangedGet(String objectKey, long offsetBytes, int lengthBytes) {
    return GetObjectRequest.builder()
        .bucket(settings.bucket())
        .key(objectKey)
        .range("bytes=" + offsetBytes + "-" + lastByte(offsetBytes, lengthBytes))
        .overrideConfiguration(readBounds)
        .build();
  }

  /** The settings this store was opened with. */
  public S3StoreSettings settings() {
    return settings;
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    String objectKey = objectKey(key);
    StoreKeys.checkRange(key, offsetBytes, lengthBytes);
    if (lengthBytes == 0) {
      // An empty range cannot be expressed in a Range header; still tell a missing key apart.
      return metadata(key).thenApply(metadata -> ByteBuffer.allocate(0));
    }
    GetObjectRequest request = rangedGet(objectKey, offsetBytes, lengthBytes);
    return call(
        key,
        "read",
        () ->
            client
                .getObject(request, AsyncResponseTransformer.toBytes())
                .thenApply(bytes -> ByteBuffer.wrap(bytes.asByteArrayUnsafe())),
        () -> ByteBuffer.allocate(0));
  }

  /**
   * A ranged {@code GetObject} whose body is handed on as it arrives ({@link
   * AsyncResponseTransformer#toPublisher()}): the future completes with the response headers, the
   * publisher gives the body under the subscriber's demand.
   */
  @Override
  public CompletableFuture<Publisher<ByteBuffer>> readStream(
      String key, long offsetBytes, int lengthBytes) {
    String objectKey = objectKey(key);
    StoreKeys.checkRange(key, offsetBytes, lengthBytes);
    if (lengthBytes == 0) {
      return BlobStore.super.readStream(key, offsetBytes, lengthBytes);
    }
    GetObjectRequest request = rangedGet(objectKey, offsetBytes, lengthBytes);
    return call(
        key,
        "read",
        () ->
            client
                .getObject(request, AsyncResponseTransformer.toPublisher())
                .thenApply(body -> (Publisher<ByteBuffer>) body),
        () -> new OneBufferPublisher(ByteBuffer.allocate(0)));
  }

  /** The inclusive end of a byte range, saturating instead of overflowing. */
  private static long lastByte(long offsetBytes, int lengthBytes) {
    return offsetBytes > Long.MAX_VALUE - lengthBytes
        ? Long.MAX_VALUE - 1
        : offsetBytes + lengthBytes - 1;
  }

  @Override
  public CompletableFuture<byte[]> readAll(String key) {
    GetObjectRequest request =
        GetObjectRequest.builder()
            .bucket(settings.bucket())
            .key(objectKey(key))
            .overrideConfiguration(readBounds)
            .build();
    return call(
        key,
        "read",
        () ->
            client
                .getObject(request, AsyncResponseTransformer.toBytes())
                .thenApply(bytes -> bytes.asByteArrayUnsafe()),
        null);
  }

  @Override
  public CompletableFuture<Void> write(String key, byte[] data) {
    String objectKey = objectKey(key);
    return call(
        key,
        "write",
        () ->
            client
                .putObject(
                    b ->
                        b.bucket(settings.bucket())
                            .key(objectKey)
                            .contentLength((long) data.length),
                    AsyncRequestBody.fromBytes(data))
                .thenApply(response -> (Void) null),
        null);
  }

  @Override
  public CompletableFuture<TaggedBytes> readTagged(String key) {
    GetObjectRequest request =
        GetObjectRequest.builder().bucket(settings.bucket()).key(objectKey(key)).build();
    return call(
        key,
        "read",
        () ->
            client
                .getObject(request, AsyncResponseTransformer.toBytes())
                .thenApply(
                    bytes ->
                        new TaggedBytes(
                            bytes.asByteArrayUnsafe(), unquote(bytes.response().eTag()))),
        null);
  }

  /** {@code PutObject} with {@code If-None-Match: *}. */
  @Override
  public CompletableFuture<String> writeIfAbsent(String key, byte[] data) {
    return putConditionally(key, data, null);
  }

  /** {@code PutObject} with {@code If-Match: "etag"}. */
  @Override
  public CompletableFuture<String> writeIfMatch(String key, byte[] data, String expectedEtag) {
    return putConditionally(key, data, Objects.requireNonNull(expectedEtag, "expectedEtag"));
  }

  /**
   * One conditional {@code PutObject} (Amazon S3 API Reference, PutObject: {@code If-None-Match},
   * {@code If-Match}). {@code 412 PreconditionFailed} and {@code 409 ConditionalRequestConflict} (a
   * concurrent write to the key won), and for {@code If-Match} a missing key, fail with {@link
   * PreconditionFailedException}. A server that ignores the headers would silently overwrite: an
   * endpoint must implement conditional writes (AWS S3 does; S3Proxy does with its filesystem
   * backend).
   */
  private CompletableFuture<String> putConditionally(
      String key, byte[] data, @Nullable String expectedEtag) {
    String objectKey = objectKey(key);
    CompletableFuture<String> put =
        call(
            key,
            "write",
            () ->
                client
                    .putObject(
                        b -> {
                          b.bucket(settings.bucket())
                              .key(objectKey)
                              .contentLength((long) data.length);
                          if (expectedEtag == null) {
                            b.ifNoneMatch("*");
                          } else {
                            b.ifMatch("\"" + expectedEtag + "\"");
                          }
                        },
                        AsyncRequestBody.fromBytes(data))
                    .thenApply(response -> unquote(response.eTag())),
            null);
    return put.handle(
            (tag, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(tag);
              }
              Throwable f = unwrap(failure);
              Throwable sdk = f.getCause() == null ? f : unwrap(f.getCause());
              if (sdk instanceof S3Exception e
                  && (e.statusCode() == 412 || e.statusCode() == 409)) {
                return CompletableFuture.<String>failedFuture(
                    new PreconditionFailedException(
                        key,
                        expectedEtag,
                        e.statusCode() + " " + errorCode(e) + " from " + describe(),
                        e));
              }
              if (f instanceof BlobNotFoundException && expectedEtag != null) {
                return CompletableFuture.<String>failedFuture(
                    new PreconditionFailedException(key, expectedEtag, "no object", f));
              }
              return CompletableFuture.<String>failedFuture(f);
            })
        .thenCompose(Function.identity());
  }

  /**
   * A copy within the bucket; the object appears at the target all at once. Up to {@link
   * #MAX_COPY_BYTES} one {@code CopyObject}; larger sources a multipart upload whose parts are
   * {@code UploadPartCopy} ranges of {@link #COPY_PART_SIZE_BYTES} (Amazon S3 API Reference,
   * CopyObject, UploadPartCopy), aborted on failure.
   */
  @Override
  public CompletableFuture<Void> copy(String sourceKey, String targetKey) {
    String sourceObject = objectKey(sourceKey);
    String targetObject = objectKey(targetKey);
    return metadata(sourceKey)
        .thenCompose(
            source ->
                call(
                    sourceKey,
                    "copy to " + targetKey + " the object",
                    () ->
                        source.sizeBytes() <= copyThresholdBytes
                            ? client
                                .copyObject(
                                    b ->
                                        b.sourceBucket(settings.bucket())
                                            .sourceKey(sourceObject)
                                            .destinationBucket(settings.bucket())
                                            .destinationKey(targetObject))
                                .thenApply(response -> (Void) null)
                            : client
                                .createMultipartUpload(
                                    b -> b.bucket(settings.bucket()).key(targetObject))
                                .thenCompose(
                                    created ->
                                        finishMultipart(
                                            targetObject,
                                            created.uploadId(),
                                            partCount(source.sizeBytes(), copyPartSizeBytes),
                                            (index, parts, next) ->
                                                copyLane(
                                                    sourceObject,
                                                    targetObject,
                                                    source.sizeBytes(),
                                                    created.uploadId(),
                                                    next,
                                                    parts))),
                    null));
  }

  /** Copies parts one after another, taking the next part number until none is left. */
  private CompletableFuture<Void> copyLane(
      String sourceObject,
      String targetObject,
      long sizeBytes,
      String uploadId,
      AtomicInteger nextPart,
      CompletedPart[] parts) {
    int index = nextPart.getAndIncrement();
    if (index >= parts.length) {
      return CompletableFuture.completedFuture(null);
    }
    long first = index * copyPartSizeBytes;
    long last = Math.min(first + copyPartSizeBytes, sizeBytes) - 1;
    int partNumber = index + 1;
    return client
        .uploadPartCopy(
            b ->
                b.sourceBucket(settings.bucket())
                    .sourceKey(sourceObject)
                    .destinationBucket(settings.bucket())
                    .destinationKey(targetObject)
                    .uploadId(uploadId)
                    .partNumber(partNumber)
                    .copySourceRange("bytes=" + first + "-" + last))
        .thenCompose(
            response -> {
              parts[index] =
                  CompletedPart.builder()
                      .partNumber(partNumber)
                      .eTag(response.copyPartResult().eTag())
                      .build();
              return copyLane(sourceObject, targetObject, sizeBytes, uploadId, nextPart, parts);
            });
  }

  private static int partCount(long sizeBytes, long partBytes) {
    return (int) ((sizeBytes + partBytes - 1) / partBytes);
  }

  /** Starts one lane of part transfers; lanes share the next part number and the parts. */
  @FunctionalInterface
  private interface Lane {
    CompletableFuture<Void> start(int lane, CompletedPart[] parts, AtomicInteger nextPart);
  }

  /**
   * Runs {@value #UPLOAD_CONCURRENCY} lanes over {@code partCount} parts, then completes the
   * upload; aborts it (so S3 frees the parts) when anything fails, and fails with the first
   * failure.
   */
  private CompletableFuture<Void> finishMultipart(
      String objectKey, String uploadId, int partCount, Lane lane) {
    CompletedPart[] parts = new CompletedPart[partCount];
    AtomicInteger nextPart = new AtomicInteger();
    List<CompletableFuture<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(UPLOAD_CONCURRENCY, partCount); i++) {
      lanes.add(lane.start(i, parts, nextPart));
    }
    return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new))
        .thenCompose(
            done ->
                client.completeMultipartUpload(
                    b ->
                        b.bucket(settings.bucket())
                            .key(objectKey)
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts))))
        .handle(
            (completed, failure) -> {
              if (failure == null) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              return client
                  .abortMultipartUpload(
                      b -> b.bucket(settings.bucket()).key(objectKey).uploadId(uploadId))
                  .handle(
                      (aborted, abortFailure) -> {
                        if (abortFailure != null) {
                          failure.addSuppressed(abortFailure);
                        }
                        return CompletableFuture.<Void>failedFuture(failure);
                      })
                  .thenCompose(Function.identity());
            })
        .thenCompose(Function.identity());
  }

  private static String unquote(@Nullable String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  @Override
  public CompletableFuture<Void> upload(String key, Path source) {
    String objectKey = objectKey(key);
    return call(key, "upload " + source + " to", () -> uploadFile(objectKey, source), null);
  }

  private CompletableFuture<Void> uploadFile(String objectKey, Path source) {
    long sizeBytes;
    try {
      sizeBytes = Files.size(source);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (sizeBytes <= multipartThresholdBytes) {
      return client
          .putObject(
              b -> b.bucket(settings.bucket()).key(objectKey).contentLength(sizeBytes),
              AsyncRequestBody.fromFile(source))
          .thenApply(response -> (Void) null);
    }
    return client
        .createMultipartUpload(
            b -> b.bucket(settings.bucket()).key(objectKey).checksumAlgorithm(partChecksum))
        .thenCompose(created -> uploadParts(objectKey, source, sizeBytes, created.uploadId()));
  }

  /**
   * Uploads every part, {@link #UPLOAD_CONCURRENCY} at a time, then completes the upload; aborts it
   * (so S3 frees the parts) when anything fails, and fails with the first failure.
   */
  private CompletableFuture<Void> uploadParts(
      String objectKey, Path source, long sizeBytes, String uploadId) {
    return finishMultipart(
        objectKey,
        uploadId,
        partCount(sizeBytes, partSizeBytes),
        (lane, parts, nextPart) ->
            uploadLane(objectKey, source, sizeBytes, uploadId, nextPart, parts));
  }

  /** Uploads parts one after another, taking the next part number until none is left. */
  private CompletableFuture<Void> uploadLane(
      String objectKey,
      Path source,
      long sizeBytes,
      String uploadId,
      AtomicInteger nextPart,
      CompletedPart[] parts) {
    int index = nextPart.getAndIncrement();
    if (index >= parts.length) {
      return CompletableFuture.completedFuture(null);
    }
    long offsetBytes = index * partSizeBytes;
    long lengthBytes = Math.min(partSizeBytes, sizeBytes - offsetBytes);
    int partNumber = index + 1; // S3 part numbers start at 1
    return client
        .uploadPart(
            b ->
                b.bucket(settings.bucket())
                    .key(objectKey)
                    .uploadId(uploadId)
                    .partNumber(partNumber)
                    .contentLength(lengthBytes)
                    .checksumAlgorithm(partChecksum),
            AsyncRequestBody.fromFile(
                c -> c.path(source).position(offsetBytes).numBytesToRead(lengthBytes)))
        .thenCompose(
            response -> {
              parts[index] =
                  CompletedPart.builder()
                      .partNumber(partNumber)
                      .eTag(response.eTag())
                      .checksumCRC32(partChecksum == null ? null : response.checksumCRC32())
                      .build();
              return uploadLane(objectKey, source, sizeBytes, uploadId, nextPart, parts);
            });
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    StoreKeys.validatePrefix(prefix);
    ListObjectsV2Request request =
        ListObjectsV2Request.builder()
            .bucket(settings.bucket())
            .prefix(settings.prefix() + prefix)
            .maxKeys(listPageSize)
            .overrideConfiguration(readBounds)
            .build();
    int strip = settings.prefix().length();
    List<String> keys = new ArrayList<>();
    return call(
        prefix,
        "list",
        () ->
            client
                .listObjectsV2Paginator(request)
                .subscribe( // pages arrive one at a time, in order
                    page -> {
                      listPagesFetched.incrementAndGet();
                      for (S3Object object : page.contents()) {
                        String key = object.key().substring(strip);
                        if (isValidKey(key)) {
                          keys.add(key);
                        }
                      }
                    })
                .thenApply(
                    done -> {
                      keys.sort(StoreKeys.ORDER);
                      return List.copyOf(keys);
                    }),
        null);
  }

  /** How many {@code ListObjectsV2} pages this store has fetched; for tests. */
  long listPagesFetched() {
    return listPagesFetched.get();
  }

  @Override
  public CompletableFuture<Void> delete(String key) {
    String objectKey = objectKey(key);
    return call(
        key,
        "delete",
        () ->
            client
                .deleteObject(b -> b.bucket(settings.bucket()).key(objectKey))
                .thenApply(response -> (Void) null),
        null);
  }

  @Override
  public CompletableFuture<BlobMetadata> metadata(String key) {
    String objectKey = objectKey(key);
    return call(
        key,
        "stat",
        () ->
            client
                .headObject(
                    b ->
                        b.bucket(settings.bucket())
                            .key(objectKey)
                            .overrideConfiguration(readBounds))
                .thenApply(S3BlobStore::toMetadata),
        null);
  }

  private static BlobMetadata toMetadata(HeadObjectResponse head) {
    return new BlobMetadata(head.contentLength(), unquote(head.eTag()), head.lastModified());
  }

  /** Always empty: S3 objects are not on local disk. Still validates the key. */
  @Override
  public Optional<Path> localFile(String key) {
    StoreKeys.validate(key);
    return Optional.empty();
  }

  @Override
  public String describe() {
    String where = "s3://" + settings.bucket() + "/" + settings.prefix();
    return settings.endpointOverride() == null
        ? where
        : where + " at " + settings.endpointOverride();
  }

  @Override
  public void close() {
    client.close();
    httpClient.close();
    eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private String objectKey(String key) {
    return settings.prefix() + StoreKeys.validate(key);
  }

  private static boolean isValidKey(String key) {
    try {
      StoreKeys.validate(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false; // an object some other tool put in the bucket; not one of this store's keys
    }
  }

  /**
   * Runs an SDK call and translates its failure into the store's exceptions, unwrapped. With {@code
   * onInvalidRange}, a 416 completes with that value instead of failing.
   */
  private <T> CompletableFuture<T> call(
      String key,
      String action,
      Supplier<CompletableFuture<T>> sdkCall,
      @Nullable Supplier<T> onInvalidRange) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<T> pending;
    try {
      pending = sdkCall.get();
    } catch (RuntimeException e) {
      pending = CompletableFuture.failedFuture(e);
    }
    pending.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            result.complete(value);
            return;
          }
          Throwable cause = unwrap(failure);
          if (onInvalidRange != null && isInvalidRange(cause)) {
            result.complete(onInvalidRange.get());
          } else if (isNotFound(cause) && !bucketSeen) {
            // Until the bucket is known to exist, a 404 could mean a missing bucket: a HEAD's 404
            // has no error code, and some S3-compatible servers answer NoSuchKey for either.
            bucketExists()
                .whenComplete(
                    (exists, bucketFailure) ->
                        result.completeExceptionally(
                            Boolean.TRUE.equals(exists)
                                ? translate(key, action, cause)
                                : new BlobStoreException(
                                    "cannot "
                                        + action
                                        + " "
                                        + key
                                        + ": bucket "
                                        + settings.bucket()
                                        + " is missing or unreachable",
                                    bucketFailure == null ? cause : unwrap(bucketFailure))));
          } else {
            result.completeExceptionally(translate(key, action, cause));
          }
        });
    return result;
  }

  /** Whether the bucket exists; asked once, then remembered (a bucket is not deleted under us). */
  private CompletableFuture<Boolean> bucketExists() {
    if (bucketSeen) {
      return CompletableFuture.completedFuture(true);
    }
    return client
        .headBucket(b -> b.bucket(settings.bucket()))
        .handle(
            (response, failure) -> {
              if (failure == null) {
                bucketSeen = true;
                return true;
              }
              Throwable cause = unwrap(failure);
              if (cause instanceof S3Exception && ((S3Exception) cause).statusCode() == 404) {
                return false;
              }
              throw new CompletionException(cause);
            });
  }

  private RuntimeException translate(String key, String action, Throwable cause) {
    if (isNotFound(cause)) {
      BlobNotFoundException notFound = new BlobNotFoundException(key);
      notFound.initCause(cause);
      return notFound;
    }
    return new BlobStoreException(
        "cannot " + action + " " + key + " in " + describe() + ": " + cause.getMessage(), cause);
  }

  private static boolean isNotFound(Throwable cause) {
    if (cause instanceof NoSuchKeyException) {
      return true;
    }
    return cause instanceof S3Exception
        && ((S3Exception) cause).statusCode() == 404
        && !"NoSuchBucket".equals(errorCode((S3Exception) cause));
  }

  private static boolean isInvalidRange(Throwable cause) {
    return cause instanceof S3Exception
        && (((S3Exception) cause).statusCode() == 416
            || "InvalidRange".equals(errorCode((S3Exception) cause)));
  }

  private static @Nullable String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
