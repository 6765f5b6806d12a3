package dev.prism.entitlement.signing;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Key pairs for CloudFront key groups: generation (RSA 2048 or ECDSA P-256, the two types
 * CloudFront accepts), and PEM files — the private key as PKCS#8 {@code PRIVATE KEY} with
 * owner-only permissions, the public key as {@code PUBLIC KEY} (SubjectPublicKeyInfo, the form
 * CloudFront's {@code PublicKeyConfig.EncodedKey} takes). Reading also accepts OpenSSL's
 * traditional {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY}. JCA and Bouncy Castle's PKIX
 * classes only.
 */
public final class SigningKeys {
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  /** The key types CloudFront accepts in a key group. */
  public enum KeyAlgorithm {
    RSA_2048,
    ECDSA_P256
  }

  private SigningKeys() {}

  /** Generates a fresh key pair with a {@link SecureRandom}. */
  public static KeyPair generate(KeyAlgorithm algorithm) {
    try {
      if (algorithm == KeyAlgorithm.RSA_2048) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks " + algorithm, e);
    }
  }

  /**
   * Writes {@code key} as a PKCS#8 PEM file readable and writable by its owner only ({@code
   * rw-------} on POSIX file systems, set at creation so the key is never world-readable).
   *
   * @throws FileAlreadyExistsException if {@code file} exists (keys are never overwritten)
   * @throws IOException on I/O failure
   */
  public static void writePrivateKeyPem(PrivateKey key, Path file) throws IOException {
    String pem = toPem(new JcaPKCS8Generator(key, null).generate());
    boolean posix =
        file.toAbsolutePath().getParent() != null
            && Files.getFileStore(file.toAbsolutePath().getParent())
                .supportsFileAttributeView("posix");
    if (posix) {
      FileAttribute<Set<PosixFilePermission>> perms =
          PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
      Files.createFile(file, perms);
      Files.setPosixFilePermissions(file, OWNER_READ_WRITE); // in case the umask widened nothing
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Writes {@code key} as a {@code PUBLIC KEY} PEM file (overwriting). */
  public static void writePublicKeyPem(PublicKey key, Path file) throws IOException {
    Files.writeString(file, publicKeyPem(key), StandardCharsets.US_ASCII);
  }

  /**
   * {@code key} as {@code -----BEGIN PUBLIC KEY-----} PEM text, ready for a CloudFront key group.
   */
  public static String publicKeyPem(PublicKey key) {
    return toPem(key);
  }

  /**
   * Reads a public key PEM file ({@code PUBLIC KEY}, SubjectPublicKeyInfo; RSA or EC).
   *
   * @throws IOException if unreadable or not a public key PEM
   */
  public static PublicKey readPublicKeyPem(Path file) throws IOException {
    return parsePublicKeyPem(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /**
   * Parses public key PEM text ({@code PUBLIC KEY}).
   *
   * @throws IOException if the text is not a public key PEM
   */
  public static PublicKey parsePublicKeyPem(String pem) throws IOException {
    Object object = readPemObject(new StringReader(pem));
    if (object instanceof SubjectPublicKeyInfo) {
      return new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) object);
    }
    throw new PEMException("not a PUBLIC KEY PEM");
  }

  /**
   * Reads an unencrypted private key PEM file: PKCS#8 {@code PRIVATE KEY}, or the traditional
   * {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY} that {@code openssl genrsa/ecparam} write.
   *
   * @throws IOException if unreadable or not an unencrypted private key PEM
   */
  public static PrivateKey readPrivateKeyPem(Path file) throws IOException {
    Object object;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      object = readPemObject(reader);
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (object instanceof PrivateKeyInfo) {
      return converter.getPrivateKey((PrivateKeyInfo) object);
    } else if (object instanceof PEMKeyPair) {
      return converter.getKeyPair((PEMKeyPair) object).getPrivate();
    }
    throw new PEMException(file + ": not an unencrypted private key PEM");
  }

  private static Object readPemObject(Reader reader) throws IOException {
    try (PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      if (object == null) {
        throw new PEMException("no PEM object found");
      }
      return object;
    }
  }

  private static String toPem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("PEM encoding failed", e);
    }
    return text.toString();
  }
}
