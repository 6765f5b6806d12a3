package dev.prism.entitlement.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudfront.internal.utils.SigningUtils;

class CustomPolicyTest {

  private static CustomPolicy parse(String json) throws MalformedPolicyException {
    return CustomPolicy.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_allConditionsAnyOrderWithWhitespace_readsEach() throws Exception {
    String json =
        "{ \"Statement\": [ {\r\n  \"Resource\":\"https://cdn.example.com/v1/bbb/*\",\r\n"
            + "  \"Condition\":{\"IpAddress\":{\"AWS:SourceIp\":\"192.0.2.0/24\"},"
            + "\"DateGreaterThan\":{\"AWS:EpochTime\":1700000000},"
            + "\"DateLessThan\":{\"AWS:EpochTime\":1800000000}}}]}\n";
    CustomPolicy policy = parse(json);
    assertThat(policy.dateLessThanEpochSeconds()).isEqualTo(1_800_000_000L);
    assertThat(policy.dateGreaterThanEpochSeconds()).hasValue(1_700_000_000L);
    assertThat(policy.sourceIp()).map(IpRange::toString).hasValue("192.0.2.0/24");
    assertThat(policy.resource())
        .map(ResourcePattern::resource)
        .hasValue("https://cdn.example.com/v1/bbb/*");
    assertThat(policy.grantedPrefix()).hasValue("https://cdn.example.com/v1/bbb/");
    // Never re-serialised: the bytes are exactly what was given.
    assertThat(policy.policyBytes()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_awsSdkCustomPolicy_accepted() throws Exception {
    String sdk =
        SigningUtils.buildCustomPolicy(
            "https://cdn.example.com/v1/bbb/*",
            /* activeDate= */ Instant.ofEpochSecond(1_700_000_000L),
            /* expirationDate= */ Instant.ofEpochSecond(1_800_000_000L),
            "198.51.100.7/32");
    CustomPolicy policy = parse(sdk);
    assertThat(policy.dateLessThanEpochSeconds()).isEqualTo(1_800_000_000L);
    assertThat(policy.dateGreaterThanEpochSeconds()).hasValue(1_700_000_000L);
    assertThat(policy.sourceIp()).map(IpRange::toString).hasValue("198.51.100.7/32");
  }

  @Test
  void of_dateLessThanOnly_matchesAwsSdkBytes() {
    CustomPolicy ours =
        CustomPolicy.of(
            "https://cdn.example.com/v1/bbb/*", Instant.ofEpochSecond(1_800_000_000L), null, null);
    String sdk =
        SigningUtils.buildCustomPolicy(
            "https://cdn.example.com/v1/bbb/*", null, Instant.ofEpochSecond(1_800_000_000L), null);
    assertThat(ours.toString()).isEqualTo(sdk);
  }

  @Test
  void of_allConditions_sdkOrderAndRoundTrip() throws Exception {
    CustomPolicy ours =
        CustomPolicy.of(
            "https://cdn.example.com/v1/bbb/*",
            Instant.ofEpochSecond(1_800_000_000L),
            Instant.ofEpochSecond(1_700_000_000L),
            IpRange.parse("198.51.100.7/32"));
    String sdk =
        SigningUtils.buildCustomPolicy(
            "https://cdn.example.com/v1/bbb/*",
            /* activeDate= */ Instant.ofEpochSecond(1_700_000_000L),
            /* expirationDate= */ Instant.ofEpochSecond(1_800_000_000L),
            "198.51.100.7/32");
    assertThat(ours.toString()).isEqualTo(sdk);
    assertThat(CustomPolicy.parse(ours.policyBytes())).isEqualTo(ours);
  }

  @Test
  void parse_resourceOmitted_coversEverything() throws Exception {
    CustomPolicy policy =
        parse("{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}");
    assertThat(policy.covers("https://any.example.org/x?y")).isTrue();
    assertThat(policy.grantedPrefix()).hasValue("");
  }

  @Test
  void parse_bareIpv4_isSlash32AndIpv6Accepted() throws Exception {
    assertThat(
            parse(
                    withCondition(
                        "\"DateLessThan\":{\"AWS:EpochTime\":5},\"IpAddress\":{\"AWS:SourceIp\":\"203.0.113.9\"}"))
                .sourceIp()
                .map(IpRange::toString))
        .hasValue("203.0.113.9/32");
    assertThat(
            parse(
                    withCondition(
                        "\"DateLessThan\":{\"AWS:EpochTime\":5},\"IpAddress\":{\"AWS:SourceIp\":\"2001:db8::/32\"}"))
                .sourceIp()
                .map(IpRange::prefixLength))
        .hasValue(32);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{\"Statement\":[]}",
        "{\"Statement\":{}}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\"}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":\"5\"}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5.5}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":-1}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":99999999999999999999}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5},\"Referer\":{}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5},\"DateLessThan\":{\"AWS:EpochTime\":9}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}},{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}trailing",
        "{\"Statement\":[{\"Resource\":\"ftp-less/h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5},\"IpAddress\":{\"AWS:SourceIp\":\"example.com\"}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5},\"IpAddress\":{\"AWS:SourceIp\":\"10.0.0.0/33\"}}}]}",
        "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Effect\":\"Allow\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}",
      })
  void parse_notThePolicyCloudFrontDefines_malformed(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(MalformedPolicyException.class);
  }

  private static String withCondition(String condition) {
    return "{\"Statement\":[{\"Resource\":\"https://h/*\",\"Condition\":{" + condition + "}}]}";
  }
}
