package dev.prism.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/** Builds SDK clients from {@link S3StoreSettings} the same way for the store and the presigner. */
final class S3Clients {
  private S3Clients() {}

  static AwsCredentialsProvider credentials(S3StoreSettings settings) {
    String accessKeyId = settings.accessKeyId();
    String secretAccessKey = settings.secretAccessKey();
    if (accessKeyId != null && secretAccessKey != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * Region, credentials, endpoint and addressing style. For a non-AWS endpoint, checksums are only
   * sent and checked where the S3 API requires them: several S3-compatible services (GCS
   * interoperability, older MinIO and R2) refuse the SDK's default CRC32 trailers.
   */
  static S3AsyncClientBuilder configure(S3AsyncClientBuilder builder, S3StoreSettings settings) {
    builder
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials(settings))
        .forcePathStyle(settings.pathStyleAccess());
    if (settings.endpointOverride() != null) {
      builder
          .endpointOverride(settings.endpointOverride())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder;
  }
}
