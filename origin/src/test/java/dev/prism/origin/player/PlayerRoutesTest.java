package dev.prism.origin.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code /player} routes over real HTTP on 127.0.0.1. */
final class PlayerRoutesTest {

  private static final AtomicInteger TOKENS = new AtomicInteger();
  private static final List<String> SEEN_PATHS = new CopyOnWriteArrayList<>();
  private static Vertx vertx;
  private static HttpServer server;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    // Records the path as the /player handlers will see it (after the router's normalisation).
    router
        .route("/player/*")
        .handler(
            ctx -> {
              SEEN_PATHS.add(ctx.normalizedPath());
              ctx.next();
            });
    new PlayerRoutes("bbb", () -> "dev-jwt-" + TOKENS.incrementAndGet()).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void player_withoutSlash_redirectsToPage() throws Exception {
    HttpResponse<byte[]> response = get("/player");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("location")).hasValue("/player/");
  }

  @Test
  void page_served_withSameOriginContentSecurityPolicy() throws Exception {
    HttpResponse<byte[]> response = get("/player/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(response.headers().firstValue("content-security-policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
    assertThat(text(response)).contains("<script type=\"module\" src=\"player.js\">");
    assertThat(get("/player/player.js").statusCode()).isEqualTo(200);
    assertThat(get("/player/player.css").statusCode()).isEqualTo(200);
  }

  @Test
  void devToken_loopbackClient_freshTokenNeverCached() throws Exception {
    HttpResponse<byte[]> first = get("/player/dev-token");
    HttpResponse<byte[]> second = get("/player/dev-token");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("cache-control")).hasValue("no-store");
    String token1 = new JsonObject(text(first)).getString("token");
    String token2 = new JsonObject(text(second)).getString("token");
    assertThat(token1).startsWith("dev-jwt-");
    assertThat(token2).isNotEqualTo(token1);
  }

  @Test
  void isLoopback_addresses_onlyLoopbackAccepted() {
    assertThat(PlayerRoutes.isLoopback("127.0.0.1")).isTrue();
    assertThat(PlayerRoutes.isLoopback("::1")).isTrue();
    assertThat(PlayerRoutes.isLoopback("192.168.1.20")).isFalse();
    assertThat(PlayerRoutes.isLoopback(null)).isFalse();
  }

  @Test
  void config_hlsWebJar_servedFromClasspathWithLicence() throws Exception {
    JsonObject config = new JsonObject(text(get("/player/config.json")));

    assertThat(config.getString("defaultAssetId")).isEqualTo("bbb");
    JsonObject hls = config.getJsonObject("libraries").getJsonObject("hls");
    assertThat(hls.getString("version")).isEqualTo("1.4.12");
    HttpResponse<byte[]> script = get("/player/" + hls.getString("script"));
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body().length).isGreaterThan(100_000);
    assertThat(text(script)).contains("hls.js");
    assertThat(get("/player/" + hls.getString("license")).statusCode()).isEqualTo(200);
  }

  @Test
  void config_dashLibrary_presentOrExplainedAsMissing() throws Exception {
    JsonObject config = new JsonObject(text(get("/player/config.json")));

    JsonObject dash = config.getJsonObject("libraries").getJsonObject("dash");
    if (dash == null) {
      assertThat(config.getJsonObject("missing").getString("dash")).contains("npm");
    } else {
      assertThat(dash.getString("version")).isEqualTo("5.2.1");
      assertThat(dash.getString("integrity")).startsWith("sha512-");
      HttpResponse<byte[]> script = get("/player/" + dash.getString("script"));
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.body().length).isGreaterThan(500_000);
      assertThat(get("/player/" + dash.getString("license")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void configJson_buildWithoutNpm_saysDashMissingAndKeepsHls() {
    ClassLoader withoutDash =
        new ClassLoader(PlayerRoutesTest.class.getClassLoader()) {
          @Override
          public java.net.URL getResource(String name) {
            return name.contains("vendor/dashjs/") ? null : super.getResource(name);
          }

          @Override
          public java.io.InputStream getResourceAsStream(String name) {
            return name.contains("vendor/dashjs/") ? null : super.getResourceAsStream(name);
          }
        };

    JsonObject config = new PlayerRoutes("bbb", () -> "t", withoutDash).configJson();

    assertThat(config.getJsonObject("libraries").getValue("dash")).isNull();
    assertThat(config.getJsonObject("libraries").getJsonObject("hls")).isNotNull();
    assertThat(config.getJsonObject("missing").getString("dash"))
        .contains("dash.js is missing")
        .contains("npm");
    assertThat(config.getJsonObject("missing").containsKey("hls")).isFalse();
  }

  @Test
  void configJson_noLibrariesOnClasspath_bothExplained() {
    ClassLoader empty = new java.net.URLClassLoader(new java.net.URL[0], null);

    JsonObject config = new PlayerRoutes("bbb", () -> "t", empty).configJson();

    assertThat(config.getJsonObject("missing").fieldNames())
        .containsExactlyInAnyOrder("hls", "dash");
  }

  @Test
  void staticFiles_unknownPath_notFound() throws Exception {
    assertThat(get("/player/nope.js").statusCode()).isEqualTo(404);
  }

  /**
   * Traversals that survive the router's normalisation (RFC 3986 §6.2.2: a percent-encoded "/" is
   * not a segment separator, so "..%2f" is no dot segment) reach the static handler, which must
   * refuse them: the classpath above {@code webroot/player} holds prism.yaml and logback.xml.
   */
  @Test
  void staticFiles_encodedTraversalReachingTheHandler_neverServesFilesAboveTheWebroot()
      throws Exception {
    for (String path :
        List.of(
            "/player/..%2f..%2fprism.yaml",
            "/player/..%2F..%2Flogback.xml",
            "/player/%2e%2e%2f%2e%2e%2fprism.yaml",
            "/player/..%5c..%5cprism.yaml",
            "/player/vendor/..%2f..%2f..%2fprism.yaml")) {
      SEEN_PATHS.clear();
      String response = rawGet(path);
      assertThat(SEEN_PATHS).as("reached the /player handlers: %s", path).isNotEmpty();
      assertThat(SEEN_PATHS.get(0)).as("not normalised away: %s", path).contains("..");
      assertThat(response).as(path).startsWith("HTTP/1.1 4");
      assertThat(response)
          .as(path)
          .doesNotContain("publicBaseUrls")
          .doesNotContain("<configuration");
    }
    // The files are there to be leaked: the classpath resource a traversal would reach.
    assertThat(PlayerRoutesTest.class.getResource("/prism.yaml")).isNotNull();
  }

  /** A request sent byte for byte, so no client library normalises the path first. */
  private static String rawGet(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void constructor_invalidDefaultAsset_rejected() {
    assertThatThrownBy(() -> new PlayerRoutes("../etc", () -> "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
