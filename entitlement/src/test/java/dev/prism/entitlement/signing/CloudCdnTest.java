package dev.prism.entitlement.signing;

import static dev.prism.entitlement.signing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Google Cloud CDN against Google's published test values: python-docs-samples {@code
 * cdn/snippets_test.py} (key {@code nZtRohdNF9m3cKM24IcK4w==}, name {@code my-key}, Expires
 * 1549751401) and java-docs-samples {@code SignedCookiesTest} (key {@code
 * aaaaaaaaaaaaaaaaaaaaaa==}, Expires 1518135754).
 */
class CloudCdnTest {
  private static final byte[] KEY = CloudCdnKeys.decodeKey("nZtRohdNF9m3cKM24IcK4w==");
  private static final long EXPIRES = 1549751401L;
  private static final Instant BEFORE = Instant.ofEpochSecond(EXPIRES - 60);

  private final CloudCdnVerifier verifier =
      new CloudCdnVerifier(CloudCdnKeys.of(Map.of("my-key", KEY)));

  @Test
  void signUrl_googleVectors() {
    assertThat(CloudCdnSigning.signUrl("http://35.186.234.33/index.html", "my-key", KEY, EXPIRES))
        .isEqualTo(
            "http://35.186.234.33/index.html?Expires=1549751401&KeyName=my-key"
                + "&Signature=CRFqQnVfFyiUyR63OQf-HRUpIwc=");
    assertThat(CloudCdnSigning.signUrl("http://www.example.com/", "my-key", KEY, EXPIRES))
        .isEqualTo(
            "http://www.example.com/?Expires=1549751401&KeyName=my-key"
                + "&Signature=OqDUFfHpN5Vxga6r80bhsgxKves=");
    assertThat(
            CloudCdnSigning.signUrl(
                "http://www.example.com/some/path?some=query&another=param",
                "my-key",
                KEY,
                EXPIRES))
        .isEqualTo(
            "http://www.example.com/some/path?some=query&another=param&Expires=1549751401"
                + "&KeyName=my-key&Signature=9Q9TCxSju8-W5nUkk5CuTrun2_o=");
  }

  @Test
  void signUrlPrefix_googleVectors() {
    assertThat(
            CloudCdnSigning.signUrlPrefix(
                "http://35.186.234.33/index.html", "http://35.186.234.33/", "my-key", KEY, EXPIRES))
        .isEqualTo(
            "http://35.186.234.33/index.html?URLPrefix=aHR0cDovLzM1LjE4Ni4yMzQuMzMv&"
                + "Expires=1549751401&KeyName=my-key&Signature=j7HYgoQ8dIOVsW3Rw4cpkjWfRMA=");
    assertThat(
            CloudCdnSigning.signUrlPrefix(
                "http://www.example.com/some/path?some=query&another=param",
                "http://www.example.com/some/",
                "my-key",
                KEY,
                EXPIRES))
        .isEqualTo(
            "http://www.example.com/some/path?some=query&another=param&"
                + "URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9zb21lLw==&"
                + "Expires=1549751401&KeyName=my-key&Signature=3th4ThmpS95I1TAKYyYSCSq3dnQ=");
  }

  @Test
  void signCookieValue_googleVectors() {
    assertThat(
            CloudCdnSigning.signCookieValue(
                "http://35.186.234.33/index.html", "my-key", KEY, EXPIRES))
        .isEqualTo(
            "URLPrefix=aHR0cDovLzM1LjE4Ni4yMzQuMzMvaW5kZXguaHRtbA==:Expires=1549751401"
                + ":KeyName=my-key:Signature=uImwlOBCPs91mlCyG9vyyZRrNWU=");
    assertThat(
            CloudCdnSigning.signCookieValue("http://www.example.com/foo/", "my-key", KEY, EXPIRES))
        .isEqualTo(
            "URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9mb28v:Expires=1549751401"
                + ":KeyName=my-key:Signature=Z9uYAu73YHioRScZDxnP-TnS274=");
    byte[] javaSampleKey = CloudCdnKeys.decodeKey("aaaaaaaaaaaaaaaaaaaaaa==");
    assertThat(
            CloudCdnSigning.signCookieValue(
                "https://media.example.com/videos/", "my-key", javaSampleKey, 1518135754L))
        .isEqualTo(
            "URLPrefix=aHR0cHM6Ly9tZWRpYS5leGFtcGxlLmNvbS92aWRlb3Mv:Expires=1518135754"
                + ":KeyName=my-key:Signature=c2oZduDcTH36_bCbO-hEoaLc_5o=");
  }

