package dev.prism.origin.gate;

import dev.prism.entitlement.signing.CloudFrontSigner;
import dev.prism.entitlement.signing.CloudFrontVerifier;
import dev.prism.entitlement.signing.HashAlgorithm;
import dev.prism.entitlement.signing.KeyGroup;
import dev.prism.entitlement.signing.SignedGrant;
import dev.prism.entitlement.signing.SignedRequestVerifier;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.entitlement.signing.Verdict;
import dev.prism.entitlement.signing.VerdictCache;
import dev.prism.entitlement.signing.ViewerRequest;
import dev.prism.origin.OriginServer;
import dev.prism.origin.config.GateConfig;
import dev.prism.origin.config.OriginSettings;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark harness for {@code origin/bench/gate-bench.sh} (not a test; never run by surefire).
 *
 * <ul>
 *   <li>{@code verify}: the cost of a first-seen signed cookie (a full RSA-2048/SHA-1 or ECDSA
 *       P-256/SHA-256 verification plus parsing) against a cached one, by timed loops over the
 *       signing package's verifier as the gate calls it;
 *   <li>{@code serve FILE on|off}: one origin over a folder store with the packager's fixtures,
 *       with the gate (origin secret + CloudFront cookie) or without, and writes its port, a
 *       segment path, the cookie and the secret to {@code FILE} as shell assignments; runs until
 *       killed. The script runs one JVM of each, so the CPU each spends per request can be read
 *       apart.
 * </ul>
 */
public final class GateBench {
  static final String CDN = "https://d111111abcdef8.cloudfront.net";
  static final String SECRET = "bench-origin-secret-0123456789";

  private GateBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("verify")) {
      verify(
          args.length > 1 ? Integer.parseInt(args[1]) : 2_000,
          args.length > 2 ? Integer.parseInt(args[2]) : 5);
    } else if (args.length == 3 && args[0].equals("serve")) {
      serve(Path.of(args[1]), args[2].equals("on"));
    } else {
      System.err.println("usage: GateBench verify [N [ROUNDS]] | serve ENV_FILE on|off");
      System.exit(2);
    }
  }

  static void verify(int n, int rounds) {
    // Pass 1 warms the JIT for both key types; pass 2 is reported.
    for (int pass = 1; pass <= 2; pass++) {
      for (SigningKeys.KeyAlgorithm algorithm : SigningKeys.KeyAlgorithm.values()) {
        verify(algorithm, n, rounds, pass == 2);
      }
    }
  }

  static void verify(SigningKeys.KeyAlgorithm algorithm, int n, int rounds, boolean report) {
    KeyPair pair = SigningKeys.generate(algorithm);
    HashAlgorithm hash =
        algorithm == SigningKeys.KeyAlgorithm.RSA_2048 ? HashAlgorithm.SHA1 : HashAlgorithm.SHA256;
    CloudFrontSigner signer = new CloudFrontSigner("KBENCH", pair.getPrivate(), hash);
    CloudFrontVerifier cf =
        new CloudFrontVerifier(
            KeyGroup.of(Map.of("KBENCH", pair.getPublic())), VerdictCache.withDefaults());
    SignedRequestVerifier verifier =
        new SignedRequestVerifier(List.of(cf.signedUrls(), cf.signedCookies()));
    Instant now = Instant.now();
    // n distinct policies (distinct expiry) = n first-seen cookies.
    List<Map<String, String>> cookies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SignedGrant g = signer.mintCustom(CDN + "/v1/bbb/*", now.plusSeconds(3_600 + i), null, null);
      cookies.add(g.cookies());
    }
    ViewerRequest request =
        new ViewerRequest(List.of(CDN), "/v1/bbb/v1a2b3c4d/video-240/2000/7.m4s", null, null);
    // Warm up the JIT on a separate set (and fill nothing we measure).
    for (int i = 0; i < Math.min(n, 500); i++) {
      SignedGrant g = signer.mintCustom(CDN + "/v1/bbb/*", now.plusSeconds(90_000 + i), null, null);
      check(verifier.verify(request, g.cookies(), now));
      check(verifier.verify(request, g.cookies(), now));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long c0 = threads.getCurrentThreadCpuTime();
    for (Map<String, String> c : cookies) {
      check(verifier.verify(request, c, now));
    }
    long firstSeen = System.nanoTime() - t0;
    long firstSeenCpu = threads.getCurrentThreadCpuTime() - c0;
    long t1 = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    for (int round = 0; round < rounds; round++) {
      for (Map<String, String> c : cookies) {
        check(verifier.verify(request, c, now));
      }
    }
    long cached = (System.nanoTime() - t1) / rounds;
    long cachedCpu = (threads.getCurrentThreadCpuTime() - c1) / rounds;
    if (!report) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "%s/%s: first-seen cookie %.1f us CPU (%.1f us wall) per verification, cached %.2f us CPU"
            + " (%.2f us wall); n=%d%n",
        algorithm,
        hash,
        firstSeenCpu / 1_000.0 / n,
        firstSeen / 1_000.0 / n,
        cachedCpu / 1_000.0 / n,
        cached / 1_000.0 / n,
        n);
  }

  private static void check(Verdict v) {
    if (!v.isGranted()) {
      throw new IllegalStateException("benchmark grant refused: " + v);
    }
  }

  static void serve(Path envFile, boolean gateOn) throws Exception {
    Path root = Files.createTempDirectory("prism-gate-bench");
    BlobStore store = BlobStores.folder(root.resolve("store"));
    GatedOrigin.publishBbb240(store, "bbb240", "v0f1e2d3c");
    KeyPair pair = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
    Path pem = root.resolve("KBENCH.pub.pem");
    SigningKeys.writePublicKeyPem(pair.getPublic(), pem);
    GateConfig config =
        new GateConfig(
            true,
            new GateConfig.CloudFront(List.of(new GateConfig.CloudFrontKey("KBENCH", pem))),
            new GateConfig.CloudCdn(List.of()),
            new GateConfig.ViewerIp("CloudFront-Viewer-Address", 0, List.of()),
            new GateConfig.OriginSecret("X-Origin-Secret", List.of(SECRET), false),
            100_000,
            GateConfig.VerifyFailureLimit.DEFAULTS);
    SignedGrant grant =
        new CloudFrontSigner("KBENCH", pair.getPrivate(), HashAlgorithm.SHA1)
            .mintCustom(CDN + "/v1/bbb240/*", Instant.now().plusSeconds(7_200), null, null);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = OriginServer.newVertx(registry);
    OriginSettings settings = OriginSettings.defaults().withSegmentDurationMs(2_000);
    OriginServer server = new OriginServer(vertx, settings, store, registry, Clock.systemUTC());
    if (gateOn) {
      Gate.fromConfig(config, List.of(URI.create(CDN)), server.metrics(), Clock.systemUTC())
          .install(server);
    }
    int port = server.start().await();
    String cookie =
        grant.cookies().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("; "));
    Files.writeString(
        envFile,
        "PORT="
            + port
            + "\nSEGMENT_PATH=/v1/bbb240/v0f1e2d3c/video-240/2000/2.m4s"
            + "\nCOOKIE='"
            + cookie
            + "'\nSECRET='"
            + SECRET
            + "'\n");
    System.out.println("gate bench origin up (gate " + (gateOn ? "on" : "off") + "): " + port);
    Thread.currentThread().join(); // until killed
  }
}
