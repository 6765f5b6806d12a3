package dev.prism.origin.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.entitlement.signing.CloudFrontSigner;
import dev.prism.entitlement.signing.CloudFrontVerifier;
import dev.prism.entitlement.signing.CredentialKind;
import dev.prism.entitlement.signing.CredentialVerifier;
import dev.prism.entitlement.signing.HashAlgorithm;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.KeyGroup;
import dev.prism.entitlement.signing.SignedGrant;
import dev.prism.entitlement.signing.SignedRequestVerifier;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.entitlement.signing.Verdict;
import dev.prism.entitlement.signing.VerdictCache;
import dev.prism.entitlement.signing.ViewerRequest;
import dev.prism.entitlement.viewer.CdnTrust;
import dev.prism.entitlement.viewer.ViewerAddress;
import dev.prism.entitlement.viewer.ViewerLocator;
import dev.prism.origin.TestOrigin;
import dev.prism.origin.config.OriginSettings;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged CloudFront cookies under a known ECDSA key id from one viewer IP: after the budget of
 * failed verifications, that IP is refused ({@code verify_rate_limited}) without a signature check;
 * another IP is still verified, and valid cookies from a third IP play. Real HTTP; the viewer IP is
 * the {@code CloudFront-Viewer-Address} header, believed from the loopback peer.
 */
class VerifyFailureLimitTest {
  static final String CDN = "https://d111111abcdef8.cloudfront.net";
  static final String KEY_ID = "K3ECDSAP256ROT";
  static final int BUDGET = 5;
  static final String PATH = "/v1/bbb240/hls/index.m3u8";
  static final Pattern RATE_LIMITED =
      Pattern.compile(
          "prism_gate_denials_total\\{guard=\"signed_request\",reason=\"verify_rate_limited\",?\\}"
              + " ([0-9.]+)");

  @TempDir Path folder;

  /** Counts the calls that reach the signature scheme. */
  static final class CountingVerifier implements CredentialVerifier {
    final CredentialVerifier delegate;
    final AtomicInteger verifications = new AtomicInteger();

    CountingVerifier(CredentialVerifier delegate) {
      this.delegate = delegate;
    }

    @Override
    public CredentialKind kind() {
      return delegate.kind();
    }

    @Override
    public Set<String> cookieNames() {
      return delegate.cookieNames();
    }

    @Override
    public Set<String> queryParameterNames() {
      return delegate.queryParameterNames();
    }

    @Override
    public Optional<Verdict> verify(ViewerRequest request, Instant now) {
      verifications.incrementAndGet();
      return delegate.verify(request, now);
    }
  }

  @Test
  void forgedCookiesFromOneIp_afterTheBudget_refusedWithoutVerifying_othersUnaffected()
      throws Exception {
    BlobStore store = BlobStores.folder(folder);
    GatedOrigin.publishBbb240(store, "bbb240", "v0f1e2d3c");
    KeyPair ec = SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256);
    CloudFrontSigner signer = new CloudFrontSigner(KEY_ID, ec.getPrivate(), HashAlgorithm.SHA256);
    CloudFrontVerifier cloudFront =
        new CloudFrontVerifier(
            KeyGroup.of(Map.of(KEY_ID, ec.getPublic())),
            VerdictCache.bounded(1_000, VerdictCache.DEFAULT_MAXIMUM_TTL));
    CountingVerifier counting = new CountingVerifier(cloudFront.signedCookies());
    ViewerLocator locator =
        new ViewerLocator(
            ViewerAddress.of("CloudFront-Viewer-Address", 0),
            null,
            CdnTrust.of("X-Origin-Secret", List.of(), List.of(IpRange.parse("127.0.0.0/8"))));