  @Test
  void verifySignedUrl_googleVectors_grantedThenExpired() {
    String base = "http://www.example.com";
    String url =
        "http://www.example.com/some/path?some=query&another=param&Expires=1549751401"
            + "&KeyName=my-key&Signature=9Q9TCxSju8-W5nUkk5CuTrun2_o=";
    Verdict v = verifier.verifySignedUrl(request(url, null, base), BEFORE);
    assertThat(v.isGranted()).isTrue();
    assertThat(v.kind()).isEqualTo(CredentialKind.CLOUD_CDN_SIGNED_URL);
    assertThat(v.expiry()).hasValue(Instant.ofEpochSecond(EXPIRES));
    assertThat(
            verifier
                .verifySignedUrl(request(url, null, base), Instant.ofEpochSecond(EXPIRES))
                .reason())
        .hasValue(DenialReason.EXPIRED);
    assertThat(
            verifier
                .verifySignedUrl(
                    request(url.replace("another=param", "another=paran"), null, base), BEFORE)
                .reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    assertThat(verifier.verifySignedUrl(request(url + "&late=1", null, base), BEFORE).reason())
        .hasValue(DenialReason.MALFORMED);
    assertThat(
            verifier
                .verifySignedUrl(request(url.replace("my-key", "other-key"), null, base), BEFORE)
                .reason())
        .hasValue(DenialReason.UNKNOWN_KEY);
  }

  @Test
  void verifySignedUrl_prefixForm_coversPrefixOnly() {
    String base = "http://www.example.com";
    String signed =
        "http://www.example.com/some/path?some=query&another=param&"
            + "URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9zb21lLw==&"
            + "Expires=1549751401&KeyName=my-key&Signature=3th4ThmpS95I1TAKYyYSCSq3dnQ=";
    Verdict v = verifier.verifySignedUrl(request(signed, null, base), BEFORE);
    assertThat(v.isGranted()).isTrue();
    assertThat(v.signedUrlCoversPathPrefix("/some/")).isTrue();
    assertThat(v.signedUrlParameters())
        .hasValue(
            "URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9zb21lLw==&Expires=1549751401&KeyName=my-key"
                + "&Signature=3th4ThmpS95I1TAKYyYSCSq3dnQ=");
    String elsewhere = signed.replace("/some/path", "/other/path");
    assertThat(verifier.verifySignedUrl(request(elsewhere, null, base), BEFORE).reason())
        .hasValue(DenialReason.RESOURCE_MISMATCH);
  }

  @Test
  void verifyCookie_googleVector_grantsPrefix() {
    String cookie =
        "URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9mb28v:Expires=1549751401"
            + ":KeyName=my-key:Signature=Z9uYAu73YHioRScZDxnP-TnS274=";
    String base = "http://www.example.com";
    Map<String, String> jar = Map.of("Cloud-CDN-Cookie", cookie);
    Verdict v = verifier.verifyRequest(request(base + "/foo/seg/1.m4s", null, base), jar, BEFORE);
    assertThat(v.isGranted()).isTrue();
    assertThat(v.kind()).isEqualTo(CredentialKind.CLOUD_CDN_SIGNED_COOKIE);
    assertThat(v.coverage().orElseThrow().coversPathPrefix("/foo/")).isTrue();
    assertThat(verifier.verifyRequest(request(base + "/food", null, base), jar, BEFORE).reason())
        .hasValue(DenialReason.RESOURCE_MISMATCH);
    assertThat(
            verifier
                .verifyRequest(
                    request(base + "/foo/x", null, base), jar, Instant.ofEpochSecond(EXPIRES))
                .reason())
        .hasValue(DenialReason.EXPIRED);
    String forged = cookie.replace("Z9uYAu73", "Z9uYAu74");
    assertThat(verifier.verifyCookie(forged, request(base + "/foo/x", null, base), BEFORE).reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    String otherPrefix = cookie.replace("bS9mb28v", "bS9iYXIv"); // /foo/ -> /bar/, signature kept
    assertThat(
            verifier
                .verifyCookie(otherPrefix, request(base + "/bar/x", null, base), BEFORE)
                .reason())
        .hasValue(DenialReason.BAD_SIGNATURE);
    assertThat(
            verifier.verifyCookie("garbage", request(base + "/foo/x", null, base), BEFORE).reason())
        .hasValue(DenialReason.MALFORMED);
    assertThat(
            verifier.verifyRequest(request(base + "/foo/x", null, base), Map.of(), BEFORE).reason())
        .hasValue(DenialReason.MISSING);
  }

  @Test
  void keys_rotationAndFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prism-key-2.b64");
    Files.writeString(file, "aaaaaaaaaaaaaaaaaaaaaa==\n", StandardCharsets.US_ASCII);
    byte[] second = CloudCdnKeys.readKeyFile(file);
    assertThat(CloudCdnKeys.fromKeyFiles(Map.of("prism-key-2", file)).names())
        .containsExactly("prism-key-2");
    CloudCdnVerifier rotating =
        new CloudCdnVerifier(CloudCdnKeys.of(Map.of("my-key", KEY, "prism-key-2", second)));
    String base = "https://media.example.com";
    long exp = 1_900_000_000L;
    Instant now = Instant.ofEpochSecond(exp - 1);
    for (var e : Map.of("my-key", KEY, "prism-key-2", second).entrySet()) {
      String value =
          CloudCdnSigning.signCookieValue(base + "/v1/bbb/", e.getKey(), e.getValue(), exp);
      assertThat(
              rotating
                  .verifyCookie(value, request(base + "/v1/bbb/x", null, base), now)
                  .isGranted())
          .as(e.getKey())
          .isTrue();
    }
    rotating.replaceKeys(CloudCdnKeys.of(Map.of("prism-key-2", second)));
    String old = CloudCdnSigning.signCookieValue(base + "/v1/bbb/", "my-key", KEY, exp);
    assertThat(rotating.verifyCookie(old, request(base + "/v1/bbb/x", null, base), now).reason())
        .hasValue(DenialReason.UNKNOWN_KEY);

    assertThatThrownBy(() -> CloudCdnKeys.decodeKey("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloudCdnKeys.of(Map.of("bad name", KEY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cloudCdnSigner_mintedGrant_verifiesUnderPrefixOnly() {
    GrantSigner signer = new CloudCdnSigner("my-key", KEY);
    String prefix = Requests.BASE + "/v1/bbb/";
    Grant grant = signer.sign(prefix, Instant.ofEpochSecond(EXPIRES).plusMillis(900), null);

    assertThat(grant.expiry()).isEqualTo(Instant.ofEpochSecond(EXPIRES));
    assertThat(grant.cookies()).containsOnlyKeys("Cloud-CDN-Cookie");
    // The policy text is Google's: URLPrefix=B64URL(prefix):Expires=E:KeyName=K, then Signature.
    assertThat(grant.cookies().get("Cloud-CDN-Cookie"))
        .isEqualTo(CloudCdnSigning.signCookieValue(prefix, "my-key", KEY, EXPIRES))
        .doesNotContain("=:");
    Map<String, String> cookies = grant.cookies();
    assertThat(verifier.verifyRequest(request(prefix + "hls/index.m3u8"), cookies, BEFORE))
        .satisfies(v -> assertThat(v.isGranted()).isTrue());
    assertThat(
            verifier
                .verifyRequest(request(Requests.BASE + "/v1/bbbb/x.m4s"), cookies, BEFORE)
                .reason())
        .hasValue(DenialReason.RESOURCE_MISMATCH);
    assertThat(
            verifier
                .verifyRequest(
                    request(prefix + "hls/index.m3u8?" + grant.signedUrlQuery()), Map.of(), BEFORE)
                .kind())
        .isEqualTo(CredentialKind.CLOUD_CDN_SIGNED_URL);
    assertThat(
            verifier
                .verifyRequest(
                    request(prefix + "hls/index.m3u8?" + grant.signedUrlQuery()), Map.of(), BEFORE)
                .isGranted())
        .isTrue();
    assertThat(grant.toString()).doesNotContain("Signature");
  }

  @Test
  void cloudCdnSigner_viewerIpOrBadPrefixOrKey_refused() {
    CloudCdnSigner signer = new CloudCdnSigner("my-key", KEY);
    Instant expires = Instant.ofEpochSecond(EXPIRES);
    assertThat(signer.bindsViewerIp()).isFalse();
    assertThat(signer.scheme()).isEqualTo(SigningScheme.CLOUD_CDN);
    assertThat(signer.keyId()).isEqualTo("my-key");
    assertThatThrownBy(
            () -> signer.sign(Requests.BASE + "/v1/bbb/", expires, IpRange.parse("192.0.2.1/32")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(Requests.BASE + "/v1/bbb/?a=1", expires, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CloudCdnSigner("my-key", new byte[15]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CloudCdnSigner("bad key", KEY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
