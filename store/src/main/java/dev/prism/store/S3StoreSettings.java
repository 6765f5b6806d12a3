package dev.prism.store;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link S3BlobStore} keeps its objects and how it reaches them: AWS S3, or an
 * S3-compatible service (MinIO, Cloudflare R2, Google Cloud Storage's XML interoperability API,
 * S3Proxy) through {@code endpointOverride} and usually {@code pathStyleAccess}.
 *
 * @param bucket the bucket name
 * @param prefix a key prefix every store key is put under, e.g. {@code prism/} (a missing trailing
 *     {@code /} is added); the empty string for the bucket's root
 * @param region the signing region, e.g. {@code us-east-1} ({@code auto} for R2)
 * @param endpointOverride the service endpoint, e.g. {@code http://127.0.0.1:9000}; null for AWS's
 *     regional endpoint
 * @param pathStyleAccess {@code https://host/bucket/key} instead of {@code
 *     https://bucket.host/key}; most S3-compatible services need it
 * @param accessKeyId a static access key id, or null to use the AWS default credentials chain
 *     (environment, system properties, profile, container or instance role)
 * @param secretAccessKey the secret for {@code accessKeyId}; null exactly when it is null
 */
public record S3StoreSettings(
    String bucket,
    String prefix,
    String region,
    @Nullable URI endpointOverride,
    boolean pathStyleAccess,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey) {

  public S3StoreSettings {
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket is empty");
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("S3 region is empty");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    StoreKeys.validatePrefix(prefix);
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "S3 accessKeyId and secretAccessKey must be given together (or neither, for the default"
              + " credentials chain)");
    }
  }

  /** AWS S3 itself, default credentials chain, no key prefix. */
  public static S3StoreSettings aws(String bucket, String region) {
    return new S3StoreSettings(bucket, "", region, null, false, null, null);
  }

  /** These settings with another key prefix. */
  public S3StoreSettings withPrefix(String newPrefix) {
    return new S3StoreSettings(
        bucket, newPrefix, region, endpointOverride, pathStyleAccess, accessKeyId, secretAccessKey);
  }

  /** These settings with another bucket. */
  public S3StoreSettings withBucket(String newBucket) {
    return new S3StoreSettings(
        newBucket, prefix, region, endpointOverride, pathStyleAccess, accessKeyId, secretAccessKey);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "S3StoreSettings[bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", region="
        + region
        + ", endpointOverride="
        + endpointOverride
        + ", pathStyleAccess="
        + pathStyleAccess
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? "null" : "***")
        + "]";
  }
}
