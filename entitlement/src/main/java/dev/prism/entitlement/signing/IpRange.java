package dev.prism.entitlement.signing;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CIDR range from a custom policy's {@code IpAddress.AWS:SourceIp}: {@code 192.0.2.0/24}, or a
 * bare address meaning {@code /32} (IPv4) or {@code /128} (IPv6). CloudFront documents IPv4 only ;
 * IPv6 ranges are accepted here so an origin behind an IPv6 CDN can use them. An IPv4 range never
 * contains an IPv6 address and vice versa (IPv4-mapped IPv6 viewer addresses are unwrapped by
 * {@link #parseAddress}).
 *
 * @param network the network address (host bits may be set; they are ignored)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record IpRange(InetAddress network, int prefixLength) {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  public IpRange {
    int max = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
  }

  /**
   * Parses {@code a.b.c.d[/n]} or an IPv6 literal {@code [/n]}. Never touches DNS.
   *
   * @throws IllegalArgumentException if {@code cidr} is not an address literal with an optional
   *     prefix length in range
   */
  public static IpRange parse(String cidr) {
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr : cidr.substring(0, slash);
    InetAddress network =
        parseAddress(address)
            .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + cidr));
    int max = network.getAddress().length * 8;
    int prefix = max;
    if (slash >= 0) {
      String digits = cidr.substring(slash + 1);
      if (!digits.matches("(0|[1-9][0-9]{0,2})")) {
        throw new IllegalArgumentException("bad prefix length: " + cidr);
      }
      prefix = Integer.parseInt(digits);
    }
    return new IpRange(network, prefix);
  }

  /**
   * Parses an IP address literal (IPv4 dotted quad, or IPv6 with optional embedded IPv4) without
   * any DNS lookup; IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) becomes the IPv4 address. Empty when
   * {@code text} is not a literal.
   */
  public static Optional<InetAddress> parseAddress(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // A literal of these shapes is parsed numerically by the JDK; no resolver is consulted.
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code address} lies in this range (same family only). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int bits = a.length * 8;
    if (prefixLength == 0) {
      return true;
    }
    BigInteger mask =
        BigInteger.ONE
            .shiftLeft(bits)
            .subtract(BigInteger.ONE)
            .shiftRight(bits - prefixLength)
            .shiftLeft(bits - prefixLength);
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n).and(mask));
  }

  /** Whether this is an IPv4 range. */
  public boolean isIpv4() {
    return network instanceof Inet4Address;
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
