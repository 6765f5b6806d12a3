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
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The signing key from SSM Parameter Store: the real SDK client against a local endpoint that
 * answers {@code GetParameter} as the service documents it (JSON 1.1, {@code AmazonSSM.} targets),
 * since this machine cannot reach AWS.
 */
class SsmPrivateKeySourceTest {
  private static final Map<String, String> PARAMETERS = new ConcurrentHashMap<>();
  private static AwsJsonEndpoint endpoint;

  @TempDir Path dir;

  @BeforeAll
  static void startEndpoint() {
    endpoint =
        new AwsJsonEndpoint(
            body -> {
              String name = body.getString("Name");
              String value = PARAMETERS.get(name);
              return value == null
                  ? AwsJsonEndpoint.Answer.error("ParameterNotFound", "Parameter not found.")
                  : AwsJsonEndpoint.Answer.ok(
                      new JsonObject()
                          .put(
                              "Parameter",
                              new JsonObject()
                                  .put("Name", name)
                                  .put("Type", "SecureString")
                                  .put("Value", value)
                                  .put("Version", 1)));
            });
  }

  @AfterAll
  static void stopEndpoint() {
    endpoint.close();
  }

  @Test
  void load_secureStringPem_decryptedKeySignsGrantsTheJcaVerifies() throws Exception {
    KeyPair pair = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
    Path file = dir.resolve("k.pem");
    SigningKeys.writePrivateKeyPem(pair.getPrivate(), file);
    PARAMETERS.put("/prism/cloudfront-signing-key", Files.readString(file));
    try (SsmClient client = endpoint.client(SsmClient.builder())) {
      CloudFrontSigner signer =
          EntitlementRoutes.cloudFrontSigner(
              "K2JCJMDEHXQW5F", new SsmPrivateKeySource(client, "/prism/cloudfront-signing-key"));
      SignedGrant grant =
          signer.sign("https://cdn.example.com/v1/bbb/", Instant.now().plusSeconds(300), null);
      Signature jca = Signature.getInstance("SHA1withRSA");
      jca.initVerify(pair.getPublic());
      jca.update(CloudFrontBase64.decode(grant.cookies().get("CloudFront-Policy")));
      assertThat(jca.verify(CloudFrontBase64.decode(grant.signature()))).isTrue();
    }
    JsonObject call = endpoint.lastCall();
    assertThat(call.getString("target")).isEqualTo("AmazonSSM.GetParameter");
    assertThat(call.getJsonObject("body").getString("Name"))
        .isEqualTo("/prism/cloudfront-signing-key");
    assertThat(call.getJsonObject("body").getBoolean("WithDecryption")).isTrue();
    assertThat(call.getString("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/");
  }

  @Test
  void load_missingParameter_ioExceptionNamingIt() {
    try (SsmClient client = endpoint.client(SsmClient.builder())) {
      assertThatThrownBy(() -> new SsmPrivateKeySource(client, "/prism/nope").load())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("/prism/nope")
          .hasMessageContaining("not found");
    }
  }

  @Test
  void load_parameterNotAPem_ioException() {
    PARAMETERS.put("/prism/not-a-key", "hello");
    try (SsmClient client = endpoint.client(SsmClient.builder())) {
      assertThatThrownBy(() -> new SsmPrivateKeySource(client, "/prism/not-a-key").load())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not an unencrypted private key PEM");
    }
  }
}
