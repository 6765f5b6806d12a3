package dev.prism.entitlement.http;

import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.SignedGrant;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Mints a CloudFront custom-policy grant: the service's seam to the signing code, so the key can
 * come from a PEM file or a secret store ({@link PrivateKeySource}) and tests can observe minting.
 */
public interface GrantMinter {

  /**
   * Signs a custom policy for {@code resource}.
   *
   * @param resource the policy's {@code Resource}, e.g. {@code
   *     https://d111.cloudfront.net/v1/bbb/*}
   * @param expiresAt the policy's {@code DateLessThan} (truncated to whole seconds)
   * @param sourceIp the {@code IpAddress/AWS:SourceIp} range, or null for none
   * @throws IllegalStateException when signing fails (a key problem, never the viewer's)
   */
  SignedGrant mint(String resource, Instant expiresAt, @Nullable IpRange sourceIp);

  /** The key pair id this minter signs for ({@code CloudFront-Key-Pair-Id}). */
  String keyPairId();
}
