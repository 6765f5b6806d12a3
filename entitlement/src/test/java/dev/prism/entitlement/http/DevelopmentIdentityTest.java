package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentIdentityTest {
  private static Vertx vertx;

  @TempDir Path state;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    Await.result(vertx.close());
  }

  @Test
  void loadOrCreate_firstUse_writesOwnerOnlyKeyAndPublicJwks() throws Exception {
    DevelopmentIdentity identity = DevelopmentIdentity.loadOrCreate(state);

    Path privateKey = state.resolve("keys/dev-jwt.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(identity.jwksFile()).isEqualTo(state.resolve("dev-jwks.json"));
    JsonObject jwks = new JsonObject(Files.readString(identity.jwksFile()));
    JsonObject key = jwks.getJsonArray("keys").getJsonObject(0);
    assertThat(jwks.getJsonArray("keys")).hasSize(1);
    assertThat(key.getString("kid")).isEqualTo(identity.keyId());
    assertThat(key.getString("kty")).isEqualTo("EC");
    assertThat(key.getString("crv")).isEqualTo("P-256");
    assertThat(key.getString("alg")).isEqualTo("ES256");
    assertThat(key.containsKey("d")).as("no private part in the JWKS").isFalse();
  }

  @Test
  void loadOrCreate_secondUse_sameKeyAndKeyId() throws Exception {
    DevelopmentIdentity first = DevelopmentIdentity.loadOrCreate(state);
    String jwks = Files.readString(first.jwksFile());
    DevelopmentIdentity second = DevelopmentIdentity.loadOrCreate(state);
    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(Files.readString(second.jwksFile())).isEqualTo(jwks);
  }

  @Test
  void loadOrCreate_jwksDeleted_rewrittenForTheSameKey() throws Exception {
    DevelopmentIdentity first = DevelopmentIdentity.loadOrCreate(state);
    String jwks = Files.readString(first.jwksFile());
    Files.delete(first.jwksFile());
    assertThat(Files.readString(DevelopmentIdentity.loadOrCreate(state).jwksFile()))
        .isEqualTo(jwks);
  }

  @Test
  void mint_token_acceptedByTheVerifierWithTheDevelopmentJwks() throws Exception {
    DevelopmentIdentity identity = DevelopmentIdentity.loadOrCreate(state);
    String token =
        identity.mint(vertx, "dev-viewer", "premium", Duration.ofHours(24), Instant.now());

    JsonObject header =
        new JsonObject(
            new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
    assertThat(header.getString("alg")).isEqualTo("ES256");
    assertThat(header.getString("kid")).isEqualTo(identity.keyId());

    ViewerTokenVerifier verifier = ViewerTokenVerifier.create(vertx, identity.jwtSettings());
    assertThat(Await.result(verifier.verify(token)))
        .isEqualTo(new ViewerClaims("dev-viewer", true, List.of("premium")));
  }

  @Test
  void mint_expiredToken_refused() throws Exception {
    DevelopmentIdentity identity = DevelopmentIdentity.loadOrCreate(state);
    String token =
        identity.mint(
            vertx,
            "dev-viewer",
            "",
            Duration.ofMinutes(1),
            Instant.now().minus(Duration.ofHours(1)));
    ViewerTokenVerifier verifier = ViewerTokenVerifier.create(vertx, identity.jwtSettings());
    assertThat(Await.failure(verifier.verify(token))).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void thumbprint_rfc7638Example_matches() throws Exception {
    // RFC 7638 §3.1: the RSA example key's thumbprint.
    String n =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(n));
    BigInteger exponent = BigInteger.valueOf(65537);
    PublicKey key =
        KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    assertThat(Jwks.thumbprint(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  }
}
