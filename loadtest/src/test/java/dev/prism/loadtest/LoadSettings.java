package dev.prism.loadtest;

import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.PrismConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The knobs of both simulations, read once from system properties (Maven passes every {@code -D}
 * through to the Gatling JVM). Durations are whole seconds.
 *
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>prism.baseUrl</td><td>http://127.0.0.1:8080</td><td>origin (or CDN) to load</td></tr>
 *   <tr><td>prism.mintUrl</td><td>prism.baseUrl</td><td>where POST /play/{assetId} is, when the
 *       entitlement service runs apart ({@code prism entitle}); its cookies must reach
 *       prism.baseUrl (same host, or a cookie domain covering both)</td></tr>
 *   <tr><td>prism.assetId</td><td>bbb</td><td>asset every viewer plays</td></tr>
 *   <tr><td>prism.tokens</td><td>loadtest/target/tokens.csv</td><td>feeder CSV {@code token,subject}
 *       from {@code prism token --count N --out FILE}</td></tr>
 *   <tr><td>prism.config</td><td>none</td><td>the origin's prism.yaml: fills in the origin
 *       secret, viewer-IP header and signing key below when they are not given</td></tr>
 *   <tr><td>prism.originSecret</td><td>none</td><td>sent by legitimate viewers, as a CDN
 *       would</td></tr>
 *   <tr><td>prism.originSecretHeader</td><td>X-Origin-Secret</td><td></td></tr>
 *   <tr><td>prism.viewerIpHeader</td><td>CloudFront-Viewer-Address</td><td>each virtual viewer
 *       sends its own address in it; "" for none</td></tr>
 *   <tr><td>prism.signingKeyFile, prism.keyPairId</td><td>none</td><td>the mint's key, for
 *       the hotlinkers' expired cookies</td></tr>
 *   <tr><td>users, ramp, duration</td><td>1000, 30, 60</td><td>viewers, seconds to reach them,
 *       seconds of plateau</td></tr>
 *   <tr><td>hlsPercent</td><td>50</td><td>share of HLS viewers (the rest play DASH)</td></tr>
 *   <tr><td>segments</td><td>0</td><td>media segments per viewer; 0 = the whole asset; more
 *       than the asset has loops it</td></tr>
 *   <tr><td>pace</td><td>false</td><td>fetch segments in real time after a buffer of
 *       bufferSegments</td></tr>
 *   <tr><td>refreshMargin</td><td>60</td><td>re-POST /play when the grant expires within this
 *       many seconds</td></tr>
 *   <tr><td>manifestP99Ms, segmentP99Ms, mintP99Ms</td><td>500, 500, 1000</td><td>latency
 *       limits asserted</td></tr>
 *   <tr><td>hotlinkRate, hotlinkDuration</td><td>5, duration</td><td>hotlinkers per second of
 *       each kind, for this many seconds</td></tr>
 * </table>
 */
