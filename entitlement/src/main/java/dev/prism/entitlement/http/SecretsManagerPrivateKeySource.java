package dev.prism.entitlement.http;

import java.io.IOException;
import java.security.PrivateKey;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The signing key's PEM text from AWS Secrets Manager ({@code GetSecretValue}, the secret's current
 * version): {@code entitlement.signingKey.secretsManagerSecretId}. The secret holds the same PEM a
 * key file would ({@code prism keys} output), as a string secret.
 */
public final class SecretsManagerPrivateKeySource implements PrivateKeySource {
  private final SecretsManagerClient client;
  private final String secretId;

  /**
   * @param client a Secrets Manager client (the caller owns and closes it)
   * @param secretId the secret's name or ARN
   */
  public SecretsManagerPrivateKeySource(SecretsManagerClient client, String secretId) {
    if (secretId.isBlank()) {
      throw new IllegalArgumentException("blank Secrets Manager secret id");
    }
    this.client = client;
    this.secretId = secretId;
  }

  /**
   * A source with a client from the SDK's default region and credential chains (environment,
   * profile, container or instance role), closed after each load.
   */
  public static PrivateKeySource withDefaultClient(String secretId) {
    return () -> {
      try (SecretsManagerClient client = SecretsManagerClient.create()) {
        return new SecretsManagerPrivateKeySource(client, secretId).load();
      }
    };
  }

  /**
   * @throws IOException when the secret cannot be read (named, with the service's message), is
   *     binary, or is not an unencrypted private key PEM
   */
  @Override
  public PrivateKey load() throws IOException {
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(request -> request.secretId(secretId));
    } catch (SdkException e) {
      throw new IOException("Secrets Manager secret " + secretId + ": " + e.getMessage(), e);
    }
    String pem = response.secretString();
    if (pem == null || pem.isBlank()) {
      throw new IOException(
          "Secrets Manager secret " + secretId + " has no string value (a PEM is expected)");
    }
    return PrivateKeySource.parsePem(pem, "Secrets Manager secret " + secretId);
  }
}
