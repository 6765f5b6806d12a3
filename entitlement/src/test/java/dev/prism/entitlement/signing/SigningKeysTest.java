package dev.prism.entitlement.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningKeysTest {
  @TempDir Path dir;

  @Test
  void generate_types_areWhatCloudFrontAccepts() {
    KeyPair rsa = TestKeys.RSA_A;
    KeyPair ec = TestKeys.EC_A;
    assertThat(((RSAPublicKey) rsa.getPublic()).getModulus().bitLength()).isEqualTo(2048);
    assertThat(((ECPublicKey) ec.getPublic()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    KeyGroup.of(Map.of("A", rsa.getPublic(), "B", ec.getPublic())); // accepted
  }

  @ParameterizedTest
  @EnumSource(SigningKeys.KeyAlgorithm.class)
  void writeRead_pemFiles_roundTripWithOwnerOnlyPrivateKey(SigningKeys.KeyAlgorithm algorithm)
      throws Exception {
    KeyPair pair = algorithm == SigningKeys.KeyAlgorithm.RSA_2048 ? TestKeys.RSA_A : TestKeys.EC_A;
    Path priv = dir.resolve(algorithm + ".pem");
    Path pub = dir.resolve(algorithm + ".pub.pem");
    SigningKeys.writePrivateKeyPem(pair.getPrivate(), priv);
    SigningKeys.writePublicKeyPem(pair.getPublic(), pub);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(SigningKeys.readPrivateKeyPem(priv)).isEqualTo(pair.getPrivate());
    assertThat(SigningKeys.readPublicKeyPem(pub)).isEqualTo(pair.getPublic());
    assertThat(SigningKeys.parsePublicKeyPem(SigningKeys.publicKeyPem(pair.getPublic())))
        .isEqualTo(pair.getPublic());

    assertThatThrownBy(() -> SigningKeys.writePrivateKeyPem(pair.getPrivate(), priv))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(KeyGroup.fromPemFiles(Map.of("K1", pub)).find("K1")).hasValue(pair.getPublic());
  }

  @Test
  void readPublicKeyPem_privateKeyOrGarbage_rejected() throws Exception {
    Path priv = dir.resolve("k.pem");
    SigningKeys.writePrivateKeyPem(TestKeys.EC_A.getPrivate(), priv);
    assertThatThrownBy(() -> SigningKeys.readPublicKeyPem(priv))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> SigningKeys.parsePublicKeyPem("hello"))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void keyGroup_weakRsaOrOtherCurve_rejected() throws Exception {
    var g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    var weak = g.generateKeyPair();
    assertThatThrownBy(() -> KeyGroup.of(Map.of("W", weak.getPublic())))
        .isInstanceOf(IllegalArgumentException.class);
    var ec = java.security.KeyPairGenerator.getInstance("EC");
    ec.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
    var p384 = ec.generateKeyPair();
    assertThatThrownBy(() -> KeyGroup.of(Map.of("P", p384.getPublic())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
