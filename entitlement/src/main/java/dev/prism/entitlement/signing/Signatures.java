package dev.prism.entitlement.signing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** JCA signing and verification of CloudFront policies. No crypto of our own. */
final class Signatures {
  private Signatures() {}

  /**
   * Returns whether {@code signature} is a valid {@code hash}-with-RSA (PKCS#1 v1.5) or -with-ECDSA
   * (DER) signature of {@code message} under {@code key}. A malformed signature (wrong length, bad
   * DER) is simply invalid.
   */
  static boolean verify(PublicKey key, HashAlgorithm hash, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(hash.jcaAlgorithm(key));
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // SignatureException for undecodable DER / wrong RSA length: not a valid
      // signature
    }
  }

  /**
   * Signs {@code message}: RSA PKCS#1 v1.5 (deterministic) or ECDSA with a DER-encoded result.
   *
   * @throws IllegalArgumentException if the key is neither RSA nor EC or is unusable
   */
  static byte[] sign(PrivateKey key, HashAlgorithm hash, byte[] message) {
    try {
      Signature signer = Signature.getInstance(hash.jcaAlgorithm(key.getAlgorithm()));
      signer.initSign(key);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with " + key.getAlgorithm() + " key", e);
    }
  }
}
