package dev.prism.entitlement.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.internal.utils.SigningUtils;

class CannedPolicyTest {

  @Test
  void json_awsDocExample_isByteExact() {
    CannedPolicy policy =
        new CannedPolicy(
            "https://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes",
            1767290400L);
    String expected =
        "{\"Statement\":[{\"Resource\":\"https://d111111abcdef8.cloudfront.net/horizon.jpg"
            + "?size=large&license=yes\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}";
    assertThat(policy.json()).isEqualTo(expected);
    assertThat(policy.policyBytes()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void json_sameAsAwsSdkBuildCannedPolicy() {
    String url = "https://cdn.example.com/v1/bbb/hls/index.m3u8?cmcd=ot%3Dm";
    String sdk = SigningUtils.buildCannedPolicy(url, Instant.ofEpochSecond(1_800_000_000L));
    assertThat(new CannedPolicy(url, 1_800_000_000L).json()).isEqualTo(sdk);
  }

  @Test
  void json_quoteInResource_isEscaped() {
    assertThat(new CannedPolicy("https://h/a\"b", 1).json()).contains("\"https://h/a\\\"b\"");
  }
}
