package dev.prism.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned GET and PUT URLs for the objects of an {@link S3BlobStore}, so a worker without
 * credentials (a transcoding job, a browser) can read or write one key for a limited time.
 *
 * <p>Uses the same bucket, prefix, region, endpoint, addressing style and credentials as the store
 * ({@link S3StoreSettings}). Signatures are AWS Signature Version 4 in the query string, which
 * allows at most 7 days; with temporary credentials (an instance or task role) a URL also stops
 * working when those credentials expire.
 */
public final class S3Presigning implements AutoCloseable {
  /** The TTL of {@link #presignGet(String)} and {@link #presignPut(String)}. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** SigV4's limit for query-string signatures. */
  public static final Duration MAX_TTL = Duration.ofDays(7);

  private final S3StoreSettings settings;
  private final S3Presigner presigner;

  /** A presigner for the bucket, prefix and credentials of {@code settings}; close it when done. */
  public S3Presigning(S3StoreSettings settings) {
    this.settings = settings;
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(S3Clients.credentials(settings))
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(settings.pathStyleAccess())
                    .build());
    if (settings.endpointOverride() != null) {
      builder.endpointOverride(settings.endpointOverride());
    }
    this.presigner = builder.build();
  }

  /** A GET of {@code key} valid for {@link #DEFAULT_TTL}. */
  public dev.prism.store.PresignedRequest presignGet(String key) {
    return presignGet(key, DEFAULT_TTL);
  }

  /**
   * A GET of {@code key} valid for {@code ttl}.
   *
   * @throws IllegalArgumentException if the key is invalid or {@code ttl} is not in (0, 7 days]
   */
  public dev.prism.store.PresignedRequest presignGet(String key, Duration ttl) {
    String objectKey = objectKey(key);
    return convert(
        presigner.presignGetObject(
            r ->
                r.signatureDuration(checkTtl(ttl))
                    .getObjectRequest(g -> g.bucket(settings.bucket()).key(objectKey))));
  }

  /** A PUT of {@code key} valid for {@link #DEFAULT_TTL}. */
  public dev.prism.store.PresignedRequest presignPut(String key) {
    return presignPut(key, DEFAULT_TTL);
  }

  /**
   * A PUT of {@code key} valid for {@code ttl}: the request body becomes the whole object, written
   * atomically like {@link BlobStore#write}.
   *
   * @throws IllegalArgumentException if the key is invalid or {@code ttl} is not in (0, 7 days]
   */
  public dev.prism.store.PresignedRequest presignPut(String key, Duration ttl) {
    String objectKey = objectKey(key);
    return convert(
        presigner.presignPutObject(
            r ->
                r.signatureDuration(checkTtl(ttl))
                    .putObjectRequest(p -> p.bucket(settings.bucket()).key(objectKey))));
  }

  @Override
  public void close() {
    presigner.close();
  }

  private String objectKey(String key) {
    return settings.prefix() + StoreKeys.validate(key);
  }

  private static Duration checkTtl(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "presigned URL ttl " + ttl + " is invalid: expected more than 0 and at most " + MAX_TTL);
    }
    return ttl;
  }

  private static dev.prism.store.PresignedRequest convert(PresignedRequest presigned) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    presigned
        .signedHeaders()
        .forEach(
            (name, values) -> {
              if (!name.toLowerCase(Locale.ROOT).equals("host")) {
                headers.put(name, List.copyOf(values));
              }
            });
    URI uri;
    try {
      uri = presigned.url().toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the SDK presigned an invalid URL", e);
    }
    return new dev.prism.store.PresignedRequest(
        presigned.httpRequest().method().name(), uri, headers, presigned.expiration());
  }
}
