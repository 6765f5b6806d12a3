package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntitlementSettingsTest {
  private static final EntitlementSettings.SigningKey KEY =
      new EntitlementSettings.SigningKey("K2JCJMDEHXQW5F", Path.of("k.pem"));
  private static final EntitlementSettings.Jwt JWT =
      EntitlementSettings.Jwt.of("jwks.json", "prism-dev", "prism");

  @Test
  void publicBaseUrl_trailingSlash_dropped() {
    assertThat(
            EntitlementSettings.defaults("https://d111.cloudfront.net/", KEY, JWT).publicBaseUrl())
        .isEqualTo("https://d111.cloudfront.net");
    assertThat(EntitlementSettings.defaults("http://127.0.0.1:8080", KEY, JWT).publicBaseUrl())
        .isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void publicBaseUrl_pathQueryOrOtherScheme_refused() {
    for (String bad :
        new String[] {
          "https://cdn.example.com/videos",
          "https://cdn.example.com?x=1",
          "ftp://cdn",
          "cdn.example.com"
        }) {
      assertThatThrownBy(() -> EntitlementSettings.defaults(bad, KEY, JWT))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void defaults_matchPrismYaml() {
    EntitlementSettings s = EntitlementSettings.defaults("https://cdn.example.com", KEY, JWT);
    assertThat(s.cookieTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.cookie()).isEqualTo(EntitlementSettings.Cookie.DEFAULTS);
    assertThat(s.cookie().secure()).isTrue();
    assertThat(s.cookie().sameSite()).isEqualTo(EntitlementSettings.SameSite.LAX);
    assertThat(s.viewerCountryHeader()).isEqualTo("CloudFront-Viewer-Country");
    assertThat(s.rateLimit().perSubject().capacity()).isEqualTo(30);
    assertThat(s.rateLimit().perIp().capacity()).isEqualTo(120);
    assertThat(s.jwt().leeway()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.jwt().jwksCacheTtl()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void cookie_sameSiteNoneWithoutSecure_refused() {
    assertThatThrownBy(
            () ->
                new EntitlementSettings.Cookie(
                    null, false, true, EntitlementSettings.SameSite.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Secure");
    assertThat(EntitlementSettings.SameSite.parse(" strict "))
        .isEqualTo(EntitlementSettings.SameSite.STRICT);
  }

  @Test
  void jwt_leewayAboveFiveMinutesOrBadKeyPairId_refused() {
    assertThatThrownBy(
            () ->
                new EntitlementSettings.Jwt(
                    "j",
                    "i",
                    "a",
                    Duration.ofMinutes(6),
                    EntitlementSettings.Claims.DEFAULTS,
                    Duration.ofMinutes(10),
                    Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntitlementSettings.SigningKey("bad id!", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void viewerIp_forwardedForHops_nthFromTheRightAsTheGateReadsThem() throws Exception {
    // gate.viewerIp semantics (conf/prism.yaml): behind n trusted proxies, the n-th entry from the
    // right; n = 0 never resolves.
    List<String> chain = List.of("1.1.1.1, 2.2.2.2, 3.3.3.3");
    assertThat(
            ViewerAddress.of(new EntitlementSettings.ViewerIp("X-Forwarded-For", 0))
                .neverResolves())
        .isTrue();
    assertThat(ViewerAddress.fromForwardedFor(chain, 0)).isNull();
    assertThat(ViewerAddress.fromForwardedFor(chain, 1))
        .isEqualTo(InetAddress.getByName("3.3.3.3"));
    assertThat(ViewerAddress.fromForwardedFor(chain, 2))
        .isEqualTo(InetAddress.getByName("2.2.2.2"));
    assertThat(ViewerAddress.fromForwardedFor(List.of("2.2.2.2"), 2)).isNull();
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("198.51.100.10:46532")))
        .isEqualTo(InetAddress.getByName("198.51.100.10"));
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("2001:db8::1:443")))
        .isEqualTo(InetAddress.getByName("2001:db8::1"));
  }
}
