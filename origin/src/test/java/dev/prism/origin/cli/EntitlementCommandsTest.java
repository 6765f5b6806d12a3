package dev.prism.origin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.entitlement.http.EntitlementSettings;
import dev.prism.entitlement.http.ViewerClaims;
import dev.prism.entitlement.http.ViewerTokenVerifier;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.launch.EntitlementWiring;
import dev.prism.store.FileBlobStore;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prism keys}, {@code prism token} and the configuration → entitlement settings mapping. */
class EntitlementCommandsTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = PrismCommand.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void keys_rsa_ownerOnlyPrivateKeyAndPublicPemPrinted() throws Exception {
    Run run = run("keys", "--id", "K2JCJMDEHXQW5F", "--out", dir.toString());

    assertThat(run.status()).isZero();
    Path privateKey = dir.resolve("K2JCJMDEHXQW5F.pem");
    Path publicKey = dir.resolve("K2JCJMDEHXQW5F.pub.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
        .isEqualTo("rw-------");
    assertThat(run.out()).startsWith("key pair id: K2JCJMDEHXQW5F\n");
    assertThat(run.out()).contains("-----BEGIN PUBLIC KEY-----");
    String pem = run.out().substring(run.out().indexOf("-----BEGIN"));
    PublicKey printed = SigningKeys.parsePublicKeyPem(pem);
    assertThat(printed).isInstanceOf(RSAPublicKey.class);
    assertThat(((RSAPublicKey) printed).getModulus().bitLength()).isEqualTo(2048);
    assertThat(SigningKeys.readPublicKeyPem(publicKey)).isEqualTo(printed);
    assertThat(SigningKeys.readPrivateKeyPem(privateKey).getAlgorithm()).isEqualTo("RSA");
    assertThat(run.err()).contains("entitlement.signingKey: {id: K2JCJMDEHXQW5F");
  }

