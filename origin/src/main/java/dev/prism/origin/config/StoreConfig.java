package dev.prism.origin.config;

import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.S3StoreSettings;
import dev.prism.store.S3Timeouts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where assets live ({@code store.*}): a local folder (the default) or an S3-compatible bucket.
 *
 * @param type which of {@code folder} and {@code s3} is used
 * @param folder the folder store's settings (used when {@code type} is {@code folder})
 * @param s3 the S3 store's settings (used when {@code type} is {@code s3})
 * @param callTimeout the longest the origin waits for one store call (any store type)
 * @param breaker the circuit breaker around the origin's store calls
 */
public record StoreConfig(Type type, Folder folder, S3 s3, Duration callTimeout, Breaker breaker) {

  /**
   * Opens the configured store: {@link BlobStores#folder(Path)} or {@link
   * BlobStores#s3(S3StoreSettings, S3Timeouts)}. The caller closes it.
   */
  public BlobStore open() {
    return type == Type.S3
        ? BlobStores.s3(s3.toSettings(), s3.timeouts())
        : BlobStores.folder(folder.path());
  }

  /**
   * The store circuit breaker ({@code store.breaker.*}; Resilience4j, count-based window).
   *
   * @param failureRatePercent failure rate (1..100) at or above which it opens
   * @param window count of recent calls the rate is computed over
   * @param minimumCalls count of calls before the rate counts
   * @param openInterval how long it stays open before one probe call
   */
  public record Breaker(
      int failureRatePercent, int window, int minimumCalls, Duration openInterval) {}

  /** The store implementation. YAML values {@code folder} and {@code s3}. */
  public enum Type {
    /** A local folder ({@code FileBlobStore}). */
    FOLDER,
    /** S3, MinIO, R2, GCS interoperability, S3Proxy ({@code S3BlobStore}). */
    S3
  }

  /**
   * The folder store ({@code store.folder.*}).
   *
   * @param path the folder holding {@code {assetId}/asset.json} etc.; absolute
   */
  public record Folder(Path path) {}

  /**
   * The S3 store ({@code store.s3.*}).
   *
   * @param bucket the bucket name; required when {@code store.type} is {@code s3}
   * @param prefix a key prefix for every object, e.g. {@code prism/}; empty for the bucket root
   * @param region the signing region, e.g. {@code us-east-1} ({@code auto} for R2)
   * @param endpoint the service endpoint for S3-compatible services, e.g. {@code
   *     http://127.0.0.1:9000}; empty for AWS's regional endpoint
   * @param pathStyleAccess {@code https://host/bucket/key} addressing (MinIO, S3Proxy, GCS)
   * @param accessKeyId a static access key id; empty for the AWS default credentials chain
   * @param secretAccessKey the secret for {@code accessKeyId}; empty exactly when it is empty
   * @param presignTtl how long presigned GET and PUT URLs stay valid
   * @param apiCallTimeout the bound of one read call, retries included
   * @param apiCallAttemptTimeout the bound of one HTTP attempt of a read
   * @param connectTimeout the bound of establishing a connection
   * @param connectionAcquireTimeout the bound of waiting for a pooled connection
   * @param maxPendingConnectionAcquires calls that may wait for a pooled connection at once
   */
  public record S3(
      String bucket,
      String prefix,
      String region,
      Optional<URI> endpoint,
      boolean pathStyleAccess,
      Optional<String> accessKeyId,
      Optional<String> secretAccessKey,
      Duration presignTtl,
      Duration apiCallTimeout,
      Duration apiCallAttemptTimeout,
      Duration connectTimeout,
      Duration connectionAcquireTimeout,
      int maxPendingConnectionAcquires) {

    /**
     * The client's time bounds as the store module's settings.
     *
     * @throws IllegalArgumentException when a bound is not positive or the attempt bound exceeds
     *     the call bound (validation refuses both first)
     */
    public S3Timeouts timeouts() {
      return new S3Timeouts(
          apiCallTimeout,
          apiCallAttemptTimeout,
          connectTimeout,
          connectionAcquireTimeout,
          maxPendingConnectionAcquires);
    }

    /**
     * These values as the store module's settings (empty optionals become nulls).
     *
     * @throws IllegalArgumentException when the bucket or region is empty (validation refuses that
     *     when {@code store.type} is {@code s3})
     */
    public S3StoreSettings toSettings() {
      return new S3StoreSettings(
          bucket,
          prefix,
          region,
          endpoint.orElse(null),
          pathStyleAccess,
          accessKeyId.orElse(null),
          secretAccessKey.orElse(null));
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
      return "S3[bucket="
          + bucket
          + ", prefix="
          + prefix
          + ", region="
          + region
          + ", endpoint="
          + endpoint
          + ", pathStyleAccess="
          + pathStyleAccess
          + ", accessKeyId="
          + accessKeyId
          + ", secretAccessKey="
          + (secretAccessKey.isPresent() ? "***" : "Optional.empty")
          + ", presignTtl="
          + presignTtl
          + ", timeouts="
          + timeouts()
          + "]";
    }
  }
}
