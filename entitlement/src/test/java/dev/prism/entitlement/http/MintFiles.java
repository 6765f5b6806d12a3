package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * The two files a mint reads, written into a test folder: the CloudFront signing key (PEM,
 * owner-only) and the JWKS trusting {@code issuer}; and the default settings that name them.
 */
record MintFiles(Path privateKeyFile, Path jwksFile) {

  static MintFiles write(Path dir, KeyPair cloudFrontKeys, TestIssuer issuer) throws IOException {
    MintFiles files = new MintFiles(dir.resolve("cf.pem"), dir.resolve("jwks.json"));
    SigningKeys.writePrivateKeyPem(cloudFrontKeys.getPrivate(), files.privateKeyFile());
    Files.writeString(files.jwksFile(), Jwks.keySet(List.of(issuer.jwk())).encode());
    return files;
  }

  /** {@link EntitlementSettings#defaults} for {@code publicBaseUrl}, signing with these files. */
  EntitlementSettings settings(String publicBaseUrl, String keyPairId) {
    return EntitlementSettings.defaults(
        publicBaseUrl,
        new EntitlementSettings.SigningKey(keyPairId, privateKeyFile),
        EntitlementSettings.Jwt.of(jwksFile.toString(), TestIssuer.ISSUER, TestIssuer.AUDIENCE));
  }
}
