package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.SigningKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** An identity provider played by the tests: one key pair, its JWK, and tokens signed with it. */
final class TestIssuer {
  static final String ISSUER = "https://id.example.test/";
  static final String AUDIENCE = "prism";

  final KeyPair keys;
  final String kid;
  final String alg;

  private TestIssuer(KeyPair keys, String kid, String alg) {
    this.keys = keys;
    this.kid = kid;
    this.alg = alg;
  }

  static TestIssuer rsa(String kid) {
    return new TestIssuer(SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048), kid, "RS256");
  }

  static TestIssuer ec(String kid) {
    return new TestIssuer(SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256), kid, "ES256");
  }

  /** The public JWK, as an identity provider publishes it. */
  JsonObject jwk() {
    return Jwks.publicJwk(keys.getPublic(), kid);
  }

  /** Standard claims: our issuer and audience, an active subscription, plan {@code basic}. */
  static JsonObject claims(String subject, Instant now, Duration ttl) {
    return new JsonObject()
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("sub", subject)
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(ttl).getEpochSecond())
        .put("subscription", "active")
        .put("plan", "basic");
  }

  /** A token for {@code subject} valid for ten minutes from now. */
  String token(Vertx vertx, String subject) {
    return sign(vertx, claims(subject, Instant.now(), Duration.ofMinutes(10)));
  }

  /** Signs {@code claims} as they are (no timestamps added), with {@code kid} in the header. */
  String sign(Vertx vertx, JsonObject claims) {
    return sign(vertx, claims, kid);
  }

  /** Signs with this issuer's key but claims another {@code headerKid} (forgery tests). */
  String sign(Vertx vertx, JsonObject claims, String headerKid) {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    JWTAuth auth =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(pem).setId(kid)));
    return auth.generateToken(
        claims,
        new JWTOptions()
            .setAlgorithm(alg)
            .setNoTimestamp(true)
            .setHeader(new JsonObject().put("kid", headerKid)));
  }
}