  @Test
  void keys_ecWithDefaultId_p256AndCloudFrontShapedId() throws Exception {
    Run run = run("keys", "--type", "ec", "--out", dir.toString());
    assertThat(run.status()).isZero();
    String id = run.out().lines().findFirst().orElseThrow().substring("key pair id: ".length());
    assertThat(id).matches("K[A-Z2-7]{13}");
    PublicKey key = SigningKeys.readPublicKeyPem(dir.resolve(id + ".pub.pem"));
    assertThat(key).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) key).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
  }

  @Test
  void keys_existingId_refusesToOverwrite() {
    assertThat(run("keys", "--id", "KSAME", "--out", dir.toString()).status()).isZero();
    Run again = run("keys", "--id", "KSAME", "--out", dir.toString());
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).contains("refusing to overwrite");
  }

  @Test
  void token_default_developmentJwtAcceptedByTheDevelopmentJwks() throws Exception {
    Run run =
        run(
            "token",
            "--state-dir",
            dir.toString(),
            "--subject",
            "alice",
            "--plan",
            "gold",
            "--ttl",
            "2h");
    assertThat(run.status()).isZero();
    assertThat(run.err()).contains("DEVELOPMENT ONLY");
    String token = run.out().trim();

    Vertx vertx = Vertx.vertx();
    try {
      ViewerTokenVerifier verifier =
          ViewerTokenVerifier.create(
              vertx,
              EntitlementSettings.Jwt.of(
                  dir.resolve(DevelopmentIdentity.JWKS_FILE).toString(),
                  DevelopmentIdentity.ISSUER,
                  DevelopmentIdentity.AUDIENCE));
      ViewerClaims claims = verifier.verify(token).toCompletionStage().toCompletableFuture().get();
      assertThat(claims).isEqualTo(new ViewerClaims("alice", true, List.of("gold")));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void token_countAndOut_gatlingFeederWithDistinctSubjects() throws Exception {
    Path feeder = dir.resolve("tokens.csv");
    Run run =
        run("token", "--state-dir", dir.toString(), "--count", "3", "--out", feeder.toString());
    assertThat(run.status()).isZero();
    List<String> lines = Files.readAllLines(feeder);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("token,subject");
    assertThat(lines.subList(1, 4))
        .extracting(line -> line.substring(line.indexOf(',') + 1))
        .containsExactly("dev-viewer-00001", "dev-viewer-00002", "dev-viewer-00003");
    assertThat(lines.get(1)).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+,.*");
  }

  @Test
  void token_countWithoutOut_usageError() {
    assertThat(run("token", "--state-dir", dir.toString(), "--count", "2").status()).isEqualTo(2);
    assertThat(run("token", "--state-dir", dir.toString(), "--ttl", "soon").status()).isEqualTo(2);
  }

  @Test
  void settings_fromConfiguration_everyEntitlementKeyMapped() {
    PrismConfig config =
        ConfigLoader.fromYaml(
            String.join(
                "\n",
                "delivery: {publicBaseUrls: ['https://d111.cloudfront.net']}",
                "gate: {viewerIp: {header: X-Forwarded-For, trustedProxies: 1}}",
                "entitlement:",
                "  enabled: true",
                "  signingKey: {id: K2JCJMDEHXQW5F, privateKeyFile: keys/k.pem}",
                "  cookieTtl: 2m",
                "  cookie: {domain: .example.com, secure: true, httpOnly: false, sameSite: None}",
                "  ipBinding: true",
                "  jwt:",
                "    jwks: https://id.example.com/.well-known/jwks.json",
                "    jwksCacheTtl: 15m",
                "    issuer: https://id.example.com/",
                "    audience: prism-api",
                "    leeway: 10s",
                "    claims: {subscriptionStatus: sub_status, plan: tier}",
                "    activeSubscriptionValues: [active, trialing]",
                "  viewerCountryHeader: X-Country",
                "  rateLimit: {perSubject: 5, perIp: 0, window: 30s}"),
            dir);

    EntitlementSettings s = EntitlementWiring.settings(config);

    assertThat(s.publicBaseUrl()).isEqualTo("https://d111.cloudfront.net");
    assertThat(s.signingKey())
        .isEqualTo(new EntitlementSettings.SigningKey("K2JCJMDEHXQW5F", dir.resolve("keys/k.pem")));
    assertThat(s.cookieTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.cookie())
        .isEqualTo(
            new EntitlementSettings.Cookie(
                ".example.com", true, false, EntitlementSettings.SameSite.NONE));
    assertThat(s.ipBinding()).isTrue();
    assertThat(s.jwt().jwks()).isEqualTo("https://id.example.com/.well-known/jwks.json");
    assertThat(s.jwt().jwksCacheTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.jwt().issuer()).isEqualTo("https://id.example.com/");
    assertThat(s.jwt().audience()).isEqualTo("prism-api");
    assertThat(s.jwt().leeway()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.jwt().claims())
        .isEqualTo(
            new EntitlementSettings.Claims(
                "sub", "sub_status", List.of("active", "trialing"), "tier"));
    assertThat(s.viewerCountryHeader()).isEqualTo("X-Country");
    assertThat(s.viewerIp()).isEqualTo(new EntitlementSettings.ViewerIp("X-Forwarded-For", 1));
    assertThat(s.rateLimit().perSubject())
        .isEqualTo(new EntitlementSettings.Limit(5, Duration.ofSeconds(30)));
    assertThat(s.rateLimit().perIp().enabled()).isFalse();
  }

  @Test
  void playHandler_ssmParameterName_readFromParameterStoreAndUnreachableIsAClearError() {
    PrismConfig config =
        ConfigLoader.fromYaml(
            "entitlement: {signingKey: {id: KDEV, ssmParameterName: /prism/key}}", dir);
    Vertx vertx = Vertx.vertx();
    // The SDK's chains find a region and credentials here but no AWS endpoint answers
    // (127.0.0.1:1).
    Map<String, String> aws =
        Map.of(
            "aws.region", "us-east-1",
            "aws.accessKeyId", "AKIDTEST",
            "aws.secretAccessKey", "secret",
            "aws.endpointUrl", "http://127.0.0.1:1");
    aws.forEach(System::setProperty);
    try {
      assertThatThrownBy(() -> EntitlementWiring.playHandler(vertx, new FileBlobStore(dir), config))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("SSM parameter /prism/key");
    } finally {
      aws.keySet().forEach(System::clearProperty);
      vertx.close().await();
    }
  }

  @Test
  void settings_defaults_developmentJwksFileAndSocketAddressWhenHeaderEmpty() {
    PrismConfig config =
        ConfigLoader.fromYaml(
            "gate: {viewerIp: {header: ''}}\nentitlement: {signingKey: {id: KDEV}}", dir);
    EntitlementSettings s = EntitlementWiring.settings(config);
    assertThat(Path.of(s.jwt().jwks())).isEqualTo(dir.resolve(".prism/dev-jwks.json"));
    assertThat(s.viewerIp()).isEqualTo(EntitlementSettings.ViewerIp.SOCKET);
    assertThat(s.cookieTtl()).isEqualTo(Duration.ofMinutes(5));
  }
}
