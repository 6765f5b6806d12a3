package dev.prism.entitlement.signing;

import java.net.InetAddress;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Verifies CloudFront signed URLs and signed cookies at the origin, as CloudFront does at the edge
 * :
 *
 * <ol>
 *   <li>{@code Key-Pair-Id}, {@code Signature} and one of {@code Policy} / {@code Expires} must be
 *       present ({@link DenialReason#MISSING}); {@code Policy} wins over {@code Expires};
 *   <li>{@code Hash-Algorithm} must be absent, {@code SHA1} or {@code SHA256}; the signature and
 *       policy must decode ({@link DenialReason#MALFORMED});
 *   <li>the key pair id must be in the trusted {@link KeyGroup} ({@link DenialReason#UNKNOWN_KEY});
 *   <li>the signature must verify with that key over the exact policy bytes — the decoded {@code
 *       Policy}, or the canned policy rebuilt from each public URL ({@link
 *       DenialReason#BAD_SIGNATURE}) — and a custom policy must then parse ({@link
 *       DenialReason#MALFORMED});
 *   <li>custom {@code Resource} must match one public URL ({@link DenialReason#RESOURCE_MISMATCH});
 *       {@code now < DateLessThan} ({@link DenialReason#EXPIRED}); {@code now > DateGreaterThan}
 *       ({@link DenialReason#NOT_YET_VALID}); the viewer IP in {@code AWS:SourceIp} ({@link
 *       DenialReason#IP_MISMATCH}).
 * </ol>
 *
 * <p>Verified policies are kept in a {@link VerdictCache}; step 5 runs on every request. Thread
 * safe; the key group can be replaced at run time for rotation.
 */
public final class CloudFrontVerifier {
  private static final Pattern EPOCH_DIGITS = Pattern.compile("0|[1-9][0-9]{0,18}");

  // Replaced whole on rotation; volatile so every verifying thread sees the new group at once.
  private volatile KeyGroup keyGroup;
  private final VerdictCache cache;

  /**
   * A verifier trusting {@code keyGroup} (replaceable for rotation), keeping verified policies in
   * {@code cache}.
   */
  public CloudFrontVerifier(KeyGroup keyGroup, VerdictCache cache) {
    this.keyGroup = keyGroup;
    this.cache = cache;
  }

  /** Replaces the trusted key group (rotation); cached grants of removed keys stop at once. */
  public void replaceKeyGroup(KeyGroup keyGroup) {
    this.keyGroup = keyGroup;
  }

  /** The current trusted key group. */
  public KeyGroup keyGroup() {
    return keyGroup;
  }

  /** The verdict cache in use. */
  public VerdictCache cache() {
    return cache;
  }

  /**
   * This verifier as the gate's CloudFront signed-URL scheme: claims a query with any of {@code
   * Policy}, {@code Expires}, {@code Signature}, {@code Key-Pair-Id} (CloudFront Developer Guide,
   * "Create a signed URL using a custom policy"); the key group and verdict cache are this
   * verifier's.
   */
  public CredentialVerifier signedUrls() {
    return new SignedUrls();
  }

  /**
   * This verifier as the gate's CloudFront signed-cookie scheme: claims a request with any of
   * {@code CloudFront-Policy}, {@code -Expires}, {@code -Signature}, {@code -Key-Pair-Id}
   * (CloudFront Developer Guide, "Set signed cookies using a custom policy").
   */
  public CredentialVerifier signedCookies() {
    return new SignedCookieScheme();
  }

  /**
   * Verifies the signed URL on {@code request} if it has one, else its CloudFront cookies (a signed
   * URL takes precedence over signed cookies: CloudFront Developer Guide, "Choose between signed
   * URLs and signed cookies").
   *
   * @param cookies the request's cookies, name → value
   * @param now the request time
   * @return the verdict; {@link DenialReason#MISSING} if neither is present
   */
  public Verdict verifyRequest(ViewerRequest request, Map<String, String> cookies, Instant now) {
    if (SignedUrl.isPresentIn(request.rawQuery())) {
      Optional<SignedUrl> url;
      try {
        url = SignedUrl.fromQuery(request.rawQuery());
      } catch (IllegalArgumentException e) {
        return Verdict.denied(DenialReason.MALFORMED)
            .withKind(CredentialKind.CLOUDFRONT_SIGNED_URL);
      }
      if (url.isPresent()) {
        return verify(url.get(), request, now);
      }
    }
    Optional<SignedCookies> signedCookies = SignedCookies.fromCookies(cookies);
    if (signedCookies.isPresent()) {
      return verify(signedCookies.get(), request, now);
    }
    return Verdict.denied(DenialReason.MISSING);
  }

  /**
   * Verifies one set of credentials for {@code request} at {@code now}.
   *
   * @return granted with the policy's {@code DateLessThan} as expiry and its coverage (and, for a
   *     signed URL, the signing parameters), or denied with the first failing check's reason
   */
  public Verdict verify(CloudFrontCredentials credentials, ViewerRequest request, Instant now) {
    CredentialKind kind =
        credentials instanceof SignedUrl
            ? CredentialKind.CLOUDFRONT_SIGNED_URL
            : CredentialKind.CLOUDFRONT_SIGNED_COOKIE;
    Verdict verdict = check(credentials, request, now).withKind(kind);
    if (verdict.isGranted() && credentials instanceof SignedUrl) {
      verdict = verdict.withSignedUrlParameters(((SignedUrl) credentials).signingParameters());
    }
    return verdict;
  }

  private Verdict check(CloudFrontCredentials c, ViewerRequest request, Instant now) {
    @Nullable String keyPairId = c.keyPairId();
    @Nullable String signatureText = c.signature();
    if (keyPairId == null
        || keyPairId.isEmpty()
        || signatureText == null
        || signatureText.isEmpty()
        || (isEmpty(c.policy()) && isEmpty(c.expires()))) {
      return Verdict.denied(DenialReason.MISSING);
    }
    Optional<HashAlgorithm> hash = HashAlgorithm.fromWire(c.hashAlgorithm());
    if (hash.isEmpty()) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    Optional<PublicKey> key = keyGroup.find(keyPairId);
    @Nullable String policyText = c.policy();
    VerdictCache.@Nullable SignedText text =
        policyText == null || policyText.isEmpty()
            ? null
            : new VerdictCache.SignedText(keyPairId, hash.get(), policyText, signatureText);
    if (text != null && key.isPresent()) {
      // Cached: this exact text decoded and verified with this key before, so the decode and
      // signature steps would pass again; only the per-request checks remain.
      @Nullable Policy cached = cache.get(text, key.get());
      if (cached instanceof CustomPolicy) {
        return checkCoverage(
            (CustomPolicy) cached, request, request.publicUrls(c.resourceQuery(request)), now);
      }
    }
    byte[] signature;
    try {
      signature = CloudFrontBase64.decode(signatureText);
    } catch (IllegalArgumentException e) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    if (key.isEmpty()) {
      return Verdict.denied(DenialReason.UNKNOWN_KEY);
    }
    List<String> publicUrls = request.publicUrls(c.resourceQuery(request));
    if (text != null) {
      return checkCustom(text, signature, key.get(), request, publicUrls, now);
    }
    return checkCanned(
        c.expires(), keyPairId, hash.get(), signature, key.get(), request, publicUrls, now);
  }

  private Verdict checkCustom(
      VerdictCache.SignedText text,
      byte[] signature,
      PublicKey key,
      ViewerRequest request,
      List<String> publicUrls,
      Instant now) {
    byte[] policyBytes;
    try {
      policyBytes = CloudFrontBase64.decode(text.policyText());
    } catch (IllegalArgumentException e) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    // Verify the bytes exactly as received; parse only afterwards.
    if (!Signatures.verify(key, text.hash(), policyBytes, signature)) {
      return Verdict.denied(DenialReason.BAD_SIGNATURE);
    }
    CustomPolicy policy;
    try {
      policy = CustomPolicy.parse(policyBytes);
    } catch (MalformedPolicyException e) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    cache.put(text, policy, key, now.getEpochSecond());
    return checkCoverage(policy, request, publicUrls, now);
  }

  /** The per-request checks of a verified custom policy: resource, clock edges and source IP. */
  private static Verdict checkCoverage(
      CustomPolicy policy, ViewerRequest request, List<String> publicUrls, Instant now) {
    @Nullable String matchedBase = null;
    for (int i = 0; i < publicUrls.size(); i++) {
      if (policy.covers(publicUrls.get(i))) {
        matchedBase = request.publicBaseUrls().get(i);
        break;
      }
    }
    if (matchedBase == null) {
      return Verdict.denied(DenialReason.RESOURCE_MISMATCH);
    }
    Optional<DenialReason> timeOrIp = checkTimeAndIp(policy, request.viewerIp(), now);
    if (timeOrIp.isPresent()) {
      return Verdict.denied(timeOrIp.get());
    }
    return Verdict.granted(
        Instant.ofEpochSecond(policy.dateLessThanEpochSeconds()),
        new PolicyCoverage(matchedBase, policy.grantedPrefix().orElse(null)));
  }

  private Verdict checkCanned(
      @Nullable String expiresText,
      String keyPairId,
      HashAlgorithm hash,
      byte[] signature,
      PublicKey key,
      ViewerRequest request,
      List<String> publicUrls,
      Instant now) {
    if (expiresText == null || !EPOCH_DIGITS.matcher(expiresText).matches()) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    long expires;
    try {
      expires = Long.parseLong(expiresText);
    } catch (NumberFormatException e) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    // The canned policy names one exact URL; rebuild it from each public base URL in turn.
    for (int i = 0; i < publicUrls.size(); i++) {
      CannedPolicy policy = new CannedPolicy(publicUrls.get(i), expires);
      byte[] policyBytes = policy.policyBytes();
      VerdictCache.SignedMaterial material =
          new VerdictCache.SignedMaterial(keyPairId, hash, policyBytes, signature);
      boolean verified = cache.get(material, key) != null;
      if (!verified && Signatures.verify(key, hash, policyBytes, signature)) {
        verified = true;
        cache.put(material, policy, key, now.getEpochSecond());
      }
      if (verified) {
        if (!now.isBefore(Instant.ofEpochSecond(expires))) {
          return Verdict.denied(DenialReason.EXPIRED);
        }
        return Verdict.granted(
            Instant.ofEpochSecond(expires), PolicyCoverage.exact(request.publicBaseUrls().get(i)));
      }
    }
    // A canned signature for another URL is indistinguishable from a forged one.
    return Verdict.denied(DenialReason.BAD_SIGNATURE);
  }

  /** The per-request checks of a verified custom policy: clock edges and source IP. */
  static Optional<DenialReason> checkTimeAndIp(
      CustomPolicy policy, @Nullable InetAddress viewerIp, Instant now) {
    // Valid strictly before DateLessThan; "not on or before" DateGreaterThan.
    if (!now.isBefore(Instant.ofEpochSecond(policy.dateLessThanEpochSeconds()))) {
      return Optional.of(DenialReason.EXPIRED);
    }
    if (policy.dateGreaterThanEpochSeconds().isPresent()
        && !now.isAfter(Instant.ofEpochSecond(policy.dateGreaterThanEpochSeconds().getAsLong()))) {
      return Optional.of(DenialReason.NOT_YET_VALID);
    }
    if (policy.sourceIp().isPresent()
        && (viewerIp == null || !policy.sourceIp().get().contains(viewerIp))) {
      return Optional.of(DenialReason.IP_MISMATCH);
    }
    return Optional.empty();
  }

  private final class SignedUrls implements CredentialVerifier {
    @Override
    public CredentialKind kind() {
      return CredentialKind.CLOUDFRONT_SIGNED_URL;
    }

    @Override
    public Set<String> cookieNames() {
      return Set.of();
    }

    @Override
    public Set<String> queryParameterNames() {
      return SignedUrl.PARAMETER_NAMES;
    }

    @Override
    public Optional<Verdict> verify(ViewerRequest request, Instant now) {
      if (!SignedUrl.isPresentIn(request.rawQuery())) {
        return Optional.empty();
      }
      // A signed URL takes precedence over cookies: they are not consulted here.
      return Optional.of(verifyRequest(request, Map.of(), now));
    }

    @Override
    public String toString() {
      return "CloudFront signed URLs " + keyGroup().keyPairIds();
    }
  }

  private final class SignedCookieScheme implements CredentialVerifier {
    @Override
    public CredentialKind kind() {
      return CredentialKind.CLOUDFRONT_SIGNED_COOKIE;
    }

    @Override
    public Set<String> cookieNames() {
      return SignedCookies.CookieNames.ALL;
    }

    @Override
    public Set<String> queryParameterNames() {
      return Set.of();
    }

    @Override
    public Optional<Verdict> verify(ViewerRequest request, Instant now) {
      return SignedCookies.fromCookies(request.cookies()).map(c -> verify(c, request, now));
    }

    private Verdict verify(SignedCookies cookies, ViewerRequest request, Instant now) {
      return CloudFrontVerifier.this.verify(cookies, request, now);
    }

    @Override
    public String toString() {
      return "CloudFront signed cookies " + keyGroup().keyPairIds();
    }
  }

  private static boolean isEmpty(@Nullable String s) {
    return s == null || s.isEmpty();
  }
}
