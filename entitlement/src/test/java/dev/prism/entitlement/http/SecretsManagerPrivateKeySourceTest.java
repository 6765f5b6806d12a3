package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.entitlement.signing.CloudFrontBase64;
import dev.prism.entitlement.signing.CloudFrontSigner;
import dev.prism.entitlement.signing.SignedGrant;
import dev.prism.entitlement.signing.SigningKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The signing key from AWS Secrets Manager: the real SDK client against a local endpoint that
 * answers {@code GetSecretValue} as the service does (JSON 1.1 protocol).
 */
class SecretsManagerPrivateKeySourceTest {
  private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
  private static AwsJsonEndpoint endpoint;

  @TempDir Path dir;

  @BeforeAll
  static void startEndpoint() {
    endpoint =
        new AwsJsonEndpoint(
            body -> {
              String id = body.getString("SecretId");
              String secret = SECRETS.get(id);
              return secret == null
                  ? AwsJsonEndpoint.Answer.error(
                      "ResourceNotFoundException",
                      "Secrets Manager can't find the specified secret.")
                  : AwsJsonEndpoint.Answer.ok(
                      new JsonObject()
                          .put("ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + id)
                          .put("Name", id)
                          .put("VersionId", "v1")
                          .put("SecretString", secret));
            });
  }

  @AfterAll
  static void stopEndpoint() {
    endpoint.close();
  }

  private static SecretsManagerClient client() {
    return endpoint.client(SecretsManagerClient.builder());
  }

  private String pem(KeyPair pair) throws IOException {
    Path file = dir.resolve("k" + System.nanoTime() + ".pem");
    SigningKeys.writePrivateKeyPem(pair.getPrivate(), file);
    return Files.readString(file);
  }

  @Test
  void load_pemSecret_keySignsGrantsTheJcaVerifies() throws Exception {
    KeyPair pair = SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256);
    SECRETS.put("prism/cloudfront-signing-key", pem(pair));
    try (SecretsManagerClient client = client()) {
      PrivateKeySource source =
          new SecretsManagerPrivateKeySource(client, "prism/cloudfront-signing-key");
      CloudFrontSigner signer = EntitlementRoutes.cloudFrontSigner("K2JCJMDEHXQW5F", source);
      SignedGrant grant =
          signer.sign("https://cdn.example.com/v1/bbb/", Instant.now().plusSeconds(300), null);

      Signature jca = Signature.getInstance("SHA1withECDSA");
      jca.initVerify(pair.getPublic());
      jca.update(CloudFrontBase64.decode(grant.cookies().get("CloudFront-Policy")));
      assertThat(jca.verify(CloudFrontBase64.decode(grant.signature()))).isTrue();
    }
    JsonObject call = endpoint.lastCall();
    assertThat(call.getString("target")).isEqualTo("secretsmanager.GetSecretValue");
    assertThat(call.getJsonObject("body").getString("SecretId"))
        .isEqualTo("prism/cloudfront-signing-key");
    assertThat(call.getString("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/");
  }

  @Test
  void load_missingSecret_ioExceptionNamingIt() {
    try (SecretsManagerClient client = client()) {
      assertThatThrownBy(() -> new SecretsManagerPrivateKeySource(client, "nope").load())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("can't find");
    }
  }

  @Test
  void load_secretNotAPem_ioException() {
    SECRETS.put("not-a-key", "{\"username\":\"admin\"}");
    try (SecretsManagerClient client = client()) {
      assertThatThrownBy(() -> new SecretsManagerPrivateKeySource(client, "not-a-key").load())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not an unencrypted private key PEM");
    }
  }
}
