package dev.prism.entitlement.signing;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One signing scheme's check at the origin: finds its own credential (a signed URL's query
 * parameters, or signed cookies) in a {@link ViewerRequest} and verifies it.
 *
 * <p>The gate holds the configured schemes in one list, in precedence order, and asks them in turn
 * ({@link SignedRequestVerifier}): the first that finds its credential decides, and a request none
 * of them recognises is {@link DenialReason#MISSING}. Signed URLs come before cookies (CloudFront
 * Developer Guide, "Choose between signed URLs and signed cookies").
 *
 * <p>Implementations: {@link CloudFrontVerifier#signedUrls()}, {@link
 * CloudFrontVerifier#signedCookies()} (AWS CloudFront Developer Guide, "Use signed URLs", "Use
 * signed cookies"), {@link CloudCdnVerifier#signedUrls()} and {@link
 * CloudCdnVerifier#signedCookies()} (Google Cloud CDN, "Use signed URLs", "Use signed cookies").
 * They are pure (no I/O, no clock of their own: {@code now} is a parameter), thread safe, and never
 * throw for anything a viewer sends: every defect is a denial with its {@link DenialReason}.
 */
public interface CredentialVerifier {

  /** The credential this verifier reads: the label of its verdicts in logs and metrics. */
  CredentialKind kind();

  /**
   * The cookie names this credential is carried in (case-sensitive), e.g. {@code
   * CloudFront-Policy}; empty for a signed URL. The gate passes these cookies in {@link
   * ViewerRequest#cookies()}.
   */
  Set<String> cookieNames();

  /**
   * The query parameter names this credential is carried in, e.g. {@code Signature}; empty for
   * cookies. After a grant the gate removes them from what the content routes see, so one viewer's
   * credential never reaches a cache key or a parameter log.
   */
  Set<String> queryParameterNames();

  /**
   * Verifies this scheme's credential on {@code request} at {@code now}.
   *
   * @return empty when the request does not carry this credential (the next scheme is asked);
   *     otherwise the verdict, granted (with expiry and coverage) or denied with the first failing
   *     check's reason, labelled {@link #kind()} once the credential is recognised
   */
  Optional<Verdict> verify(ViewerRequest request, Instant now);
}
