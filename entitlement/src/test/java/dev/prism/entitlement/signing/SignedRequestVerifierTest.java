package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.BASE;
import static dev.prism.entitlement.signing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dispatch between CloudFront and Cloud CDN, URL before cookie. */
class SignedRequestVerifierTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final Instant DLT = NOW.plusSeconds(300);
  private static final byte[] CDN_KEY = CloudCdnKeys.decodeKey("nZtRohdNF9m3cKM24IcK4w==");
  private static final String MANIFEST = BASE + "/v1/bbb/hls/index.m3u8";

  private final CloudFrontSigner signer =
      new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1);
  private final CloudFrontVerifier cloudFront =
      new CloudFrontVerifier(
          KeyGroup.of(Map.of(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPublic())),
          VerdictCache.withDefaults());
  private final CloudCdnVerifier cloudCdn =
      new CloudCdnVerifier(CloudCdnKeys.of(Map.of("prism-key-1", CDN_KEY)));
  private final SignedRequestVerifier both =
      new SignedRequestVerifier(
          List.of(
              cloudCdn.signedUrls(),
              cloudFront.signedUrls(),
              cloudFront.signedCookies(),
              cloudCdn.signedCookies()));

  @Test
  void verify_eachCredentialKind_routedToItsVerifier() {
    SignedGrant grant = signer.mintCustom(BASE + "/v1/bbb/*", DLT, null, null);
    String cdnCookie =
        CloudCdnSigning.signCookieValue(
            BASE + "/v1/bbb/", "prism-key-1", CDN_KEY, DLT.getEpochSecond());
    String cdnUrl =
        CloudCdnSigning.signUrlPrefix(
            MANIFEST, BASE + "/v1/bbb/", "prism-key-1", CDN_KEY, DLT.getEpochSecond());

    assertThat(both.verify(request(grant.signedUrl(MANIFEST)), Map.of(), NOW).kind())
        .isEqualTo(CredentialKind.CLOUDFRONT_SIGNED_URL);
    assertThat(both.verify(request(MANIFEST), grant.cookies(), NOW).kind())
        .isEqualTo(CredentialKind.CLOUDFRONT_SIGNED_COOKIE);
    Verdict cdn = both.verify(request(cdnUrl), Map.of(), NOW);
    assertThat(cdn.isGranted()).isTrue();
    assertThat(cdn.kind()).isEqualTo(CredentialKind.CLOUD_CDN_SIGNED_URL);
    Verdict cookie = both.verify(request(MANIFEST), Map.of("Cloud-CDN-Cookie", cdnCookie), NOW);
    assertThat(cookie.isGranted()).isTrue();
    assertThat(cookie.kind()).isEqualTo(CredentialKind.CLOUD_CDN_SIGNED_COOKIE);
    assertThat(both.verify(request(MANIFEST), Map.of(), NOW).reason())
        .hasValue(DenialReason.MISSING);
  }

  @Test
  void verify_signedUrlPresent_cookiesIgnored() {
    Map<String, String> all =
        new HashMap<>(signer.mintCustom(BASE + "/v1/bbb/*", DLT, null, null).cookies());
    all.put(
        "Cloud-CDN-Cookie",
        CloudCdnSigning.signCookieValue(BASE + "/", "prism-key-1", CDN_KEY, DLT.getEpochSecond()));
    String expiredUrl = signer.mintCustom(BASE + "/v1/bbb/*", NOW, null, null).signedUrl(MANIFEST);
    assertThat(both.verify(request(expiredUrl), all, NOW).reason()).hasValue(DenialReason.EXPIRED);
    String badCdnUrl =
        MANIFEST + "?Expires=" + DLT.getEpochSecond() + "&KeyName=prism-key-1&Signature=AAAA";
    assertThat(both.verify(request(badCdnUrl), all, NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
  }

  @Test
  void verify_schemeNotConfigured_skipped() {
    SignedRequestVerifier cloudFrontOnly =
        new SignedRequestVerifier(List.of(cloudFront.signedUrls(), cloudFront.signedCookies()));
    String cdnCookie =
        CloudCdnSigning.signCookieValue(
            BASE + "/v1/bbb/", "prism-key-1", CDN_KEY, DLT.getEpochSecond());
    assertThat(
            cloudFrontOnly
                .verify(request(MANIFEST), Map.of("Cloud-CDN-Cookie", cdnCookie), NOW)
                .reason())
        .hasValue(DenialReason.MISSING);
  }

  @Test
  void names_unionOfConfiguredSchemes() {
    assertThat(both.cookieNames())
        .containsExactlyInAnyOrder(
            "CloudFront-Policy",
            "CloudFront-Expires",
            "CloudFront-Signature",
            "CloudFront-Key-Pair-Id",
            "CloudFront-Hash-Algorithm",
            "Cloud-CDN-Cookie");
    assertThat(both.queryParameterNames())
        .containsExactlyInAnyOrder(
            "Policy",
            "Expires",
            "Signature",
            "Key-Pair-Id",
            "Hash-Algorithm",
            "URLPrefix",
            "KeyName");
    SignedRequestVerifier cdnOnly =
        new SignedRequestVerifier(List.of(cloudCdn.signedUrls(), cloudCdn.signedCookies()));
    assertThat(cdnOnly.cookieNames()).containsExactly("Cloud-CDN-Cookie");
    assertThat(cdnOnly.queryParameterNames())
        .containsExactlyInAnyOrder("URLPrefix", "Expires", "KeyName", "Signature");
  }

  @Test
  void verify_noSchemes_missing() {
    SignedGrant grant = signer.mintCustom(BASE + "/v1/bbb/*", DLT, null, null);
    assertThat(new SignedRequestVerifier(List.of()).verify(request(MANIFEST), grant.cookies(), NOW))
        .satisfies(v -> assertThat(v.reason()).hasValue(DenialReason.MISSING));
  }

  @Test
  void schemes_eachFindsOnlyItsOwnCredential() {
    SignedGrant grant = signer.mintCustom(BASE + "/v1/bbb/*", DLT, null, null);
    ViewerRequest withCookies = request(MANIFEST).withCookies(grant.cookies());
    assertThat(cloudCdn.signedCookies().verify(withCookies, NOW)).isEmpty();
    assertThat(cloudCdn.signedUrls().verify(withCookies, NOW)).isEmpty();
    assertThat(cloudFront.signedUrls().verify(withCookies, NOW)).isEmpty();
    assertThat(cloudFront.signedCookies().verify(withCookies, NOW))
        .hasValueSatisfying(v -> assertThat(v.isGranted()).isTrue());
  }
}