record LoadSettings(
    String baseUrl,
    String mintBaseUrl,
    String assetId,
    Path tokens,
    @Nullable String originSecret,
    String originSecretHeader,
    @Nullable String viewerIpHeader,
    @Nullable Path signingKeyFile,
    @Nullable String keyPairId,
    int users,
    int rampSeconds,
    int durationSeconds,
    int hlsPercent,
    int segments,
    boolean pace,
    int bufferSegments,
    int refreshMarginSeconds,
    int manifestP99Ms,
    int segmentP99Ms,
    int mintP99Ms,
    int hotlinkRate,
    int hotlinkDurationSeconds) {

  /** The header Prism reads the viewer IP from by default (CloudFront's, {@code ip:port}). */
  static final String CLOUDFRONT_VIEWER_ADDRESS = "CloudFront-Viewer-Address";

  /** Reads the system properties (see the class comment). */
  static LoadSettings fromSystemProperties() {
    @Nullable PrismConfig origin = originConfig();
    String secret = property("prism.originSecret", null);
    String secretHeader = property("prism.originSecretHeader", null);
    String ipHeader = property("prism.viewerIpHeader", null);
    String keyFile = property("prism.signingKeyFile", null);
    String keyPairId = property("prism.keyPairId", null);
    if (origin != null) {
      if (secret == null && !origin.gate().originSecret().values().isEmpty()) {
        secret = origin.gate().originSecret().values().get(0);
      }
      if (secretHeader == null) {
        secretHeader = origin.gate().originSecret().header();
      }
      if (ipHeader == null) {
        ipHeader = origin.gate().viewerIp().header();
      }
      if (keyFile == null && origin.entitlement().signingKey().privateKeyFile().isPresent()) {
        keyFile = origin.entitlement().signingKey().privateKeyFile().get().toString();
        keyPairId = origin.entitlement().signingKey().id();
      }
    }
    int duration = intProperty("duration", 60);
    String baseUrl = stripSlash(property("prism.baseUrl", "http://127.0.0.1:8080"));
    return new LoadSettings(
        baseUrl,
        stripSlash(property("prism.mintUrl", baseUrl)),
        property("prism.assetId", "bbb"),
        Path.of(property("prism.tokens", defaultTokens())).toAbsolutePath(),
        blankToNull(secret),
        secretHeader == null ? "X-Origin-Secret" : secretHeader,
        ipHeader == null ? CLOUDFRONT_VIEWER_ADDRESS : blankToNull(ipHeader),
        keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile),
        blankToNull(keyPairId),
        intProperty("users", 1000),
        intProperty("ramp", 30),
        duration,
        intProperty("hlsPercent", 50),
        intProperty("segments", 0),
        Boolean.parseBoolean(property("pace", "false")),
        intProperty("bufferSegments", 3),
        intProperty("refreshMargin", 60),
        intProperty("manifestP99Ms", 500),
        intProperty("segmentP99Ms", 500),
        intProperty("mintP99Ms", 1000),
        intProperty("hotlinkRate", 5),
        intProperty("hotlinkDuration", duration));
  }

  /** The viewer JWT feeder file; fails with the command that writes it when missing. */
  Path requireTokens() {
    if (!Files.isRegularFile(tokens)) {
      throw new IllegalStateException(
          "no viewer tokens at "
              + tokens
              + ": write them with `./prism token --count 200 --out "
              + tokens
              + "` (development JWTs) and pass -Dprism.tokens=FILE");
    }
    return tokens;
  }

  /** The longest a run may take: ramp + plateau + time for the last viewers to finish. */
  Duration maxDuration() {
    return Duration.ofSeconds(rampSeconds + durationSeconds + 120L);
  }

  /** The value of {@link #viewerIpHeader} for virtual viewer {@code userId}: 10.x.y.z[:port]. */
  String viewerAddress(long userId) {
    String ip =
        "10." + ((userId >> 16) & 0xff) + "." + ((userId >> 8) & 0xff) + "." + (userId & 0xff);
    return CLOUDFRONT_VIEWER_ADDRESS.equalsIgnoreCase(viewerIpHeader)
        ? ip + ":" + (1024 + userId % 60000)
        : ip;
  }

  /** {@code loadtest/target/tokens.csv} of the repository (the pom sets prism.home to its root). */
  private static String defaultTokens() {
    String home = System.getProperty("prism.home");
    return home == null
        ? "target/tokens.csv"
        : Path.of(home, "loadtest", "target", "tokens.csv").toString();
  }

  private static @Nullable PrismConfig originConfig() {
    String file = property("prism.config", null);
    if (file == null || file.isBlank()) {
      return null;
    }
    return ConfigLoader.load(Path.of(file));
  }

  private static @Nullable String property(String name, @Nullable String defaultValue) {
    String value = System.getProperty(name);
    return value == null ? defaultValue : value.trim();
  }

  private static int intProperty(String name, int defaultValue) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The configured keys as optional values, for logging. */
  Optional<String> describeSecret() {
    return Optional.ofNullable(originSecret).map(s -> originSecretHeader + ": (set)");
  }
}
