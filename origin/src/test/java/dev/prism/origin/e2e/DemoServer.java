package dev.prism.origin.e2e;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.entitlement.http.EntitlementRoutes;
import dev.prism.entitlement.http.PlayHandler;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.origin.OriginServer;
import dev.prism.origin.OriginSettings;
import dev.prism.origin.cli.EntitlementWiring;
import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.gate.Gate;
import dev.prism.origin.player.PlayerRoutes;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.contract.LadderRecord;
import dev.prism.transcoder.PublishedVersion;
import dev.prism.transcoder.TranscodeRequest;
import dev.prism.transcoder.Transcoder;
import dev.prism.transcoder.testing.MediaFixtures;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The origin as {@code prism demo} runs it, in-process on 127.0.0.1: a folder store holding a real
 * transcoded clip (the first {@value #CLIP_SECONDS} s of the demo clip, 480/360/240 + audio), the
 * signed-cookie gate on {@code /v1/*}, the entitlement mint on {@code POST /play/{asset}}
 * (CloudFront signed cookies for {@code delivery.publicBaseUrls[0] = http://127.0.0.1:PORT}, not
 * {@code Secure} because the demo is plain http), development viewer tokens, and the {@code
 * /player} routes.
 */
final class DemoServer implements AutoCloseable {
  static final String ASSET_ID = "bbb";
  static final String KEY_PAIR_ID = "K2E2ETESTPRISM";

  /** Long enough for a start, a forced switch and several seconds more on 6 s segments. */
  private static final double CLIP_SECONDS = 12;

  /** {@code /v1/{asset}/{version}/{trackId}/{segMs}/{n}.m4s} (DESIGN.md, URLs). */
  private static final Pattern SEGMENT =
      Pattern.compile("^/v1/[^/]+/[^/]+/([^/]+)/\\d+/\\d+\\.m4s$");

  private final Path dir;
  private final Vertx vertx;
  private final OriginServer origin;
  private final BlobStore store;
  private final String baseUrl;
  private final Set<String> videoTrackIds;

  private DemoServer(
      Path dir,
      Vertx vertx,
      OriginServer origin,
      BlobStore store,
      String baseUrl,
      Set<String> videoTrackIds) {
    this.dir = dir;
    this.vertx = vertx;
    this.origin = origin;
    this.store = store;
    this.baseUrl = baseUrl;
    this.videoTrackIds = videoTrackIds;
  }

  static DemoServer start() throws Exception {
    Path dir = Files.createTempDirectory("prism-e2e-");
    Path storeRoot = Files.createDirectories(dir.resolve("store"));
    Path state = Files.createDirectories(dir.resolve("state"));

    Path clip =
        MediaFixtures.trimmed(MediaFixtures.clip(MediaFixtures.BBB_480P), CLIP_SECONDS, dir);
    BlobStore store = BlobStores.folder(storeRoot);
    PublishedVersion published =
        Transcoder.transcode(
            TranscodeRequest.of(clip, ASSET_ID)
                .withTitle("Big Buck Bunny (e2e)")
                .withWorkDir(dir.resolve("work")),
            store,
            e -> {});
    Set<String> videoTracks =
        published.ladder().tracks().stream()
            .filter(t -> t.type() == LadderRecord.TrackType.VIDEO)
            .map(LadderRecord.Track::id)
            .collect(Collectors.toUnmodifiableSet());

    // Keys as `prism demo` makes them on first run: a CloudFront key pair (the gate trusts its
    // public half, the mint signs with its private half) and a development JWKS.
    KeyPair cloudFront = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
    Path privateKey = state.resolve(KEY_PAIR_ID + ".pem");
    Path publicKey = state.resolve(KEY_PAIR_ID + ".pub.pem");
    SigningKeys.writePrivateKeyPem(cloudFront.getPrivate(), privateKey);
    SigningKeys.writePublicKeyPem(cloudFront.getPublic(), publicKey);
    DevelopmentIdentity identity = DevelopmentIdentity.loadOrCreate(state);

    // The demo's configuration (conf/prism.yaml defaults plus what `prism demo` sets), except the
    // port: delivery.publicBaseUrls must name it before the server binds, so take a free one.
    int port = freePort();
    String baseUrl = "http://127.0.0.1:" + port;
    PrismConfig config =
        ConfigLoader.fromYaml(
            String.join(
                "\n",
                "server: {host: 127.0.0.1, port: " + port + "}",
                "store: {type: folder, folder: {path: '" + storeRoot + "'}}",
                "delivery: {publicBaseUrls: ['" + baseUrl + "']}",
                "gate:",
                "  enabled: true",
                "  cloudfront: {keys: [{id: "
                    + KEY_PAIR_ID
                    + ", publicKeyFile: '"
                    + publicKey
                    + "'}]}",
                "  viewerIp: {header: ''}",
                "  originSecret: {values: []}",
                "entitlement:",
                "  enabled: true",
                "  signingKey: {id: " + KEY_PAIR_ID + ", privateKeyFile: '" + privateKey + "'}",
                "  cookie: {secure: false}",
                "  jwt: {jwks: '" + identity.jwksFile() + "'}"),
            dir);

    // Assembled as `prism serve` does (ServeCommand), plus the mint and the player page.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = OriginServer.newVertx(registry);
    Clock clock = Clock.systemUTC();
    OriginServer origin =
        new OriginServer(vertx, OriginSettings.from(config), store, registry, clock);
    Gate.fromConfig(config.gate(), config.delivery().publicBaseUrls(), origin.metrics(), clock)
        .install(origin);
    PlayHandler play = EntitlementWiring.playHandler(vertx, store, config);
    origin.addRoutes(router -> EntitlementRoutes.mount(router, play));
    origin.addRoutes(
        new PlayerRoutes(
                ASSET_ID,
                () -> identity.mint(vertx, "e2e-viewer", "", Duration.ofMinutes(30), Instant.now()))
            ::mount);
    origin.start().await();
    return new DemoServer(dir, vertx, origin, store, baseUrl, videoTracks);
  }

  String baseUrl() {
    return baseUrl;
  }

  String assetId() {
    return ASSET_ID;
  }

  /** The video track id a media segment URL path names, if it is one. */
  Optional<String> videoTrackOfSegment(String path) {
    Matcher m = SEGMENT.matcher(path);
    return m.matches() && videoTrackIds.contains(m.group(1))
        ? Optional.of(m.group(1))
        : Optional.empty();
  }

  @Override
  public void close() throws IOException {
    try {
      origin.stop().await();
      vertx.close().await();
      store.close();
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