    SignedGrant valid =
        signer.mintCustom(CDN + "/v1/bbb240/*", Instant.now().plusSeconds(300), null, null);
    SignedGrant other =
        signer.mintCustom(CDN + "/v1/bbb240/*", Instant.now().plusSeconds(600), null, null);
    // A policy with another policy's signature: the key id is known, so each costs a verify.
    Map<String, String> forged = new LinkedHashMap<>(valid.cookies());
    forged.put("CloudFront-Signature", other.cookies().get("CloudFront-Signature"));

    try (TestOrigin origin =
        new TestOrigin(
            store,
            OriginSettings.defaults().withSegmentDurationMs(GatedOrigin.SEG_MS),
            server ->
                server.addGuard(
                    new SignedRequestHandler(
                        new SignedRequestVerifier(List.of(counting)),
                        List.of(CDN),
                        locator,
                        Clock.systemUTC(),
                        server.metrics(),
                        new VerifyFailureLimiter(BUDGET, Duration.ofMinutes(1), 1_000))))) {
      String attacker = "198.51.100.7:4000";
      for (int i = 0; i < BUDGET; i++) {
        assertThat(get(origin, forged, attacker).statusCode()).isEqualTo(403);
      }
      assertThat(counting.verifications.get()).as("the budget's verifications").isEqualTo(BUDGET);

      for (int i = 0; i < 20; i++) {
        HttpResponse<byte[]> r = get(origin, forged, attacker);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body())).isEqualTo("Forbidden\n");
      }
      assertThat(counting.verifications.get()).as("no verification once spent").isEqualTo(BUDGET);
      assertThat(get(origin, valid.cookies(), attacker).statusCode())
          .as("every request of a spent viewer is refused until the budget refills")
          .isEqualTo(403);
      assertThat(counting.verifications.get()).isEqualTo(BUDGET);
      assertThat(rateLimited(origin)).isEqualTo(21);

      // Another viewer is verified (and refused for its own bad signature).
      assertThat(get(origin, forged, "198.51.100.8:4000").statusCode()).isEqualTo(403);
      assertThat(counting.verifications.get()).isEqualTo(BUDGET + 1);
      // A third viewer with valid cookies plays.
      assertThat(get(origin, valid.cookies(), "203.0.113.9:4000").statusCode()).isEqualTo(200);
      assertThat(rateLimited(origin)).isEqualTo(21);
    } finally {
      store.close();
    }
  }

  @Test
  void limiter_ipv6ViewersShareTheir64_zeroFailuresIsUnlimited() throws Exception {
    VerifyFailureLimiter limiter = new VerifyFailureLimiter(2, Duration.ofMinutes(1), 100);
    InetAddress a = InetAddress.getByName("2001:db8:1:2::1");
    InetAddress sameSubnet = InetAddress.getByName("2001:db8:1:2:ffff::9");
    InetAddress otherSubnet = InetAddress.getByName("2001:db8:1:3::1");
    limiter.failed(a);
    assertThat(limiter.exhausted(sameSubnet)).isFalse();
    limiter.failed(sameSubnet);
    assertThat(limiter.exhausted(a)).isTrue();
    assertThat(limiter.exhausted(sameSubnet)).isTrue();
    assertThat(limiter.exhausted(otherSubnet)).isFalse();
    assertThat(limiter.exhausted(InetAddress.getByName("192.0.2.1"))).isFalse();

    VerifyFailureLimiter off = VerifyFailureLimiter.of(0, Duration.ofMinutes(1), 100);
    for (int i = 0; i < 10; i++) {
      off.failed(a);
    }
    assertThat(off.enabled()).isFalse();
    assertThat(off.exhausted(a)).isFalse();
  }

  static HttpResponse<byte[]> get(
      TestOrigin origin, Map<String, String> cookies, String viewerAddress) {
    String cookie =
        cookies.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("; "));
    return origin.get(PATH, "Cookie", cookie, "CloudFront-Viewer-Address", viewerAddress);
  }

  static double rateLimited(TestOrigin origin) {
    Matcher m = RATE_LIMITED.matcher(origin.scrape());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
