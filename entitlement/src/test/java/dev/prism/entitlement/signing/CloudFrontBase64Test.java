package dev.prism.entitlement.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CloudFrontBase64Test {

  @Test
  void encode_sdkTestAlphabet_mapsPlusEqualsSlash() {
    // The AWS SDK for Java's test: standard "...0123456789+/AAA=" <-> CloudFront
    // "...0123456789-~AAA_".
    byte[] bytes =
        java.util.Base64.getDecoder()
            .decode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/AAA=");
    assertThat(CloudFrontBase64.encode(bytes))
        .isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~AAA_");
  }

  @Test
  void decode_encode_roundTripsRandomBytes() {
    long seed = Long.getLong("property.seed", 20261121L);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(0, 400)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] = (byte) random.nextInt(256);
      }
      String encoded = CloudFrontBase64.encode(bytes);
      assertThat(encoded).as("seed %d", seed).matches("[A-Za-z0-9_~-]*");
      assertThat(CloudFrontBase64.decode(encoded)).as("seed %d", seed).isEqualTo(bytes);
    }
  }

  @Test
  void decode_standardAlphabetCharacters_rejected() {
    assertThatThrownBy(() -> CloudFrontBase64.decode("ab+/cd=="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloudFrontBase64.decode("a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encode_policy_endsWithUnderscorePadding() {
    byte[] policy = "{\"Statement\":[]}x".getBytes(StandardCharsets.UTF_8);
    assertThat(CloudFrontBase64.encode(policy)).endsWith("_");
  }
}
