package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.CloudFrontSigner;
import dev.prism.entitlement.signing.HashAlgorithm;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.SignedGrant;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The production {@link GrantMinter}: a {@link CloudFrontSigner} with the active key pair. Signs
 * with SHA-1 (CloudFront's default, accepted by every CloudFront distribution and by Prism's gate);
 * RSA signatures are therefore byte-identical to the AWS SDK's for the same policy bytes.
 */
public final class CloudFrontGrantMinter implements GrantMinter {
  private final CloudFrontSigner signer;

  /** A minter signing with {@code signer}'s key, for its key pair id. */
  public CloudFrontGrantMinter(CloudFrontSigner signer) {
    this.signer = signer;
  }

  /**
   * Loads the private key from {@code source} and signs for {@code keyPairId}.
   *
   * @throws IOException when the key cannot be loaded
   * @throws IllegalArgumentException when the key is neither RSA nor EC
   */
  public static CloudFrontGrantMinter load(String keyPairId, PrivateKeySource source)
      throws IOException {
    return new CloudFrontGrantMinter(
        new CloudFrontSigner(keyPairId, source.load(), HashAlgorithm.SHA1));
  }

  @Override
  public SignedGrant mint(String resource, Instant expiresAt, @Nullable IpRange sourceIp) {
    return signer.mintCustom(resource, expiresAt, /* dateGreaterThan= */ null, sourceIp);
  }

  @Override
  public String keyPairId() {
    return signer.keyPairId();
  }
}
