package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.BASE;
import static dev.prism.entitlement.signing.Requests.cookies;
import static dev.prism.entitlement.signing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Signature;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCannedPolicy;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

/** Minted grants checked by independent means: the AWS SDK's bytes and the JCA. */
class CloudFrontSignerTest {
  private static final CloudFrontUtilities SDK = CloudFrontUtilities.create();
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final Instant DLT = NOW.plusSeconds(300);
  private static final String ASSET = BASE + "/v1/bbb/*";

  @Test
  void mintCustom_rsaSha1_cookiesByteIdenticalToAwsSdk() {
    SignedGrant ours =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1)
            .mintCustom(ASSET, DLT, null, null);
    CookiesForCustomPolicy sdk =
        SDK.getCookiesForCustomPolicy(
            r ->
                r.resourceUrl(ASSET)
                    .resourceUrlPattern(ASSET)
                    .privateKey(TestKeys.RSA_A.getPrivate())
                    .keyPairId(TestKeys.RSA_A_ID)
                    .expirationDate(DLT));
    assertThat(ours.cookies())
        .containsExactlyEntriesOf(
            cookies(
                sdk.policyHeaderValue(), sdk.signatureHeaderValue(), sdk.keyPairIdHeaderValue()));
  }

  @Test
  void sign_sdkPolicyWithAllConditions_sameSignatureBytes() throws Exception {
    CookiesForCustomPolicy sdk =
        SDK.getCookiesForCustomPolicy(
            r ->
                r.resourceUrl(ASSET)
                    .resourceUrlPattern(ASSET)
                    .privateKey(TestKeys.RSA_A.getPrivate())
                    .keyPairId(TestKeys.RSA_A_ID)
                    .expirationDate(DLT)
                    .activeDate(NOW.minusSeconds(5))
                    .ipRange("192.0.2.0/24"));
    Map<String, String> sdkCookies =
        cookies(sdk.policyHeaderValue(), sdk.signatureHeaderValue(), sdk.keyPairIdHeaderValue());
    byte[] policyBytes = CloudFrontBase64.decode(sdkCookies.get("CloudFront-Policy"));
    SignedGrant ours =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1)
            .sign(CustomPolicy.parse(policyBytes));
    assertThat(ours.signature()).isEqualTo(sdkCookies.get("CloudFront-Signature"));
    assertThat(ours.cookies()).containsExactlyEntriesOf(sdkCookies);
  }

  @Test
  void mintCanned_rsaSha1_byteIdenticalToAwsSdkCookiesAndUrl() {
    String url = BASE + "/v1/bbb/v3f9a1c2e/video_480/init.mp4";
    CloudFrontSigner signer =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1);
    SignedGrant ours = signer.mintCanned(url, DLT);
    CookiesForCannedPolicy sdk =
        SDK.getCookiesForCannedPolicy(
            r ->
                r.resourceUrl(url)
                    .privateKey(TestKeys.RSA_A.getPrivate())
                    .keyPairId(TestKeys.RSA_A_ID)
                    .expirationDate(DLT));
    assertThat(ours.cookies())
        .containsExactlyEntriesOf(
            cookies(
                sdk.expiresHeaderValue(), sdk.signatureHeaderValue(), sdk.keyPairIdHeaderValue()));
    String sdkUrl =
        SDK.getSignedUrlWithCannedPolicy(
                r ->
                    r.resourceUrl(url)
                        .privateKey(TestKeys.RSA_A.getPrivate())
                        .keyPairId(TestKeys.RSA_A_ID)
                        .expirationDate(DLT))
            .url();
    assertThat(ours.signedUrl(url)).isEqualTo(sdkUrl);
  }

  @ParameterizedTest
  @EnumSource(HashAlgorithm.class)
  void mintCustom_rsaAndEcdsa_verifiedByJca(HashAlgorithm hash) throws Exception {
    for (var pair : new java.security.KeyPair[] {TestKeys.RSA_A, TestKeys.EC_A}) {
      SignedGrant grant =
          new CloudFrontSigner("KID", pair.getPrivate(), hash).mintCustom(ASSET, DLT, null, null);
      String jca =
          (hash == HashAlgorithm.SHA1 ? "SHA1" : "SHA256")
              + (pair.getPublic().getAlgorithm().equals("RSA") ? "withRSA" : "withECDSA");
      Signature verifier = Signature.getInstance(jca);
      verifier.initVerify(pair.getPublic());
      verifier.update(grant.policy().policyBytes());
      assertThat(verifier.verify(CloudFrontBase64.decode(grant.signature()))).as(jca).isTrue();
      if (hash == HashAlgorithm.SHA256) {
        assertThat(grant.cookies()).containsEntry("CloudFront-Hash-Algorithm", "SHA256");
        assertThat(grant.signedUrlQuery()).endsWith("&Hash-Algorithm=SHA256");
      } else {
        assertThat(grant.cookies()).doesNotContainKey("CloudFront-Hash-Algorithm");
      }
    }
  }

  @Test
  void mintCustom_grant_verifiedByOurVerifierAsCookiesAndUrl() {
    SignedGrant grant =
        new CloudFrontSigner(TestKeys.EC_A_ID, TestKeys.EC_A.getPrivate(), HashAlgorithm.SHA256)
            .mintCustom(ASSET, DLT, null, IpRange.parse("198.51.100.0/24"));
    CloudFrontVerifier verifier =
        new CloudFrontVerifier(
            KeyGroup.of(Map.of(TestKeys.EC_A_ID, TestKeys.EC_A.getPublic())),
            VerdictCache.withDefaults());
    String manifest = BASE + "/v1/bbb/hls/index.m3u8";
    assertThat(
            verifier
                .verifyRequest(request(manifest, "198.51.100.9"), grant.cookies(), NOW)
                .isGranted())
        .isTrue();
    Verdict url =
        verifier.verifyRequest(request(grant.signedUrl(manifest), "198.51.100.9"), Map.of(), NOW);
    assertThat(url.isGranted()).isTrue();
    assertThat(url.signedUrlParameters()).hasValue(grant.signedUrlQuery());
    assertThat(grant.expiry()).isEqualTo(DLT);
    assertThat(grant.signedCookies().policy()).isEqualTo(grant.cookies().get("CloudFront-Policy"));
    // Bearer credentials never reach a log line through toString().
    assertThat(grant.toString()).doesNotContain(grant.signature());
    assertThat(grant.signedCookies().toString()).doesNotContain(grant.signature());
    assertThat(SignedUrl.fromQuery(grant.signedUrlQuery()).orElseThrow().toString())
        .doesNotContain(grant.signature());
  }

  @Test
  void constructor_unsupportedKeyOrBlankId_rejected() throws Exception {
    var dsa = java.security.KeyPairGenerator.getInstance("DSA").generateKeyPair();
    assertThatThrownBy(() -> new CloudFrontSigner("K", dsa.getPrivate(), HashAlgorithm.SHA1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new CloudFrontSigner(" ", TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CustomPolicy.of(ASSET, DLT, DLT, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
