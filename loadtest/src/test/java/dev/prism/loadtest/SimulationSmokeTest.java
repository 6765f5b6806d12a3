package dev.prism.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.transcoder.testing.TranscodedFixture;
import io.gatling.app.Gatling$;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps the simulations from rotting: a tiny spike and a tiny hotlink run, in-process, against a
 * real {@code prism serve} child process started from the built jar ({@code
 * ../origin/target/prism.jar}) over a folder store holding a real transcoded clip, with the gate,
 * the mint, development keys, an origin secret and Secure cookies off (plain http on loopback).
 * Viewers each send their own {@code CloudFront-Viewer-Address}, so the per-IP mint limit stays at
 * its production default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150)
class SimulationSmokeTest {
  private static final String KEY_PAIR_ID = "KLOADTESTSMOKE1";
  private static final String ORIGIN_SECRET = "smoke-origin-secret-0123456789";
  private static final int TOKENS = 40;

  private Path work;
  private Path config;
  private String baseUrl;
  private OriginProcess origin;
  private final Properties saved = new Properties();

  @BeforeAll
  void startOrigin() throws Exception {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    work = Files.createDirectories(target.resolve("smoke"));
    Path storeRoot = work.resolve("store");
    deleteRecursively(storeRoot);
    try (BlobStore store = BlobStores.folder(Files.createDirectories(storeRoot))) {
      TranscodedFixture.get().copyTo(store); // 4 s of the demo clip: 3 renditions + audio
    }

    // The mint's CloudFront key pair (the gate trusts its public half) and the development IdP.
    Path keys = Files.createDirectories(work.resolve("keys"));
    KeyPair pair = SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256);
    Path privateKey = keys.resolve(KEY_PAIR_ID + ".pem");
    Files.deleteIfExists(privateKey);
    SigningKeys.writePrivateKeyPem(pair.getPrivate(), privateKey);
    Path publicKey = keys.resolve(KEY_PAIR_ID + ".pub.pem");
    SigningKeys.writePublicKeyPem(pair.getPublic(), publicKey);
    DevelopmentIdentity identity = DevelopmentIdentity.loadOrCreate(work.resolve("dev"));
    writeTokens(identity, work.resolve("tokens.csv"));

