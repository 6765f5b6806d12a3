package dev.prism.entitlement.signing;

import java.security.KeyPair;

/** Key pairs shared by the tests (RSA generation is slow), generated once per JVM. */
final class TestKeys {
  static final KeyPair RSA_A = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
  static final KeyPair RSA_B = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
  static final KeyPair EC_A = SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256);

  static final String RSA_A_ID = "K2JCJMDEHXQW5F";
  static final String RSA_B_ID = "K3NEWKEYROTATE";
  static final String EC_A_ID = "KECDSAP256TEST";

  private TestKeys() {}
}
