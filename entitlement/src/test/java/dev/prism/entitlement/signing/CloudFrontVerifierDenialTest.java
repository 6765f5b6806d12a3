package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.BASE;
import static dev.prism.entitlement.signing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every deny reason, the clock edges, tampering, and key rotation. */
class CloudFrontVerifierDenialTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final Instant DLT = NOW.plusSeconds(300);
  private static final String ASSET = BASE + "/v1/bbb/*";
  private static final String MANIFEST = BASE + "/v1/bbb/hls/index.m3u8";

  private final CloudFrontSigner signerA =
      new CloudFrontSigner(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPrivate(), HashAlgorithm.SHA1);
  private final CloudFrontSigner signerB =
      new CloudFrontSigner(TestKeys.RSA_B_ID, TestKeys.RSA_B.getPrivate(), HashAlgorithm.SHA1);
  private final KeyGroup both =
      KeyGroup.of(
          Map.of(
              TestKeys.RSA_A_ID, TestKeys.RSA_A.getPublic(),
              TestKeys.RSA_B_ID, TestKeys.RSA_B.getPublic()));
  private final CloudFrontVerifier verifier =
      new CloudFrontVerifier(both, VerdictCache.withDefaults());

  private Verdict verify(Map<String, String> cookies, Instant now) {
    return verifier.verifyRequest(request(MANIFEST), cookies, now);
  }

  private Map<String, String> grant() {
    return signerA.mintCustom(ASSET, DLT, null, null).cookies();
  }

  private static Map<String, String> with(Map<String, String> cookies, String name, String value) {
    Map<String, String> copy = new HashMap<>(cookies);
    if (value.isEmpty()) {
      copy.remove(name);
    } else {
      copy.put(name, value);
    }
    return copy;
  }

  @Test
  void denialReason_labels_areTheMetricVocabulary() {
    assertThat(Arrays.stream(DenialReason.values()).map(DenialReason::label))
        .containsExactly(
            "missing",
            "malformed",
            "unknown_key",
            "bad_signature",
            "expired",
            "not_yet_valid",
            "resource_mismatch",
            "ip_mismatch",
            "origin_secret",
            "verify_rate_limited");
  }

  @Test
  void verify_grant_granted() {
    assertThat(verify(grant(), NOW).isGranted()).isTrue();
  }

  @Test
  void verify_missingPieces_missing() {
    Map<String, String> g = grant();
    assertThat(verify(Map.of(), NOW).reason()).hasValue(DenialReason.MISSING);
    assertThat(verify(Map.of("session", "x"), NOW).reason()).hasValue(DenialReason.MISSING);
    assertThat(verify(with(g, "CloudFront-Key-Pair-Id", ""), NOW).reason())
        .hasValue(DenialReason.MISSING);
    assertThat(verify(with(g, "CloudFront-Signature", ""), NOW).reason())
        .hasValue(DenialReason.MISSING);
    assertThat(verify(with(g, "CloudFront-Policy", ""), NOW).reason())
        .hasValue(DenialReason.MISSING);
    assertThat(
            verifier
                .verifyRequest(
                    request(MANIFEST + "?Key-Pair-Id=" + TestKeys.RSA_A_ID), Map.of(), NOW)
                .reason())
        .hasValue(DenialReason.MISSING);
  }

  @Test
  void verify_undecodableOrUnknownFields_malformed() {
    Map<String, String> g = grant();
    assertThat(verify(with(g, "CloudFront-Hash-Algorithm", "MD5"), NOW).reason())
        .hasValue(DenialReason.MALFORMED);
    assertThat(verify(with(g, "CloudFront-Hash-Algorithm", "sha256"), NOW).reason())
        .hasValue(DenialReason.MALFORMED);
    assertThat(verify(with(g, "CloudFront-Signature", "ab+/cd=="), NOW).reason())
        .hasValue(DenialReason.MALFORMED);
    assertThat(verify(with(g, "CloudFront-Policy", "not*base64"), NOW).reason())
        .hasValue(DenialReason.MALFORMED);
    // A correctly signed policy that is not CloudFront's JSON: signature first, then MALFORMED.
    byte[] junk = "{\"Statement\":\"nope\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> signedJunk =
        Map.of(
            "CloudFront-Policy", CloudFrontBase64.encode(junk),
            "CloudFront-Signature", signerA.signature(junk),
            "CloudFront-Key-Pair-Id", TestKeys.RSA_A_ID);
    assertThat(verify(signedJunk, NOW).reason()).hasValue(DenialReason.MALFORMED);
    // Canned Expires that is not canonical decimal.
    Map<String, String> canned = signerA.mintCanned(MANIFEST, DLT).cookies();
    assertThat(verify(with(canned, "CloudFront-Expires", "0" + DLT.getEpochSecond()), NOW).reason())
        .hasValue(DenialReason.MALFORMED);
    assertThat(verify(with(canned, "CloudFront-Expires", "12e9"), NOW).reason())
        .hasValue(DenialReason.MALFORMED);
    // The same signing parameter twice in a signed URL.
    String q = signerA.mintCustom(ASSET, DLT, null, null).signedUrlQuery();
    assertThat(
            verifier
                .verifyRequest(
                    request(MANIFEST + "?" + q + "&Key-Pair-Id=" + TestKeys.RSA_B_ID),
                    Map.of(),
                    NOW)
                .reason())
        .hasValue(DenialReason.MALFORMED);
  }

  @Test
  void verify_untrustedKeyPairId_unknownKey() {
    assertThat(verify(with(grant(), "CloudFront-Key-Pair-Id", "APKAEXAMPLE"), NOW).reason())
        .hasValue(DenialReason.UNKNOWN_KEY);
  }

  @Test
  void verify_otherTrustedKeyNamed_badSignature() {
    assertThat(verify(with(grant(), "CloudFront-Key-Pair-Id", TestKeys.RSA_B_ID), NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
  }

  @Test
  void verify_hashAlgorithmLabelDisagrees_badSignature() {
    assertThat(verify(with(grant(), "CloudFront-Hash-Algorithm", "SHA256"), NOW).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    assertThat(verify(with(grant(), "CloudFront-Hash-Algorithm", "SHA1"), NOW).isGranted())
        .isTrue();
  }

  @Test
  void verify_clockEdges_strictlyBeforeDateLessThanStrictlyAfterDateGreaterThan() {
    Instant dgt = NOW.minusSeconds(10);
    Map<String, String> g = signerA.mintCustom(ASSET, DLT, dgt, null).cookies();
    assertThat(verify(g, DLT.minusNanos(1)).isGranted()).isTrue();
    assertThat(verify(g, DLT).reason()).hasValue(DenialReason.EXPIRED);
    assertThat(verify(g, DLT.plusSeconds(1)).reason()).hasValue(DenialReason.EXPIRED);
    assertThat(verify(g, dgt.minusSeconds(1)).reason()).hasValue(DenialReason.NOT_YET_VALID);
    assertThat(verify(g, dgt).reason()).hasValue(DenialReason.NOT_YET_VALID);
    assertThat(verify(g, dgt.plusNanos(1)).isGranted()).isTrue();

    Map<String, String> canned = signerA.mintCanned(MANIFEST, DLT).cookies();
    assertThat(verify(canned, DLT.minusNanos(1)).isGranted()).isTrue();
    assertThat(verify(canned, DLT).reason()).hasValue(DenialReason.EXPIRED);
  }

  @Test
  void verify_resourceAndIp_mismatch() {
    Map<String, String> g = signerA.mintCustom(BASE + "/v1/ccc/*", DLT, null, null).cookies();
    assertThat(verify(g, NOW).reason()).hasValue(DenialReason.RESOURCE_MISMATCH);

    Map<String, String> ipBound =
        signerA.mintCustom(ASSET, DLT, null, IpRange.parse("2001:db8:42::/48")).cookies();
    assertThat(
            verifier.verifyRequest(request(MANIFEST, "2001:db8:42::7"), ipBound, NOW).isGranted())
        .isTrue();
    assertThat(verifier.verifyRequest(request(MANIFEST, "2001:db8:43::7"), ipBound, NOW).reason())
        .hasValue(DenialReason.IP_MISMATCH);
    assertThat(verifier.verifyRequest(request(MANIFEST, "192.0.2.1"), ipBound, NOW).reason())
        .hasValue(DenialReason.IP_MISMATCH);
  }

  @Test
  void verify_tamperedPolicySignatureOrKeyId_denied() {
    long seed = Long.getLong("property.seed", 6L);
    SplittableRandom random = new SplittableRandom(seed);
    SignedGrant grant = signerA.mintCustom(ASSET, DLT, null, null);
    Map<String, String> g = grant.cookies();
    byte[] policy = CloudFrontBase64.decode(g.get("CloudFront-Policy"));
    byte[] signature = CloudFrontBase64.decode(g.get("CloudFront-Signature"));
    String id = g.get("CloudFront-Key-Pair-Id");
    for (int i = 0; i < 40; i++) {
      byte[] p = policy.clone();
      p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
      assertThat(verify(with(g, "CloudFront-Policy", CloudFrontBase64.encode(p)), NOW).reason())
          .as("seed %d policy flip", seed)
          .hasValue(DenialReason.BAD_SIGNATURE);
      byte[] s = signature.clone();
      s[random.nextInt(s.length)] ^= (byte) (1 << random.nextInt(8));
      assertThat(verify(with(g, "CloudFront-Signature", CloudFrontBase64.encode(s)), NOW).reason())
          .as("seed %d signature flip", seed)
          .hasValue(DenialReason.BAD_SIGNATURE);
      char[] k = id.toCharArray();
      int at = random.nextInt(k.length);
      k[at] = k[at] == 'Z' ? 'Y' : 'Z';
      assertThat(verify(with(g, "CloudFront-Key-Pair-Id", new String(k)), NOW).reason())
          .as("seed %d key id change", seed)
          .hasValue(DenialReason.UNKNOWN_KEY);
    }
    assertThat(verify(g, NOW).isGranted()).isTrue(); // the untouched grant still passes
  }

  @Test
  void rotation_twoKeysThenOldRemoved_oldUnknownEvenWhenCached() {
    Map<String, String> old = signerA.mintCustom(ASSET, DLT, null, null).cookies();
    Map<String, String> fresh = signerB.mintCustom(ASSET, DLT, null, null).cookies();
    assertThat(verify(old, NOW).isGranted()).isTrue(); // now cached
    assertThat(verify(fresh, NOW).isGranted()).isTrue();

    verifier.replaceKeyGroup(both.without(TestKeys.RSA_A_ID));
    assertThat(verify(old, NOW).reason()).hasValue(DenialReason.UNKNOWN_KEY);
    assertThat(verify(fresh, NOW).isGranted()).isTrue();

    // The id re-registered with a different key: the cached grant must not survive.
    verifier.replaceKeyGroup(both.with(TestKeys.RSA_A_ID, TestKeys.RSA_B.getPublic()));
    assertThat(verify(old, NOW).reason()).hasValue(DenialReason.BAD_SIGNATURE);
  }

  @Test
  void verify_ecdsaAndSha256Signers_granted() {
    CloudFrontVerifier v =
        new CloudFrontVerifier(
            KeyGroup.of(Map.of(TestKeys.EC_A_ID, TestKeys.EC_A.getPublic())),
            VerdictCache.disabled());
    for (HashAlgorithm hash : List.of(HashAlgorithm.SHA1, HashAlgorithm.SHA256)) {
      CloudFrontSigner ec =
          new CloudFrontSigner(TestKeys.EC_A_ID, TestKeys.EC_A.getPrivate(), hash);
      SignedGrant g = ec.mintCustom(ASSET, DLT, null, null);
      assertThat(v.verifyRequest(request(MANIFEST), g.cookies(), NOW).isGranted()).isTrue();
      assertThat(
              v.verifyRequest(request(MANIFEST + "?" + g.signedUrlQuery()), Map.of(), NOW)
                  .isGranted())
          .isTrue();
    }
  }
}