    int port = freePort();
    baseUrl = "http://127.0.0.1:" + port;
    config = work.resolve("prism-smoke.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "server: { host: 127.0.0.1, port: " + port + ", shutdownGrace: 2s }",
            "store: { type: folder, folder: { path: " + storeRoot + " } }",
            "delivery:",
            "  publicBaseUrls: [" + baseUrl + "]",
            "  segmentDurationMs: 2000", // two segments per track of the 4 s clip
            "gate:",
            "  enabled: true",
            "  cloudfront: { keys: [ { id: "
                + KEY_PAIR_ID
                + ", publicKeyFile: "
                + publicKey
                + " } ] }",
            "  viewerIp: { header: CloudFront-Viewer-Address }",
            "  originSecret: { header: X-Origin-Secret, values: [" + ORIGIN_SECRET + "] }",
            "entitlement:",
            "  enabled: true",
            "  signingKey: { id: " + KEY_PAIR_ID + ", privateKeyFile: " + privateKey + " }",
            "  cookieTtl: 61s", // with refreshMargin 60: a refresh is due 1-2 s after each mint
            "  cookie: { secure: false }",
            "  jwt: { jwks: " + identity.jwksFile() + ", issuer: prism-dev, audience: prism }",
            "  rateLimit: { perSubject: 30, perIp: 120, window: 1m }",
            ""),
        StandardCharsets.UTF_8);

    Path jar =
        Path.of(System.getProperty("prism.jar", "../origin/target/prism.jar")).toAbsolutePath();
    Path home = Path.of(System.getProperty("prism.home", "..")).toAbsolutePath().normalize();
    origin =
        OriginProcess.start(
            jar, config, home, baseUrl, work.resolve("origin.log"), Duration.ofSeconds(60));
    // One mint before the concurrent runs, so the JWKS is loaded: concurrent first mints can get a
    // 503 while the first JWKS fetch completes (ViewerTokenVerifier clears inFlight before keys).
    String firstToken = Files.readAllLines(work.resolve("tokens.csv")).get(1).split(",")[0];
    HttpResponse<String> minted =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/play/" + TranscodedFixture.ASSET_ID))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + firstToken)
                    .header("CloudFront-Viewer-Address", "10.255.255.254:1")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(minted.statusCode()).as("first mint: %s", minted.body()).isEqualTo(200);
  }

  @AfterAll
  void stopOrigin() throws InterruptedException {
    System.getProperties().keySet().removeIf(k -> saved.containsKey(k));
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void spikeSimulation_smallSpikeAgainstChildOrigin_passesItsAssertions() {
    int status =
        gatling(
            SpikeSimulation.class,
            Map.of(
                "users", "8",
                "ramp", "2",
                "duration", "3",
                "segments", "5",
                "pace", "true",
                "bufferSegments", "1",
                "expectRefresh", "true"));

    assertThat(status).as("Gatling exit status; origin log:\n%s", origin.log()).isZero();
  }

  @Test
  void hotlinkSimulation_fourKindsOfHotlinker_allRefusedWhileViewersPlay() throws Exception {
    int status =
        gatling(
            HotlinkSimulation.class,
            Map.of(
                "users", "10",
                "ramp", "2",
                "duration", "3",
                "hotlinkRate", "2",
                "hotlinkDuration", "3"));

    assertThat(status).as("Gatling exit status; origin log:\n%s", origin.log()).isZero();
    // Each kind was refused for its own reason, not by accident (e.g. a resource mismatch).
    String metrics = get(baseUrl + "/metrics");
    assertThat(denials(metrics, "signed_request", "missing")).isGreaterThanOrEqualTo(36);
    assertThat(denials(metrics, "signed_request", "expired")).isGreaterThanOrEqualTo(36);
    // Forged signatures all come from one viewer address: the first gate.verifyFailureLimit of them
    // cost a verification (bad_signature), the rest are refused without one.
    double forged =
        denials(metrics, "signed_request", "bad_signature")
            + denials(metrics, "signed_request", "verify_rate_limited");
    assertThat(forged).isGreaterThanOrEqualTo(36);
    assertThat(denials(metrics, "signed_request", "bad_signature")).isBetween(1.0, 20.0);
    assertThat(denials(metrics, "origin_secret", "origin_secret")).isGreaterThanOrEqualTo(36);
  }

  @Test
  void gatling_failedAssertion_returnsNonZero() {
    // The harness would be worthless if a failed assertion still returned 0: a p99 limit of 0 ms
    // cannot be met.
    int status =
        gatling(
            SpikeSimulation.class,
            Map.of("users", "2", "ramp", "1", "duration", "1", "segmentP99Ms", "0"));

    assertThat(status).isNotZero();
  }

  private int gatling(Class<?> simulation, Map<String, String> knobs) {
    Map<String, String> properties = new HashMap<>(knobs);
    properties.put("prism.baseUrl", baseUrl);
    properties.put("prism.tokens", work.resolve("tokens.csv").toString());
    properties.put("prism.config", config.toString()); // origin secret, viewer-IP header, key
    properties.put("prism.assetId", TranscodedFixture.ASSET_ID);
    properties.put("manifestP99Ms", "5000"); // a shared 2-core CI box: correctness, not speed
    properties.put("segmentP99Ms", "5000");
    properties.put("mintP99Ms", "5000");
    properties.putAll(knobs);
    properties.forEach(
        (k, v) -> {
          saved.setProperty(k, v);
          System.setProperty(k, v);
        });
    try {
      String results = System.getProperty("gatling.resultsFolder", "target/gatling");
      return Gatling$.MODULE$.fromArgs(new String[] {"-s", simulation.getName(), "-rf", results});
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  /**
   * {@code prism_gate_denials_total{guard=..., reason=...}} from a Prometheus scrape; 0 if absent.
   */
  private static double denials(String metrics, String guard, String reason) {
    Matcher m =
        Pattern.compile(
                "^prism_gate_denials_total\\{guard=\""
                    + guard
                    + "\",reason=\""
                    + reason
                    + "\"\\} ([0-9.eE+]+)$",
                Pattern.MULTILINE)
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    return response.body();
  }

  private static void writeTokens(DevelopmentIdentity identity, Path file) throws IOException {
    Vertx vertx = Vertx.vertx();
    try {
      StringBuilder csv = new StringBuilder("token,subject\n");
      Instant now = Instant.now();
      for (int i = 1; i <= TOKENS; i++) {
        String subject = String.format("loadtest-viewer-%03d", i);
        String token = identity.mint(vertx, subject, "", Duration.ofHours(1), now);
        csv.append(token).append(',').append(subject).append('\n');
      }
      Files.writeString(file, csv, StandardCharsets.UTF_8);
    } finally {
      vertx.close().await();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
