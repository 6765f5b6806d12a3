package dev.prism.origin.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The signed-delivery gate in front of {@code /v1/} ({@code gate.*}): which signing keys are
 * trusted, where the viewer's IP comes from, and the origin secret the CDN sends.
 *
 * @param enabled require a valid signed cookie or signed URL on media routes
 * @param cloudfront the trusted CloudFront key group(s)
 * @param cloudCdn the trusted Google Cloud CDN signing keys
 * @param viewerIp where the viewer's IP (for IP conditions) is taken from
 * @param originSecret the shared secret header the CDN adds on origin requests
 * @param verdictCacheMaxEntries the most verified cookies remembered until their policy expires, so
 *     a cookie is verified with RSA/ECDSA once
 * @param verifyFailureLimit the budget of failed signature verifications per viewer IP
 */
public record GateConfig(
    boolean enabled,
    CloudFront cloudfront,
    CloudCdn cloudCdn,
    ViewerIp viewerIp,
    OriginSecret originSecret,
    long verdictCacheMaxEntries,
    VerifyFailureLimit verifyFailureLimit) {

  /**
   * The budget of failed signature verifications per viewer IP ({@code gate.verifyFailureLimit.*}).
   * A forged credential under a known key id costs a full RSA/ECDSA verification (about 0.7 ms with
   * ECDSA P-256) and failures are never cached, so once a viewer (an IPv4 address, an IPv6 /64) has
   * failed {@code failures} times, its requests are refused ({@code verify_rate_limited}) without a
   * verification until the budget refills over {@code period}.
   *
   * @param failures failed verifications allowed per viewer per period; 0 = no limit
   * @param period how long a spent budget takes to refill completely
   * @param maxViewers the most viewers tracked at once (least recently seen forgotten first)
   */
  public record VerifyFailureLimit(long failures, Duration period, long maxViewers) {
    /** The defaults of {@code conf/prism.yaml}: 20 failures a minute, 100,000 viewers. */
    public static final VerifyFailureLimit DEFAULTS =
        new VerifyFailureLimit(20, Duration.ofMinutes(1), 100_000);
  }

  /**
   * CloudFront key groups ({@code gate.cloudfront.*}).
   *
   * @param keys trusted public keys, addressed by key pair id; several while rotating
   */
  public record CloudFront(List<CloudFrontKey> keys) {
    public CloudFront {
      keys = List.copyOf(keys);
    }
  }

  /**
   * One trusted CloudFront public key.
   *
   * @param id the key pair id (the public key's id in CloudFront), e.g. {@code K2JCJMDEHXQW5F}
   * @param publicKeyFile the PEM public key (RSA 2048 or ECDSA P-256); absolute
   */
  public record CloudFrontKey(String id, Path publicKeyFile) {}

  /**
   * Google Cloud CDN signing keys ({@code gate.cloudCdn.*}).
   *
   * @param keys trusted keys, addressed by key name; several while rotating
   */
  public record CloudCdn(List<CloudCdnKey> keys) {
    public CloudCdn {
      keys = List.copyOf(keys);
    }
  }

  /**
   * One Cloud CDN signing key.
   *
   * @param name the key name, as in {@code KeyName=}
   * @param keyFile a file holding the 16-byte key, base64url; absolute
   */
  public record CloudCdnKey(String name, Path keyFile) {}

  /**
   * The viewer's IP address source ({@code gate.viewerIp.*}); never a header a viewer controls.
   *
   * @param header {@code CloudFront-Viewer-Address}, {@code X-Forwarded-For}, or empty for the TCP
   *     peer address
   * @param trustedProxies for {@code X-Forwarded-For}: how many proxies in front of the origin
   *     append to it; the viewer is that many entries from the right
   * @param trustedPeers CIDR ranges of TCP peers (a load balancer, a proxy on a private network)
   *     whose CDN-written headers (viewer address, country) are believed without an origin secret;
   *     empty = only a request with a valid origin secret is believed
   */
  public record ViewerIp(String header, int trustedProxies, List<String> trustedPeers) {
    public ViewerIp {
      trustedPeers = List.copyOf(trustedPeers);
    }
  }

  /**
   * The origin secret ({@code gate.originSecret.*}), compared in constant time.
   *
   * @param header the request header carrying it, default {@code X-Origin-Secret}
   * @param values the accepted secrets (several while rotating); empty = not required
   * @param protectOperations also require it on {@code /healthz}, {@code /readyz} and {@code
   *     /metrics}
   */
  public record OriginSecret(String header, List<String> values, boolean protectOperations) {
    public OriginSecret {
      values = List.copyOf(values);
    }

    /** Whether media requests must carry the secret. */
    public boolean required() {
      return !values.isEmpty();
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
      return "OriginSecret[header="
          + header
          + ", values=("
          + values.size()
          + " secrets), protectOperations="
          + protectOperations
          + "]";
    }
  }
}
