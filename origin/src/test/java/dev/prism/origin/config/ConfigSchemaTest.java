package dev.prism.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

  @Test
  void envName_camelCaseSplitsIntoWords() {
    assertThat(ConfigSchema.envName("a.bC.d")).isEqualTo("PRISM_A_B_C_D");
    assertThat(ConfigSchema.envName("cache.manifestTtl")).isEqualTo("PRISM_CACHE_MANIFEST_TTL");
    assertThat(ConfigSchema.envName("delivery.publicBaseUrls"))
        .isEqualTo("PRISM_DELIVERY_PUBLIC_BASE_URLS");
    assertThat(ConfigSchema.envName("store.s3.secretAccessKey"))
        .isEqualTo("PRISM_STORE_S3_SECRET_ACCESS_KEY");
    assertThat(ConfigSchema.envName("gate.cloudCdn.keys")).isEqualTo("PRISM_GATE_CLOUD_CDN_KEYS");
    assertThat(ConfigLoader.environmentVariable("delivery.segmentDurationMs"))
        .isEqualTo("PRISM_DELIVERY_SEGMENT_DURATION_MS");
  }

  @Test
  void keys_everyEnvironmentNameIsUnique() {
    List<ConfigSchema.Key> keys = ConfigSchema.keys();
    Set<String> names = keys.stream().map(ConfigSchema.Key::envName).collect(Collectors.toSet());
    assertThat(names).hasSameSizeAs(keys);
    assertThat(keys).hasSizeGreaterThan(50);
  }

  @Test
  void confFile_everyKeyIsThereWithACommentStatingItsDefault() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../conf/prism.yaml"), StandardCharsets.UTF_8);
    Set<String> leaves =
        ConfigSchema.keys().stream().map(ConfigSchema.Key::path).collect(Collectors.toSet());
    Map<String, StringBuilder> comments = new LinkedHashMap<>();
    String[] stack = new String[10];
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("#") || trimmed.startsWith("-")) {
        current.append(' ').append(trimmed);
        continue;
      }
      int depth = (line.length() - line.stripLeading().length()) / 2;
      stack[depth] = trimmed.substring(0, trimmed.indexOf(':'));
      String path = String.join(".", Arrays.asList(stack).subList(0, depth + 1));
      current = new StringBuilder(trimmed.substring(trimmed.indexOf(':') + 1));
      comments.put(path, current);
    }
    for (String leaf : leaves) {
      assertThat(comments).as("conf/prism.yaml has %s", leaf).containsKey(leaf);
      assertThat(comments.get(leaf).toString())
          .as("%s has a comment stating its default", leaf)
          .contains("# ")
          .contains("Default ");
    }
    assertThat(leaves)
        .as("every key in conf/prism.yaml is a configuration key")
        .containsAll(
            comments.keySet().stream()
                .filter(p -> comments.get(p).toString().strip().matches("^[^#].*"))
                .collect(Collectors.toSet()));
  }

  @Test
  void parseDuration_acceptsUnitsAndSums() {
    assertThat(ConfigDeserializers.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigDeserializers.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(ConfigDeserializers.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ConfigDeserializers.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigDeserializers.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(ConfigDeserializers.parseDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ConfigDeserializers.parseDuration("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void parseDuration_refusesTheRest() {
    for (String bad : List.of("", "10", "10x", "s", "-5s", "1.5s", "10 s", "5m junk", "PT10S")) {
      assertThatThrownBy(() -> ConfigDeserializers.parseDuration(bad))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void parseSize_binaryDecimalAndBytes() {
    assertThat(ConfigDeserializers.parseSizeBytes("512MiB")).isEqualTo(512L << 20);
    assertThat(ConfigDeserializers.parseSizeBytes("64KiB")).isEqualTo(64L << 10);
    assertThat(ConfigDeserializers.parseSizeBytes("1GiB")).isEqualTo(1L << 30);
    assertThat(ConfigDeserializers.parseSizeBytes("10MB")).isEqualTo(10_000_000L);
    assertThat(ConfigDeserializers.parseSizeBytes("1048576")).isEqualTo(1_048_576L);
    assertThat(ConfigDeserializers.parseSizeBytes("0")).isZero();
  }

  @Test
  void parseSize_refusesTheRest() {
    for (String bad : List.of("", "MiB", "1.5GiB", "-1", "512mb", "9999999999999TiB")) {
      assertThatThrownBy(() -> ConfigDeserializers.parseSizeBytes(bad))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void didYouMean_findsCloseNamesOnly() {
    List<String> sections = ConfigSchema.sections();
    assertThat(ConfigSchema.didYouMean("cahce", sections)).isEqualTo("cache");
    assertThat(ConfigSchema.didYouMean("Server", sections)).isEqualTo("server");
    assertThat(ConfigSchema.didYouMean("entitlements", sections)).isEqualTo("entitlement");
    assertThat(ConfigSchema.didYouMean("logging", sections)).isNull();
  }
}
