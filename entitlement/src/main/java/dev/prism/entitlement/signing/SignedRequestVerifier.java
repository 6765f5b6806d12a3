package dev.prism.entitlement.signing;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gate's single entry point: picks the credential a request carries and verifies it (signing.md
 * §1.10 step 0, pitfalls 4–5):
 *
 * <ol>
 *   <li>a query with {@code KeyName} or {@code URLPrefix} is a Cloud CDN signed URL (Cloud CDN also
 *       uses {@code Expires} and {@code Signature});
 *   <li>a query with {@code Policy}, {@code Expires}, {@code Signature} or {@code Key-Pair-Id} is a
 *       CloudFront signed URL, and cookies are then ignored;
 *   <li>else CloudFront signed cookies; else a {@code Cloud-CDN-Cookie};
 *   <li>else {@link DenialReason#MISSING}.
 * </ol>
 *
 * A scheme without a configured verifier is skipped. Thread safe.
 */
public final class SignedRequestVerifier {
  private final @Nullable CloudFrontVerifier cloudFront;
  private final @Nullable CloudCdnVerifier cloudCdn;

  /**
   * @param cloudFront the CloudFront verifier, or null when no CloudFront key group is configured
   * @param cloudCdn the Cloud CDN verifier, or null when no Cloud CDN keys are configured
   */
  public SignedRequestVerifier(
      @Nullable CloudFrontVerifier cloudFront, @Nullable CloudCdnVerifier cloudCdn) {
    this.cloudFront = cloudFront;
    this.cloudCdn = cloudCdn;
  }

  /**
   * Verifies {@code request} with its {@code cookies} (name → value) at {@code now}.
   *
   * @return the verdict, labelled with the credential kind it was reached on
   */
  public Verdict verify(ViewerRequest request, Map<String, String> cookies, Instant now) {
    @Nullable String query = request.rawQuery();
    if (cloudCdn != null && CloudCdnVerifier.isSignedUrl(query)) {
      return cloudCdn.verifySignedUrl(request, now);
    }
    if (cloudFront != null && SignedUrl.isPresentIn(query)) {
      return cloudFront.verifyRequest(request, Map.of(), now);
    }
    if (cloudFront != null && SignedCookies.fromCookies(cookies).isPresent()) {
      return cloudFront.verifyRequest(request, cookies, now);
    }
    @Nullable String cdnCookie = cookies.get(CloudCdnSigning.COOKIE_NAME);
    if (cloudCdn != null && cdnCookie != null) {
      return cloudCdn.verifyCookie(cdnCookie, request, now);
    }
    return Verdict.denied(DenialReason.MISSING);
  }
}
