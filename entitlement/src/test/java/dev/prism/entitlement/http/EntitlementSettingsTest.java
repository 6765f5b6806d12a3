package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
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
}
