package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.SigningKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * DEVELOPMENT ONLY: a local identity provider for {@code prism demo}, {@code prism token} and
 * tests. It owns one ES256 (ECDSA P-256) key: the private half in {@code
 * <stateDir>/keys/dev-jwt.pem} (owner-only), the public half as a JWKS in {@code
 * <stateDir>/dev-jwks.json}, both created on first use and reused afterwards ({@code .prism/} is
 * git-ignored). Tokens it mints are ordinary JWTs (RFC 7519) that {@link ViewerTokenVerifier}
 * checks like any identity provider's.
 *
 * <p>Never point a production {@code entitlement.jwt.jwks} at this JWKS: anyone with the state
 * directory can mint viewers.
 */
public final class DevelopmentIdentity {
  /** The {@code iss} of development tokens. */
  public static final String ISSUER = "prism-dev";

  /** The {@code aud} of development tokens. */
  public static final String AUDIENCE = "prism";

  /** The JWKS file name inside the state directory. */
  public static final String JWKS_FILE = "dev-jwks.json";

  private static final String PRIVATE_KEY_FILE = "keys/dev-jwt.pem";
  private static final String PUBLIC_KEY_FILE = "keys/dev-jwt.pub.pem";

  private final Path jwksFile;
  private final String keyId;
  private final String privateKeyPem;
  private @Nullable JWTAuth signer; // guarded by this
  private @Nullable Vertx signerVertx; // guarded by this

  private DevelopmentIdentity(Path jwksFile, String keyId, String privateKeyPem) {
    this.jwksFile = jwksFile;
    this.keyId = keyId;
    this.privateKeyPem = privateKeyPem;
  }

  /**
   * Loads the development key from {@code stateDir} (normally {@code .prism}), generating it and
   * the JWKS on first use. The JWKS is rewritten when missing.
   *
   * @throws IOException when the files cannot be read or written
   */
  public static DevelopmentIdentity loadOrCreate(Path stateDir) throws IOException {
    Path privateFile = stateDir.resolve(PRIVATE_KEY_FILE);
    Path publicFile = stateDir.resolve(PUBLIC_KEY_FILE);
    Path jwksFile = stateDir.resolve(JWKS_FILE);
    PublicKey publicKey;
    if (Files.exists(privateFile) && Files.exists(publicFile)) {
      SigningKeys.readPrivateKeyPem(privateFile); // fails early on a damaged key file
      publicKey = SigningKeys.readPublicKeyPem(publicFile);
    } else {
      KeyPair pair = SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256);
      Files.createDirectories(privateFile.getParent());
      Files.deleteIfExists(privateFile); // a half-written pair from an interrupted first run
      SigningKeys.writePrivateKeyPem(pair.getPrivate(), privateFile); // owner-only
      SigningKeys.writePublicKeyPem(pair.getPublic(), publicFile);
      publicKey = pair.getPublic();
    }
    String keyId = Jwks.thumbprint(publicKey);
    String expectedJwks = Jwks.keySet(List.of(Jwks.publicJwk(publicKey, keyId))).encodePrettily();
    if (!Files.exists(jwksFile)
        || !Files.readString(jwksFile, StandardCharsets.UTF_8).equals(expectedJwks)) {
      Files.writeString(jwksFile, expectedJwks, StandardCharsets.UTF_8);
    }
    // PKCS#8 "PRIVATE KEY" as SigningKeys writes it: the form vertx-auth-jwt's PEM reader takes.
    String privateKeyPem = Files.readString(privateFile, StandardCharsets.US_ASCII);
    return new DevelopmentIdentity(jwksFile, keyId, privateKeyPem);
  }

  /** The development JWKS file, for {@code entitlement.jwt.jwks}. */
  public Path jwksFile() {
    return jwksFile;
  }

  /** The signing key's id (its RFC 7638 thumbprint), sent as the JWS {@code kid}. */
  public String keyId() {
    return keyId;
  }

  /** The JWT settings that accept this identity's tokens (default leeway and claim names). */
  public EntitlementSettings.Jwt jwtSettings() {
    return EntitlementSettings.Jwt.of(jwksFile.toString(), ISSUER, AUDIENCE);
  }

  /**
   * Mints a development viewer token: {@code iss=prism-dev}, {@code aud=prism}, {@code sub}, {@code
   * subscription=active}, {@code plan}, {@code iat=now}, {@code exp=now+ttl}, signed ES256 with
   * {@code kid}.
   *
   * @param plan the plan claim, or empty for none
   * @param ttl the token lifetime (positive)
   * @param now the issue time
   */
  public String mint(Vertx vertx, String subject, String plan, Duration ttl, Instant now) {
    JsonObject claims =
        new JsonObject()
            .put("iss", ISSUER)
            .put("aud", AUDIENCE)
            .put("sub", subject)
            .put("subscription", "active")
            .put("iat", now.getEpochSecond())
            .put("exp", now.plus(ttl).getEpochSecond());
    if (!plan.isEmpty()) {
      claims.put("plan", plan);
    }
    return mint(vertx, claims);
  }

  /** Signs arbitrary {@code claims} (tests build odd tokens with it). */
  public String mint(Vertx vertx, JsonObject claims) {
    return signer(vertx)
        .generateToken(
            claims,
            new JWTOptions()
                .setAlgorithm("ES256")
                .setNoTimestamp(true)
                .setHeader(new JsonObject().put("kid", keyId)));
  }

  /** One signer per Vert.x instance: parsing the PEM per token made feeders of thousands slow. */
  private synchronized JWTAuth signer(Vertx vertx) {
    if (signer == null || signerVertx != vertx) {
      signer =
          JWTAuth.create(
              vertx,
              new JWTAuthOptions()
                  .addPubSecKey(
                      new PubSecKeyOptions()
                          .setAlgorithm("ES256")
                          .setBuffer(privateKeyPem)
                          .setId(keyId)));
      signerVertx = vertx;
    }
    return signer;
  }
}
