package dev.prism.origin.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code /player} routes over real HTTP on 127.0.0.1. */
final class PlayerRoutesTest {

  private static final AtomicInteger TOKENS = new AtomicInteger();
  private static Vertx vertx;
  private static HttpServer server;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
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
    assertThat(get("/player/../pom.xml").statusCode()).isIn(400, 404);
  }

  @Test
  void constructor_invalidDefaultAsset_rejected() {
    assertThatThrownBy(() -> new PlayerRoutes("../etc", () -> "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
