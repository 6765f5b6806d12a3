package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.BASE;
import static dev.prism.entitlement.signing.Requests.cookies;
import static dev.prism.entitlement.signing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCannedPolicy;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

/**
 * Vectors from an independent signer: the AWS SDK for Java v2 {@link CloudFrontUtilities} (SHA-1
 * with RSA and with ECDSA; canned and custom policies; cookies and URLs).
 */
class CloudFrontVerifierSdkTest {
  private static final CloudFrontUtilities SDK = CloudFrontUtilities.create();
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final Instant EXPIRES = NOW.plusSeconds(300);

  private final CloudFrontVerifier verifier =
      new CloudFrontVerifier(
          KeyGroup.of(
              Map.of(
                  TestKeys.RSA_A_ID, TestKeys.RSA_A.getPublic(),
                  TestKeys.EC_A_ID, TestKeys.EC_A.getPublic())),
          VerdictCache.withDefaults());

  private static KeyPair keys(String type) {
    return type.equals("RSA") ? TestKeys.RSA_A : TestKeys.EC_A;
  }

  private static String keyId(String type) {
    return type.equals("RSA") ? TestKeys.RSA_A_ID : TestKeys.EC_A_ID;
  }

  private static CookiesForCustomPolicy customCookies(String type, String pattern) {
    return SDK.getCookiesForCustomPolicy(
        r ->
            r.resourceUrl(pattern)
                .resourceUrlPattern(pattern)
                .privateKey(keys(type).getPrivate())
                .keyPairId(keyId(type))
                .expirationDate(EXPIRES));
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "EC"})
  void customCookies_sdkWildcard_grantedForTheAssetOnly(String type) {
    CookiesForCustomPolicy c = customCookies(type, BASE + "/v1/bbb/*");
    Map<String, String> jar =
        cookies(c.policyHeaderValue(), c.signatureHeaderValue(), c.keyPairIdHeaderValue());

    Verdict manifest = verifier.verifyRequest(request(BASE + "/v1/bbb/hls/index.m3u8"), jar, NOW);
    assertThat(manifest.isGranted()).isTrue();
    assertThat(manifest.kind()).isEqualTo(CredentialKind.CLOUDFRONT_SIGNED_COOKIE);
    assertThat(manifest.expiry()).hasValue(EXPIRES);
    assertThat(manifest.coverage().orElseThrow().coversPathPrefix("/v1/bbb/")).isTrue();
    assertThat(manifest.signedUrlParameters()).isEmpty();

    Verdict segment =
        verifier.verifyRequest(
            request(BASE + "/v1/bbb/v3f9a1c2e/video_480/2000/17.m4s?CMCD=bl%3D2000"), jar, NOW);
    assertThat(segment.isGranted()).isTrue();

    Verdict otherAsset = verifier.verifyRequest(request(BASE + "/v1/ccc/hls/index.m3u8"), jar, NOW);
    assertThat(otherAsset.reason()).hasValue(DenialReason.RESOURCE_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "EC"})
  void cannedCookies_sdk_grantedForExactlyThatUrl(String type) {
    String url = BASE + "/v1/bbb/v3f9a1c2e/video_480/init.mp4";
    CookiesForCannedPolicy c =
        SDK.getCookiesForCannedPolicy(
            r ->
                r.resourceUrl(url)
                    .privateKey(keys(type).getPrivate())
                    .keyPairId(keyId(type))
                    .expirationDate(EXPIRES));
    Map<String, String> jar =
        cookies(c.expiresHeaderValue(), c.signatureHeaderValue(), c.keyPairIdHeaderValue());

    Verdict exact = verifier.verifyRequest(request(url), jar, NOW);
    assertThat(exact.isGranted()).isTrue();
    assertThat(exact.expiry()).hasValue(EXPIRES);
    assertThat(exact.coverage().orElseThrow().isWildcard()).isFalse();

    assertThat(verifier.verifyRequest(request(url + "?x=1"), jar, NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    assertThat(
            verifier
                .verifyRequest(request(BASE + "/v1/bbb/v3f9a1c2e/audio/init.mp4"), jar, NOW)
                .reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "EC"})
  void cannedUrl_sdkWithViewerQuery_viewerParamsKeptRawAndInOrder(String type) {
    String resource = BASE + "/horizon.jpg?size=large&license=yes";
    String signed =
        SDK.getSignedUrlWithCannedPolicy(
                r ->
                    r.resourceUrl(resource)
                        .privateKey(keys(type).getPrivate())
                        .keyPairId(keyId(type))
                        .expirationDate(EXPIRES))
            .url();
    assertThat(signed)
        .startsWith(resource + "&Expires=" + EXPIRES.getEpochSecond() + "&Signature=");

    Verdict ok = verifier.verifyRequest(request(signed), Map.of(), NOW);
    assertThat(ok.isGranted()).isTrue();
    assertThat(ok.kind()).isEqualTo(CredentialKind.CLOUDFRONT_SIGNED_URL);

    String reordered = signed.replace("size=large&license=yes", "license=yes&size=large");
    assertThat(verifier.verifyRequest(request(reordered), Map.of(), NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    String added = signed + "&extra=1";
    assertThat(verifier.verifyRequest(request(added), Map.of(), NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "EC"})
  void customUrl_sdkWildcard_coversAssetAndCarriesSigningParameters(String type) {
    String signed =
        SDK.getSignedUrlWithCustomPolicy(
                r ->
                    r.resourceUrl(BASE + "/v1/bbb/hls/index.m3u8")
                        .resourceUrlPattern(BASE + "/v1/bbb/*")
                        .privateKey(keys(type).getPrivate())
                        .keyPairId(keyId(type))
                        .expirationDate(EXPIRES))
            .url();
    Verdict v = verifier.verifyRequest(request(signed), Map.of(), NOW);
    assertThat(v.isGranted()).isTrue();
    assertThat(v.signedUrlCoversPathPrefix("/v1/bbb/")).isTrue();
    assertThat(v.signedUrlCoversPathPrefix("/v1/ccc/")).isFalse();
    String query = signed.substring(signed.indexOf('?') + 1);
    assertThat(v.signedUrlParameters()).hasValue(query);

    // The same parameters appended to a segment URI (the cookie-less manifest rewrite) also pass,
    // and so does an extra viewer parameter after Key-Pair-Id (trailing '*' covers the query).
    String segment = BASE + "/v1/bbb/v3f9a1c2e/video_480/2000/1.m4s?" + query;
    assertThat(verifier.verifyRequest(request(segment), Map.of(), NOW).isGranted()).isTrue();
    assertThat(verifier.verifyRequest(request(signed + "&cmcd=1"), Map.of(), NOW).isGranted())
        .isTrue();
  }

  @Test
  void customCookies_sdkActiveDateAndIpRange_allConditionsEnforced() {
    Instant active = NOW.minusSeconds(60);
    CookiesForCustomPolicy c =
        SDK.getCookiesForCustomPolicy(
            r ->
                r.resourceUrl(BASE + "/v1/bbb/*")
                    .resourceUrlPattern(BASE + "/v1/bbb/*")
                    .privateKey(TestKeys.RSA_A.getPrivate())
                    .keyPairId(TestKeys.RSA_A_ID)
                    .expirationDate(EXPIRES)
                    .activeDate(active)
                    .ipRange("198.51.100.0/24"));
    Map<String, String> jar =
        cookies(c.policyHeaderValue(), c.signatureHeaderValue(), c.keyPairIdHeaderValue());
    String url = BASE + "/v1/bbb/dash/index.mpd";

    assertThat(verifier.verifyRequest(request(url, "198.51.100.23"), jar, NOW).isGranted())
        .isTrue();
    assertThat(verifier.verifyRequest(request(url, "203.0.113.5"), jar, NOW).reason())
        .hasValue(DenialReason.IP_MISMATCH);
    assertThat(verifier.verifyRequest(request(url, null), jar, NOW).reason())
        .hasValue(DenialReason.IP_MISMATCH);
    assertThat(verifier.verifyRequest(request(url, "198.51.100.23"), jar, active).reason())
        .hasValue(DenialReason.NOT_YET_VALID);
    assertThat(
            verifier
                .verifyRequest(request(url, "198.51.100.23"), jar, active.plusNanos(1))
                .isGranted())
        .isTrue();
    assertThat(verifier.verifyRequest(request(url, "198.51.100.23"), jar, EXPIRES).reason())
        .hasValue(DenialReason.EXPIRED);
    assertThat(
            verifier
                .verifyRequest(request(url, "198.51.100.23"), jar, EXPIRES.minusNanos(1))
                .isGranted())
        .isTrue();
  }

  @Test
  void verifyRequest_signedUrlAndCookies_urlAloneDecides() {
    CookiesForCustomPolicy c = customCookies("RSA", BASE + "/v1/bbb/*");
    Map<String, String> goodCookies =
        cookies(c.policyHeaderValue(), c.signatureHeaderValue(), c.keyPairIdHeaderValue());
    String badUrl =
        BASE
            + "/v1/bbb/hls/index.m3u8?Expires="
            + EXPIRES.getEpochSecond()
            + "&Signature=AAAA&Key-Pair-Id="
            + TestKeys.RSA_A_ID;
    Verdict v = verifier.verifyRequest(request(badUrl), goodCookies, NOW);
    assertThat(v.reason()).hasValue(DenialReason.BAD_SIGNATURE);
    assertThat(v.kind()).isEqualTo(CredentialKind.CLOUDFRONT_SIGNED_URL);

    String goodUrl =
        SDK.getSignedUrlWithCustomPolicy(
                r ->
                    r.resourceUrl(BASE + "/v1/bbb/hls/index.m3u8")
                        .resourceUrlPattern(BASE + "/v1/bbb/*")
                        .privateKey(TestKeys.EC_A.getPrivate())
                        .keyPairId(TestKeys.EC_A_ID)
                        .expirationDate(EXPIRES))
            .url();
    Verdict w =
        verifier.verifyRequest(request(goodUrl), Map.of("CloudFront-Signature", "garbage+/="), NOW);
    assertThat(w.isGranted()).isTrue();
    assertThat(w.kind()).isEqualTo(CredentialKind.CLOUDFRONT_SIGNED_URL);
  }

  @Test
  void verifyRequest_severalPublicBaseUrls_eachTried() {
    String second = "https://media.example.com";
    CookiesForCustomPolicy custom = customCookies("RSA", second + "/v1/bbb/*");
    Map<String, String> jar =
        cookies(
            custom.policyHeaderValue(),
            custom.signatureHeaderValue(),
            custom.keyPairIdHeaderValue());
    Verdict v =
        verifier.verifyRequest(
            request(BASE + "/v1/bbb/hls/index.m3u8", null, BASE, second), jar, NOW);
    assertThat(v.isGranted()).isTrue();
    assertThat(v.coverage().orElseThrow().publicBaseUrl()).isEqualTo(second);

    String url = second + "/v1/bbb/x/init.mp4";
    CookiesForCannedPolicy canned =
        SDK.getCookiesForCannedPolicy(
            r ->
                r.resourceUrl(url)
                    .privateKey(TestKeys.EC_A.getPrivate())
                    .keyPairId(TestKeys.EC_A_ID)
                    .expirationDate(EXPIRES));
    Map<String, String> cannedJar =
        cookies(
            canned.expiresHeaderValue(),
            canned.signatureHeaderValue(),
            canned.keyPairIdHeaderValue());
    assertThat(
            verifier
                .verifyRequest(
                    request(BASE + "/v1/bbb/x/init.mp4", null, BASE, second), cannedJar, NOW)
                .isGranted())
        .isTrue();
    assertThat(
            verifier
                .verifyRequest(request(BASE + "/v1/bbb/x/init.mp4", null, BASE), cannedJar, NOW)
                .reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
  }
}
