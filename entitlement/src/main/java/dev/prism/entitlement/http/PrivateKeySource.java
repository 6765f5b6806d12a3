package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.SigningKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * Where the active CloudFront key pair's private key comes from. The default is a PEM file ({@link
 * #pemFile(Path)}); a secret store (AWS Secrets Manager holding the PEM text, or SSM Parameter
 * Store) implements this same interface and is chosen by the caller's configuration.
 */
@FunctionalInterface
public interface PrivateKeySource {

  /**
   * Loads the key. Called once at start-up (and again on a key rotation, if the caller supports
   * one); may block.
   *
   * @throws IOException when the key cannot be read or parsed
   */
  PrivateKey load() throws IOException;

  /**
   * An unencrypted PEM file: PKCS#8, or OpenSSL's traditional RSA/EC form ({@link SigningKeys}).
   */
  static PrivateKeySource pemFile(Path file) {
    return () -> SigningKeys.readPrivateKeyPem(file);
  }
}
