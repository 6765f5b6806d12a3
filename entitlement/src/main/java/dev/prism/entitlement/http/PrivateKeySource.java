package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.SigningKeys;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

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

  /**
   * Parses unencrypted private key PEM text (PKCS#8 {@code PRIVATE KEY}, or {@code RSA PRIVATE KEY}
   * / {@code EC PRIVATE KEY}) held somewhere other than a file.
   *
   * @param source names where the text came from, for the error message
   * @throws IOException when the text is not such a PEM
   */
  static PrivateKey parsePem(String pem, String source) throws IOException {
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      object = parser.readObject();
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (object instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    } else if (object instanceof PEMKeyPair pair) {
      return converter.getKeyPair(pair).getPrivate();
    }
    throw new IOException(source + ": not an unencrypted private key PEM");
  }
}
