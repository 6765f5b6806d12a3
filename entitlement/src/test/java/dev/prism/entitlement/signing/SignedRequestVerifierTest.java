package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.BASE;
import static dev.prism.entitlement.signing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dispatch between CloudFront and Cloud CDN, URL before cookie (signing.md §1.10 step 0). */
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
  private final SignedRequestVerifier both = new SignedRequestVerifier(cloudFront, cloudCdn);

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
    SignedRequestVerifier cloudFrontOnly = new SignedRequestVerifier(cloudFront, null);
    String cdnCookie =
        CloudCdnSigning.signCookieValue(
            BASE + "/v1/bbb/", "prism-key-1", CDN_KEY, DLT.getEpochSecond());
    assertThat(
            cloudFrontOnly
                .verify(request(MANIFEST), Map.of("Cloud-CDN-Cookie", cdnCookie), NOW)
                .reason())
        .hasValue(DenialReason.MISSING);
  }
}
