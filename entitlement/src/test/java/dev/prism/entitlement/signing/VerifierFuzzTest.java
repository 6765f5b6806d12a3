package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile input never escapes as an exception (which the gate would turn into a 500) and never
 * grants: random queries and cookies built from the signing vocabulary, and random policy bytes.
 */
class VerifierFuzzTest {
  private static final List<String> TOKENS =
      List.of(
          "Policy=",
          "Expires=",
          "Signature=",
          "Key-Pair-Id=",
          "Hash-Algorithm=",
          "KeyName=",
          "URLPrefix=",
          "&",
          "&",
          "=",
          "%",
          "%7E",
          "%zz",
          "SHA256",
          "SHA1",
          TestKeys.RSA_A_ID,
          "prism-key-1",
          "1800000300",
          "-1",
          "99999999999999999999",
          "eyJTdGF0ZW1lbnQiOlt7",
          "AAAA_",
          "~",
          "+",
          ":",
          "aHR0cHM6Ly9k",
          "");

  private final CloudFrontVerifier cloudFront =
      new CloudFrontVerifier(
          KeyGroup.of(Map.of(TestKeys.RSA_A_ID, TestKeys.RSA_A.getPublic())),
          VerdictCache.withDefaults());
  private final CloudCdnVerifier cloudCdn =
      new CloudCdnVerifier(
          CloudCdnKeys.of(
              Map.of("prism-key-1", CloudCdnKeys.decodeKey("nZtRohdNF9m3cKM24IcK4w=="))));
  private final SignedRequestVerifier verifier =
      new SignedRequestVerifier(
          List.of(
              cloudCdn.signedUrls(),
              cloudFront.signedUrls(),
              cloudFront.signedCookies(),
              cloudCdn.signedCookies()));

  private static String noise(SplittableRandom random) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(0, 12);
    for (int i = 0; i < n; i++) {
      s.append(TOKENS.get(random.nextInt(TOKENS.size())));
    }
    return s.toString();
  }

  @Test
  void verify_randomSigningVocabulary_neverThrowsNeverGrants() {
    long seed = Long.getLong("property.seed", 42L);
    SplittableRandom random = new SplittableRandom(seed);
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    for (int i = 0; i < 3000; i++) {
      String query = noise(random);
      Map<String, String> cookies = new HashMap<>();
      for (String name :
          List.of(
              "CloudFront-Policy",
              "CloudFront-Expires",
              "CloudFront-Signature",
              "CloudFront-Key-Pair-Id",
              "CloudFront-Hash-Algorithm",
              "Cloud-CDN-Cookie")) {
        if (random.nextInt(3) == 0) {
          cookies.put(name, noise(random));
        }
      }
      ViewerRequest request =
          new ViewerRequest(List.of(BASE), "/v1/bbb/hls/index.m3u8", query, null);
      assertThatCode(
              () ->
                  assertThat(verifier.verify(request, cookies, now).isGranted())
                      .as("seed %d query %s cookies %s", seed, query, cookies)
                      .isFalse())
          .as("seed %d query %s cookies %s", seed, query, cookies)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void customPolicyParse_randomBytes_onlyMalformedPolicyException() {
    long seed = Long.getLong("property.seed", 7L);
    SplittableRandom random = new SplittableRandom(seed);
    String valid =
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":"
            + "{\"AWS:EpochTime\":5},\"IpAddress\":{\"AWS:SourceIp\":\"1.2.3.4/8\"}}}]}";
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
      int edits = random.nextInt(1, 4);
      for (int e = 0; e < edits; e++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      try {
        CustomPolicy.parse(bytes);
      } catch (MalformedPolicyException expected) {
        // the only exception allowed out
      } catch (RuntimeException e) {
        throw new AssertionError(
            "seed " + seed + " input " + new String(bytes, StandardCharsets.ISO_8859_1), e);
      }
    }
  }
}
