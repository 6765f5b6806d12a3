package dev.prism.entitlement.signing;

import java.security.PrivateKey;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Mints CloudFront signed cookies and signed URLs with one private key (RSA 2048 or ECDSA P-256) of
 * a trusted key group. RSA PKCS#1 v1.5 is deterministic, so the same policy bytes give the same
 * signature as the AWS SDK; ECDSA signatures are randomised (DER).
 *
 * <pre>{@code
 * CloudFrontSigner signer = new CloudFrontSigner("K2JCJMDEHXQW5F", privateKey, HashAlgorithm.SHA1);
 * SignedGrant grant = signer.mintCustom("https://cdn.example.com/v1/bbb/*", now.plusSeconds(300), null, null);
 * grant.cookies();          // CloudFront-Policy, CloudFront-Signature, CloudFront-Key-Pair-Id
 * grant.signedUrlQuery();   // Policy=…&Signature=…&Key-Pair-Id=…
 * }</pre>
 */
public final class CloudFrontSigner implements GrantSigner {
  private final String keyPairId;
  private final PrivateKey privateKey;
  private final HashAlgorithm hashAlgorithm;

  /**
   * @param keyPairId the public key's id in the CloudFront key group
   * @param privateKey the matching RSA or EC private key
   * @param hashAlgorithm {@link HashAlgorithm#SHA1} (CloudFront's default) or {@link
   *     HashAlgorithm#SHA256}
   * @throws IllegalArgumentException if the key is neither RSA nor EC, or the id is blank
   */
  public CloudFrontSigner(String keyPairId, PrivateKey privateKey, HashAlgorithm hashAlgorithm) {
    if (keyPairId.isBlank()) {
      throw new IllegalArgumentException("blank key pair id");
    }
    hashAlgorithm.jcaAlgorithm(privateKey.getAlgorithm()); // rejects other key types
    this.keyPairId = keyPairId;
    this.privateKey = privateKey;
    this.hashAlgorithm = hashAlgorithm;
  }

  /** The key pair id emitted in {@code Key-Pair-Id}. */
  public String keyPairId() {
    return keyPairId;
  }

  /**
   * The mint's grant: a custom policy with {@code Resource = urlPrefix + "*"}, {@code DateLessThan
   * = expiresAt} and, when {@code viewerIp} is given, {@code IpAddress/AWS:SourceIp}.
   *
   * @throws IllegalArgumentException for an invalid resource
   */
  @Override
  public SignedGrant sign(String urlPrefix, Instant expiresAt, @Nullable IpRange viewerIp) {
    return mintCustom(urlPrefix + "*", expiresAt, /* dateGreaterThan= */ null, viewerIp);
  }

  @Override
  public SigningScheme scheme() {
    return SigningScheme.CLOUDFRONT;
  }

  /** The key pair id ({@link #keyPairId()}). */
  @Override
  public String keyId() {
    return keyPairId;
  }

  /** True: a custom policy carries {@code AWS:SourceIp}. */
  @Override
  public boolean bindsViewerIp() {
    return true;
  }

  /**
   * Mints a custom-policy grant.
   *
   * @param resource the {@code Resource}, e.g. {@code https://cdn.example.com/v1/bbb/*}
   * @param dateLessThan the expiry (exclusive); truncated to whole seconds
   * @param dateGreaterThan optional start (access only after it); truncated to whole seconds
   * @param sourceIp optional viewer IP range
   * @throws IllegalArgumentException for an invalid resource or dates out of order
   */
  public SignedGrant mintCustom(
      String resource,
      Instant dateLessThan,
      @Nullable Instant dateGreaterThan,
      @Nullable IpRange sourceIp) {
    return sign(CustomPolicy.of(resource, dateLessThan, dateGreaterThan, sourceIp));
  }

  /**
   * Mints a canned-policy grant for exactly {@code resourceUrl} (including its query string, if
   * any); only useful for single files.
   */
  public SignedGrant mintCanned(String resourceUrl, Instant expires) {
    return sign(new CannedPolicy(resourceUrl, expires.getEpochSecond()));
  }

  /** Signs an existing policy (e.g. one parsed from bytes another signer produced). */
  public SignedGrant sign(Policy policy) {
    return new SignedGrant(policy, signature(policy.policyBytes()), keyPairId, hashAlgorithm);
  }

  /** The CloudFront-base64 signature of {@code policyBytes}. */
  public String signature(byte[] policyBytes) {
    return CloudFrontBase64.encode(Signatures.sign(privateKey, hashAlgorithm, policyBytes));
  }
}
