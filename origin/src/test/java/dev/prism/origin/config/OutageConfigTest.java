package dev.prism.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.store.S3Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outage keys of {@code prism.yaml}: documented defaults, and values that cannot work. */
class OutageConfigTest {
  @TempDir Path dir;

  @Test
  void defaults_areTheCodeDefaults() {
    PrismConfig c = ConfigLoader.defaults(dir);
    assertThat(OriginSettings.from(c).outage()).isEqualTo(OutageSettings.DEFAULTS);
    assertThat(c.store().s3().timeouts()).isEqualTo(S3Timeouts.DEFAULTS);
  }

  @Test
  void environment_overridesABreakerKey() {
    PrismConfig c =
        ConfigLoader.load(null, java.util.Map.of("PRISM_STORE_BREAKER_OPEN_INTERVAL", "30s"), dir);
    assertThat(c.store().breaker().openInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void idleTimeoutShorterThanTwoSegments_refused() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromYaml(
                    "server:\n  idleTimeout: 10s\ndelivery:\n  segmentDurationMs: 6000\n", dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "config error: server.idleTimeout = \"10s\": expected at least twice");
    assertThat(
            ConfigLoader.fromYaml(
                    "server:\n  idleTimeout: 12s\ndelivery:\n  segmentDurationMs: 6000\n", dir)
                .server()
                .idleTimeout())
        .isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void s3AttemptLongerThanCall_refused() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromYaml(
                    "store:\n  s3:\n    apiCallTimeout: 2s\n    apiCallAttemptTimeout: 3s\n", dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config error: store.s3.apiCallAttemptTimeout = \"3s\"");
  }

  @Test
  void staleIfErrorZero_isAccepted_andTurnsItOff() {
    assertThat(ConfigLoader.fromYaml("cache:\n  staleIfError: 0s\n", dir).cache().staleIfError())
        .isZero();
  }
}
