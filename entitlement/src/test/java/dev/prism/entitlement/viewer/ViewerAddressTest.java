package dev.prism.entitlement.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one viewer-address rule shared by the origin's gate and {@code POST /play}. */
class ViewerAddressTest {

  @Test
  void cloudFrontViewerAddress_ipv4WithPort_isTheIp() throws Exception {
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("198.51.100.10:46532")))
        .isEqualTo(InetAddress.getByName("198.51.100.10"));
  }

  @Test
  void cloudFrontViewerAddress_ipv6UnbracketedWithPort_portAfterLastColon() throws Exception {
    // The form CloudFront sends for IPv6 viewers: no brackets, the source port last.
    assertThat(
            ViewerAddress.fromCloudFrontViewerAddress(List.of("2001:db8:85a3::8a2e:370:7334:443")))
        .isEqualTo(InetAddress.getByName("2001:db8:85a3::8a2e:370:7334"));
  }

  @Test
  void cloudFrontViewerAddress_ipv6Bracketed_accepted() throws Exception {
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("[2001:db8::1]:8443")))
        .isEqualTo(InetAddress.getByName("2001:db8::1"));
  }

  @Test
  void cloudFrontViewerAddress_absentRepeatedOrMalformed_unknown() {
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of())).isNull();
    assertThat(
            ViewerAddress.fromCloudFrontViewerAddress(List.of("198.51.100.10:1", "203.0.113.7:2")))
        .isNull();
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("198.51.100.10"))).isNull();
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("198.51.100.10:99999"))).isNull();
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("[2001:db8::1]"))).isNull();
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("localhost:80"))).isNull();
    assertThat(ViewerAddress.fromCloudFrontViewerAddress(List.of("example.com:80"))).isNull();
  }

  @Test
  void forwardedFor_oneTrustedProxy_rightmostEntryAndSpoofedLeftIgnored() throws Exception {
    // The viewer sent "X-Forwarded-For: 203.0.113.7"; the CDN appended the real address.
    assertThat(ViewerAddress.fromForwardedFor(List.of("203.0.113.7, 198.51.100.10"), 1))
        .isEqualTo(InetAddress.getByName("198.51.100.10"));
  }

  @Test
  void forwardedFor_twoTrustedProxies_secondFromRightAcrossHeaderLines() throws Exception {
    assertThat(ViewerAddress.fromForwardedFor(List.of("203.0.113.7, 198.51.100.10", "10.0.0.5"), 2))
        .isEqualTo(InetAddress.getByName("198.51.100.10"));
  }

  @Test
  void forwardedFor_entriesWithPorts_portDropped() throws Exception {
    assertThat(ViewerAddress.fromForwardedFor(List.of("198.51.100.10:5555"), 1))
        .isEqualTo(InetAddress.getByName("198.51.100.10"));
    assertThat(ViewerAddress.fromForwardedFor(List.of("[2001:db8::2]:5555"), 1))
        .isEqualTo(InetAddress.getByName("2001:db8::2"));
    assertThat(ViewerAddress.fromForwardedFor(List.of("2001:db8::2"), 1))
        .isEqualTo(InetAddress.getByName("2001:db8::2"));
  }

  @Test
  void forwardedFor_fewerEntriesThanProxiesOrZeroProxies_unknown() {
    assertThat(ViewerAddress.fromForwardedFor(List.of("198.51.100.10"), 2)).isNull();
    assertThat(ViewerAddress.fromForwardedFor(List.of(), 1)).isNull();
    assertThat(ViewerAddress.fromForwardedFor(List.of("198.51.100.10"), 0)).isNull();
    assertThat(ViewerAddress.fromForwardedFor(List.of("unknown, 10.0.0.1"), 2)).isNull();
  }

  @Test
  void literal_hostNames_neverResolved() {
    assertThat(ViewerAddress.literal("localhost")).isNull();
    assertThat(ViewerAddress.literal("example.com")).isNull();
    assertThat(ViewerAddress.literal("")).isNull();
    assertThat(ViewerAddress.literal("1.2.3")).isNull();
  }

  @Test
  void of_headerNames_pickTheSource() {
    assertThat(ViewerAddress.of("", 0).toString()).isEqualTo("TCP peer address");
    assertThat(ViewerAddress.of("cloudfront-viewer-address", 0).toString())
        .isEqualTo("CloudFront-Viewer-Address");
    assertThat(ViewerAddress.of("X-Forwarded-For", 2).toString())
        .isEqualTo("X-Forwarded-For (2 trusted proxies)");
    assertThat(ViewerAddress.of("True-Client-IP", 0).toString()).isEqualTo("True-Client-IP");
    assertThat(ViewerAddress.of("X-Forwarded-For", 0).neverResolves()).isTrue();
    assertThat(ViewerAddress.of("X-Forwarded-For", 1).neverResolves()).isFalse();
    assertThat(ViewerAddress.of((String) null, 0).toString()).isEqualTo("TCP peer address");
    assertThat(ViewerAddress.of("x-forwarded-for", 1).toString())
        .isEqualTo("X-Forwarded-For (1 trusted proxies)");
  }

  @Test
  void forwardedFor_nthFromTheRight_notOneMoreToTheLeft() throws Exception {
    // Behind n trusted proxies the viewer is the n-th entry from the right: with one proxy that is
    // the rightmost entry (appended by the proxy), never the client-written one left of it.
    List<String> chain = List.of("1.1.1.1, 2.2.2.2, 3.3.3.3");
    assertThat(ViewerAddress.fromForwardedFor(chain, 1))
        .isEqualTo(InetAddress.getByName("3.3.3.3"));
    assertThat(ViewerAddress.fromForwardedFor(chain, 2))
        .isEqualTo(InetAddress.getByName("2.2.2.2"));
    assertThat(ViewerAddress.fromForwardedFor(chain, 3))
        .isEqualTo(InetAddress.getByName("1.1.1.1"));
    assertThat(ViewerAddress.fromForwardedFor(chain, 4)).isNull();
  }
}
