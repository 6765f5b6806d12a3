package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.BASE;
import static dev.prism.entitlement.signing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictCacheTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final Instant DLT = NOW.plusSeconds(300);
  private static final String ASSET = BASE + "/v1/bbb/*";

  private static CloudFrontVerifier verifier(VerdictCache cache) {
    return new CloudFrontVerifier(
        KeyGroup.of(
            Map.of(
                TestKeys.RSA_A_ID, TestKeys.RSA_A.getPublic(),
                TestKeys.EC_A_ID, TestKeys.EC_A.getPublic())),
        cache);
  }

  @Test
  void verify_sameCookieManySegments_signatureCheckedOnce() {
    VerdictCache cache = VerdictCache.bounded(1000, Duration.ofMinutes(10));
    CloudFrontVerifier verifier = verifier(cache);
    Map<String, String> cookies =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1)
            .mintCustom(ASSET, DLT, null, null)
            .cookies();
    for (int n = 1; n <= 20; n++) {
      String segment = BASE + "/v1/bbb/v1/video_480/2000/" + n + ".m4s";
      assertThat(verifier.verifyRequest(request(segment), cookies, NOW.plusSeconds(n)).isGranted())
          .isTrue();
    }
    assertThat(cache.missCount()).isEqualTo(1);
    assertThat(cache.hitCount()).isEqualTo(19);
    assertThat(cache.estimatedSize()).isEqualTo(1);

    // Per-request checks still run on a hit: resource and clock.
    assertThat(verifier.verifyRequest(request(BASE + "/v1/ccc/x"), cookies, NOW).reason())
        .hasValue(DenialReason.RESOURCE_MISMATCH);
    assertThat(verifier.verifyRequest(request(BASE + "/v1/bbb/x"), cookies, DLT).reason())
        .hasValue(DenialReason.EXPIRED);
  }

  @Test
  void verify_badSignaturesAndExpiredGrants_neverCached() {
    VerdictCache cache = VerdictCache.withDefaults();
    CloudFrontVerifier verifier = verifier(cache);
    CloudFrontSigner signer =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1);
    Map<String, String> expired = signer.mintCustom(ASSET, NOW, null, null).cookies();
    assertThat(verifier.verifyRequest(request(BASE + "/v1/bbb/x"), expired, NOW).reason())
        .hasValue(DenialReason.EXPIRED);
    Map<String, String> forged =
        new java.util.HashMap<>(signer.mintCustom(ASSET, DLT, null, null).cookies());
    forged.put("CloudFront-Key-Pair-Id", TestKeys.EC_A_ID);
    assertThat(verifier.verifyRequest(request(BASE + "/v1/bbb/x"), forged, NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    assertThat(cache.estimatedSize()).isZero();
  }

  @Test
  void verify_cachedPolicyWithOtherSignatureOrHashText_verifiedAfreshAndRefused() {
    VerdictCache cache = VerdictCache.withDefaults();
    CloudFrontVerifier verifier = verifier(cache);
    Map<String, String> cookies =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1)
            .mintCustom(ASSET, DLT, null, null)
            .cookies();
    String url = BASE + "/v1/bbb/x";
    assertThat(verifier.verifyRequest(request(url), cookies, NOW).isGranted()).isTrue(); // cached

    // The cache is keyed by the text as sent: the same policy with another signature, hash
    // algorithm or key pair id is not a hit and goes through every check again.
    Map<String, String> otherSignature = new java.util.HashMap<>(cookies);
    String signature = cookies.get("CloudFront-Signature");
    otherSignature.put(
        "CloudFront-Signature", (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1));
    assertThat(verifier.verifyRequest(request(url), otherSignature, NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    Map<String, String> otherHash = new java.util.HashMap<>(cookies);
    otherHash.put("CloudFront-Hash-Algorithm", "SHA256");
    assertThat(verifier.verifyRequest(request(url), otherHash, NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    Map<String, String> otherKey = new java.util.HashMap<>(cookies);
    otherKey.put("CloudFront-Key-Pair-Id", TestKeys.EC_A_ID);
    assertThat(verifier.verifyRequest(request(url), otherKey, NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    Map<String, String> badText = new java.util.HashMap<>(cookies);
    badText.put("CloudFront-Signature", signature + "!");
    assertThat(verifier.verifyRequest(request(url), badText, NOW).reason())
        .hasValue(DenialReason.MALFORMED);
    assertThat(cache.estimatedSize()).isEqualTo(1);
    assertThat(verifier.verifyRequest(request(url), cookies, NOW).isGranted()).isTrue();
  }

  /**
   * A validly signed policy may expire centuries ahead; an entry's life in nanoseconds then exceeds
   * a {@code long} (about 292 years) and must saturate, not throw (which the gate answered with
   * 500). The entry is kept for the cap, as any long-lived grant.
   */
  @Test
  void verify_policyExpiringInYear2400_grantedAndCached() {
    Instant year2400 = Instant.parse("2400-01-01T00:00:00Z");
    VerdictCache cache = VerdictCache.withDefaults();
    CloudFrontVerifier verifier = verifier(cache);
    CloudFrontSigner signer =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1);
    Map<String, String> custom = signer.mintCustom(ASSET, year2400, null, null).cookies();
    String url = BASE + "/v1/bbb/x";

    Verdict first = verifier.verifyRequest(request(url), custom, NOW);
    Verdict second = verifier.verifyRequest(request(url), custom, NOW.plusSeconds(1));

    assertThat(first.isGranted()).isTrue();
    assertThat(first.expiry()).hasValue(year2400);
    assertThat(second.isGranted()).isTrue();
    assertThat(cache.hitCount()).isEqualTo(1);
    Map<String, String> canned = signer.mintCanned(url, year2400).cookies();
    assertThat(verifier.verifyRequest(request(url), canned, NOW).isGranted()).isTrue();
    assertThat(cache.estimatedSize()).isEqualTo(2);
  }

  @Test
  void bounded_manyDistinctGrants_sizeStaysBounded() {
    VerdictCache cache = VerdictCache.bounded(8, Duration.ofMinutes(10));
    CloudFrontVerifier verifier = verifier(cache);
    CloudFrontSigner signer =
        new CloudFrontSigner(TestKeys.EC_A_ID, TestKeys.EC_A.getPrivate(), HashAlgorithm.SHA1);
    for (int i = 0; i < 40; i++) {
      Map<String, String> c = signer.mintCustom(ASSET, DLT.plusSeconds(i), null, null).cookies();
      assertThat(verifier.verifyRequest(request(BASE + "/v1/bbb/x"), c, NOW).isGranted()).isTrue();
    }
    cache.cleanUpForTest();
    assertThat(cache.estimatedSize()).isLessThanOrEqualTo(8);
  }

  /**
   * Not a benchmark (that comes with the origin): a rough figure of what the cache saves, printed
   * for the record. Asserts only that a hit is cheaper than a fresh RSA verification.
   */
  @Test
  void measure_firstSeenVersusCached_cachedIsCheaper() {
    CloudFrontSigner rsa =
        new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1);
    CloudFrontSigner ec =
        new CloudFrontSigner(TestKeys.EC_A_ID, TestKeys.EC_A.getPrivate(), HashAlgorithm.SHA256);
    ViewerRequest segment = request(BASE + "/v1/bbb/v3f9a1c2e/video_480/2000/17.m4s");
    int firstSeenRounds = 200;
    int cachedRounds = 5000;
    StringBuilder report = new StringBuilder("verdict cost per request (us):");
    for (CloudFrontSigner signer : new CloudFrontSigner[] {rsa, ec}) {
      Map<String, String> cookies = signer.mintCustom(ASSET, DLT, null, null).cookies();
      CloudFrontVerifier uncached = verifier(VerdictCache.disabled());
      CloudFrontVerifier cached = verifier(VerdictCache.withDefaults());
      for (int i = 0; i < 100; i++) { // warm-up; the cheap cached path gets more rounds
        uncached.verifyRequest(segment, cookies, NOW);
      }
      for (int i = 0; i < 5000; i++) {
        cached.verifyRequest(segment, cookies, NOW);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < firstSeenRounds; i++) {
        assertThat(uncached.verifyRequest(segment, cookies, NOW).isGranted()).isTrue();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < cachedRounds; i++) {
        assertThat(cached.verifyRequest(segment, cookies, NOW).isGranted()).isTrue();
      }
      long t2 = System.nanoTime();
      double firstSeenUs = (t1 - t0) / 1e3 / firstSeenRounds;
      double cachedUs = (t2 - t1) / 1e3 / cachedRounds;
      report.append(
          String.format(
              Locale.ROOT,
              " %s first-seen %.1f, cached %.1f;",
              signer.keyPairId(),
              firstSeenUs,
              cachedUs));
      assertThat(cachedUs).isLessThan(firstSeenUs);
    }
    System.err.println(report); // for the record; see the session note
  }
}
