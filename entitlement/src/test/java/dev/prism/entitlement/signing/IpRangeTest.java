package dev.prism.entitlement.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "192.0.2.0/24, 192.0.2.200, true",
    "192.0.2.0/24, 192.0.3.1, false",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "0.0.0.0/0, 203.0.113.1, true",
    "10.1.2.3/8, 10.200.0.1, true",
    "2001:db8::/32, 2001:db8:1::5, true",
    "2001:db8::/32, 2001:db9::5, false",
    "2001:db8::1, 2001:db8::1, true",
    "192.0.2.0/24, ::ffff:192.0.2.9, true",
    "192.0.2.0/24, 2001:db8::1, false",
    "::/0, 192.0.2.1, false",
  })
  void contains_cidr(String cidr, String address, boolean expected) {
    InetAddress viewer = IpRange.parseAddress(address).orElseThrow();
    assertThat(IpRange.parse(cidr).contains(viewer)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com",
        "192.0.2.0/33",
        "192.0.2.0/",
        "1.2.3",
        "256.1.1.1",
        "::1/129",
        "192.0.2.0/08",
        ""
      })
  void parse_notALiteralCidr_rejectedWithoutDns(String text) {
    assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
