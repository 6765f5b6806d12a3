package dev.prism.entitlement.signing;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gate's single entry point: asks the configured {@link CredentialVerifier schemes} in order
 * and lets the first that finds its credential on the request decide; a request none of them
 * recognises is {@link DenialReason#MISSING}. One credential decides: a request is never granted by
 * a second credential after its first one was refused.
 *
 * <p>The list order is the precedence. The origin's gate builds it as:
 *
 * <ol>
 *   <li>Cloud CDN signed URL (a query with {@code KeyName} or {@code URLPrefix}; Cloud CDN also
 *       uses {@code Expires} and {@code Signature}, so it is asked before CloudFront);
 *   <li>CloudFront signed URL (a query with {@code Policy}, {@code Expires}, {@code Signature} or
 *       {@code Key-Pair-Id}); cookies are then ignored (CloudFront Developer Guide, "Choose between
 *       signed URLs and signed cookies");
 *   <li>CloudFront signed cookies; then {@code Cloud-CDN-Cookie}.
 * </ol>
 *
 * A scheme that is not configured is simply not in the list. Immutable and thread safe.
 */
public final class SignedRequestVerifier {
  private final List<CredentialVerifier> schemes;
  private final Set<String> cookieNames;
  private final Set<String> queryParameterNames;

  /**
   * @param schemes the configured schemes in precedence order; may be empty (every request is then
   *     {@link DenialReason#MISSING})
   */
  public SignedRequestVerifier(List<CredentialVerifier> schemes) {
    this.schemes = List.copyOf(schemes);
    Set<String> cookies = new LinkedHashSet<>();
    Set<String> parameters = new LinkedHashSet<>();
    for (CredentialVerifier scheme : this.schemes) {
      cookies.addAll(scheme.cookieNames());
      parameters.addAll(scheme.queryParameterNames());
    }
    this.cookieNames = Set.copyOf(cookies);
    this.queryParameterNames = Set.copyOf(parameters);
  }

  /** The schemes, in precedence order. */
  public List<CredentialVerifier> schemes() {
    return schemes;
  }

  /** Every cookie name a configured scheme reads: the cookies the gate passes on. */
  public Set<String> cookieNames() {
    return cookieNames;
  }

  /** Every query parameter name a configured scheme reads: what the gate strips after a grant. */
  public Set<String> queryParameterNames() {
    return queryParameterNames;
  }

  /**
   * Verifies {@code request} (with its cookies) at {@code now}.
   *
   * @return the deciding scheme's verdict, labelled with the credential kind it was reached on;
   *     {@link DenialReason#MISSING} when no scheme finds its credential
   */
  public Verdict verify(ViewerRequest request, Instant now) {
    for (CredentialVerifier scheme : schemes) {
      Optional<Verdict> verdict = scheme.verify(request, now);
      if (verdict.isPresent()) {
        return verdict.get();
      }
    }
    return Verdict.denied(DenialReason.MISSING);
  }

  /** As {@link #verify(ViewerRequest, Instant)}, with {@code cookies} (name → value) on it. */
  public Verdict verify(ViewerRequest request, Map<String, String> cookies, Instant now) {
    return verify(request.withCookies(cookies), now);
  }

  @Override
  public String toString() {
    return "SignedRequestVerifier" + schemes;
  }
}
