package dev.prism.entitlement.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Google Cloud CDN signed URLs (plain and {@code URLPrefix}) and {@code Cloud-CDN-Cookie}
 * at the origin (Cloud CDN "Use signed URLs", "Use signed cookies"). Cloud CDN passes unsigned
 * requests to the origin by design, so the origin must check.
 *
 * <p>The signing parameters must be the last ones of the query, in Google's order ({@code
 * [URLPrefix&]Expires&KeyName&Signature}); anything after {@code Signature} would be unsigned and
 * is {@link DenialReason#MALFORMED}. HMACs are compared in constant time. A grant is valid while
 * {@code now < Expires}. HMAC verification is cheap, so nothing is cached. Thread safe; the key set
 * can be replaced for rotation.
 */
public final class CloudCdnVerifier {
  /** The Cloud CDN signing query parameter names, for the gate to strip after a grant. */
  public static final Set<String> PARAMETER_NAMES =
      Set.of("URLPrefix", "Expires", "KeyName", "Signature");

  private static final Set<String> COOKIE_NAMES = Set.of(CloudCdnSigning.COOKIE_NAME);
  private static final Pattern EPOCH_DIGITS = Pattern.compile("0|[1-9][0-9]{0,18}");

  // Replaced whole on rotation; volatile so every verifying thread sees the new set at once.
  private volatile CloudCdnKeys keys;

  /** A verifier trusting the signing keys of {@code keys} (replaceable for rotation). */
  public CloudCdnVerifier(CloudCdnKeys keys) {
    this.keys = keys;
  }

  /** Replaces the key set (rotation). */
  public void replaceKeys(CloudCdnKeys keys) {
    this.keys = keys;
  }

  /** The current key set. */
  public CloudCdnKeys keys() {
    return keys;
  }

  /**
   * This verifier as the gate's Cloud CDN signed-URL scheme (plain and {@code URLPrefix} forms):
   * claims a query with {@code KeyName} or {@code URLPrefix} (Cloud CDN "Use signed URLs").
   */
  public CredentialVerifier signedUrls() {
    return new SignedUrls();
  }

  /**
   * This verifier as the gate's {@code Cloud-CDN-Cookie} scheme (Cloud CDN "Use signed cookies").
   */
  public CredentialVerifier signedCookies() {
    return new SignedCookie();
  }

  /** Whether {@code rawQuery} carries Cloud CDN signing ({@code KeyName} or {@code URLPrefix}). */
  public static boolean isSignedUrl(@Nullable String rawQuery) {
    for (QueryParameters.Param p : QueryParameters.split(rawQuery)) {
      if (p.name().equals("KeyName") || p.name().equals("URLPrefix")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The signed URL if the query has one, else the {@code Cloud-CDN-Cookie}, else {@link
   * DenialReason#MISSING}.
   */
  public Verdict verifyRequest(ViewerRequest request, Map<String, String> cookies, Instant now) {
    if (isSignedUrl(request.rawQuery())) {
      return verifySignedUrl(request, now);
    }
    @Nullable String cookie = cookies.get(CloudCdnSigning.COOKIE_NAME);
    if (cookie != null) {
      return verifyCookie(cookie, request, now);
    }
    return Verdict.denied(DenialReason.MISSING);
  }

  /** Verifies the Cloud CDN signed URL in {@code request}'s query. */
  public Verdict verifySignedUrl(ViewerRequest request, Instant now) {
    return checkUrl(request, now).withKind(CredentialKind.CLOUD_CDN_SIGNED_URL);
  }

  /** Verifies a {@code Cloud-CDN-Cookie} value for {@code request}. */
  public Verdict verifyCookie(String cookieValue, ViewerRequest request, Instant now) {
    return checkCookie(cookieValue, request, now).withKind(CredentialKind.CLOUD_CDN_SIGNED_COOKIE);
  }

  private Verdict checkUrl(ViewerRequest request, Instant now) {
    List<QueryParameters.Param> params = QueryParameters.split(request.rawQuery());
    int n = params.size();
    boolean hasSignature = false;
    boolean hasKeyName = false;
    for (QueryParameters.Param p : params) {
      hasSignature |= p.name().equals("Signature");
      hasKeyName |= p.name().equals("KeyName");
    }
    if (!hasSignature || !hasKeyName) {
      return Verdict.denied(DenialReason.MISSING);
    }
    if (n < 3
        || !params.get(n - 1).name().equals("Signature")
        || !params.get(n - 2).name().equals("KeyName")
        || !params.get(n - 3).name().equals("Expires")) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    boolean prefixForm = n >= 4 && params.get(n - 4).name().equals("URLPrefix");
    int firstSigning = prefixForm ? n - 4 : n - 3;
    for (int i = 0; i < firstSigning; i++) {
      String name = params.get(i).name();
      if (name.equals("URLPrefix")
          || name.equals("Expires")
          || name.equals("KeyName")
          || name.equals("Signature")) {
        return Verdict.denied(DenialReason.MALFORMED); // duplicated or misplaced signing fields
      }
    }
    @Nullable String expiresText = params.get(n - 3).rawValue();
    @Nullable String keyName = params.get(n - 2).rawValue();
    @Nullable String signatureText = params.get(n - 1).rawValue();
    if (keyName == null || keyName.isEmpty() || signatureText == null || signatureText.isEmpty()) {
      return Verdict.denied(DenialReason.MISSING);
    }
    if (expiresText == null || !EPOCH_DIGITS.matcher(expiresText).matches()) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    Optional<SecretKey> key = keys.find(keyName);
    if (key.isEmpty()) {
      return Verdict.denied(DenialReason.UNKNOWN_KEY);
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(QueryParameters.decodeValue(signatureText));
    } catch (IllegalArgumentException e) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    long expires;
    try {
      expires = Long.parseLong(expiresText);
    } catch (NumberFormatException e) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    List<QueryParameters.Param> viewer = params.subList(0, firstSigning);
    String signingParameters = QueryParameters.join(params.subList(firstSigning, n));
    if (prefixForm) {
      String policy = QueryParameters.join(params.subList(n - 4, n - 1));
      if (!MessageDigest.isEqual(signature, CloudCdnSigning.hmac(key.get(), policy))) {
        return Verdict.denied(DenialReason.BAD_SIGNATURE);
      }
      @Nullable String prefix = decodePrefix(params.get(n - 4).rawValue());
      if (prefix == null) {
        return Verdict.denied(DenialReason.MALFORMED);
      }
      String viewerQuery = viewer.isEmpty() ? null : QueryParameters.join(viewer);
      return grantPrefix(prefix, expires, request, request.publicUrls(viewerQuery), now)
          .withSignedUrlParametersIfGranted(signingParameters);
    }
    // Plain form: the signed string is the whole URL up to "&Signature=".
    String signedQuery = QueryParameters.join(params.subList(0, n - 1));
    List<String> urls = request.publicUrls(signedQuery);
    for (int i = 0; i < urls.size(); i++) {
      if (MessageDigest.isEqual(signature, CloudCdnSigning.hmac(key.get(), urls.get(i)))) {
        if (!now.isBefore(Instant.ofEpochSecond(expires))) {
          return Verdict.denied(DenialReason.EXPIRED);
        }
        return Verdict.granted(
                Instant.ofEpochSecond(expires),
                PolicyCoverage.exact(request.publicBaseUrls().get(i)))
            .withSignedUrlParameters(signingParameters);
      }
    }
    return Verdict.denied(DenialReason.BAD_SIGNATURE);
  }

  private Verdict checkCookie(String value, ViewerRequest request, Instant now) {
    if (value.isEmpty()) {
      return Verdict.denied(DenialReason.MISSING);
    }
    String[] fields = value.split(":", -1);
    if (fields.length != 4
        || !fields[0].startsWith("URLPrefix=")
        || !fields[1].startsWith("Expires=")
        || !fields[2].startsWith("KeyName=")
        || !fields[3].startsWith("Signature=")) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    String expiresText = fields[1].substring("Expires=".length());
    String keyName = fields[2].substring("KeyName=".length());
    String signatureText = fields[3].substring("Signature=".length());
    if (keyName.isEmpty() || signatureText.isEmpty()) {
      return Verdict.denied(DenialReason.MISSING);
    }
    if (!EPOCH_DIGITS.matcher(expiresText).matches()) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    Optional<SecretKey> key = keys.find(keyName);
    if (key.isEmpty()) {
      return Verdict.denied(DenialReason.UNKNOWN_KEY);
    }
    byte[] signature;
    long expires;
    try {
      signature = Base64.getUrlDecoder().decode(signatureText);
      expires = Long.parseLong(expiresText);
    } catch (IllegalArgumentException e) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    String policy = fields[0] + ":" + fields[1] + ":" + fields[2];
    if (!MessageDigest.isEqual(signature, CloudCdnSigning.hmac(key.get(), policy))) {
      return Verdict.denied(DenialReason.BAD_SIGNATURE);
    }
    @Nullable String prefix = decodePrefix(fields[0].substring("URLPrefix=".length()));
    if (prefix == null) {
      return Verdict.denied(DenialReason.MALFORMED);
    }
    return grantPrefix(prefix, expires, request, request.publicUrls(request.rawQuery()), now);
  }

  private final class SignedUrls implements CredentialVerifier {
    @Override
    public CredentialKind kind() {
      return CredentialKind.CLOUD_CDN_SIGNED_URL;
    }

    @Override
    public Set<String> cookieNames() {
      return Set.of();
    }

    @Override
    public Set<String> queryParameterNames() {
      return PARAMETER_NAMES;
    }

    @Override
    public Optional<Verdict> verify(ViewerRequest request, Instant now) {
      return isSignedUrl(request.rawQuery())
          ? Optional.of(verifySignedUrl(request, now))
          : Optional.empty();
    }

    @Override
    public String toString() {
      return "Cloud CDN signed URLs " + keys().names();
    }
  }

  private final class SignedCookie implements CredentialVerifier {
    @Override
    public CredentialKind kind() {
      return CredentialKind.CLOUD_CDN_SIGNED_COOKIE;
    }

    @Override
    public Set<String> cookieNames() {
      return COOKIE_NAMES;
    }

    @Override
    public Set<String> queryParameterNames() {
      return Set.of();
    }

    @Override
    public Optional<Verdict> verify(ViewerRequest request, Instant now) {
      @Nullable String cookie = request.cookies().get(CloudCdnSigning.COOKIE_NAME);
      return cookie == null ? Optional.empty() : Optional.of(verifyCookie(cookie, request, now));
    }

    @Override
    public String toString() {
      return "Cloud CDN signed cookies " + keys().names();
    }
  }

  private static Verdict grantPrefix(
      String prefix, long expires, ViewerRequest request, List<String> urls, Instant now) {
    if (!now.isBefore(Instant.ofEpochSecond(expires))) {
      return Verdict.denied(DenialReason.EXPIRED);
    }
    // URLPrefix is a plain text prefix of scheme://host/path (no query, no port); scheme and host
    // compare case-insensitively.
    String lowerPrefix = ResourcePattern.lowerCaseSchemeAndHost(prefix);
    for (int i = 0; i < urls.size(); i++) {
      if (ResourcePattern.lowerCaseSchemeAndHost(urls.get(i)).startsWith(lowerPrefix)) {
        return Verdict.granted(
            Instant.ofEpochSecond(expires),
            new PolicyCoverage(request.publicBaseUrls().get(i), lowerPrefix));
      }
    }
    return Verdict.denied(DenialReason.RESOURCE_MISMATCH);
  }

  private static @Nullable String decodePrefix(@Nullable String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return null;
    }
    try {
      String prefix =
          new String(
              Base64.getUrlDecoder().decode(QueryParameters.decodeValue(encoded)),
              StandardCharsets.UTF_8);
      return prefix.matches("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+.*") ? prefix : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
