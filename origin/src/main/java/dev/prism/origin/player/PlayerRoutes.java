package dev.prism.origin.player;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Mounts the demo player page on a Vert.x {@link Router}. Only {@code prism demo} calls this.
 *
 * <p>Routes (all {@code GET}):
 *
 * <ul>
 *   <li>{@code /player} → redirect to {@code /player/};
 *   <li>{@code /player/} and its static files, from the classpath folder {@value #WEBROOT};
 *   <li>{@code /player/config.json}: the default asset id and which player libraries this build
 *       holds ({@code {"defaultAssetId":…, "libraries":{"hls":{…}|null, "dash":{…}|null},
 *       "missing":{…}}}), so the page can say plainly what is missing;
 *   <li>{@code /player/vendor/hls.js/dist/hls.min.js} (and {@code …/LICENSE}): hls.js from the
 *       WebJar {@code org.webjars.npm:hls.js} on the classpath;
 *   <li>{@code /player/vendor/dashjs/dash.all.min.js} (and {@code LICENSE.md}): dash.js, installed
 *       into the build output from npm by the {@code player-npm} Maven profile, when npm was
 *       present;
 *   <li>{@code /player/dev-token}: {@code {"token":"<JWT>"}} with {@code Cache-Control: no-store},
 *       answered to loopback clients only (403 otherwise).
 * </ul>
 *
 * <p>The page then calls {@code POST /play/{assetId}} with the token and plays {@code
 * /v1/{assetId}/hls/index.m3u8} or {@code /v1/{assetId}/dash/index.mpd} with the minted cookies.
 */
public final class PlayerRoutes {

  /** Classpath folder of the static page. */
  public static final String WEBROOT = "webroot/player";

  /** Classpath root of the hls.js WebJar; the version folder follows. */
  static final String HLS_WEBJAR_ROOT = "META-INF/resources/webjars/hls.js/";

  static final String HLS_WEBJAR_POM = "META-INF/maven/org.webjars.npm/hls.js/pom.properties";

  /** Written next to dash.all.min.js by {@code origin/src/build/vendor-player-lib.sh}. */
  static final String DASH_MARKER = WEBROOT + "/vendor/dashjs/dashjs.json";

  private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Same-origin only: the page needs nothing from elsewhere (it works with no internet access). */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self';"
          + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final String defaultAssetId;
  private final Supplier<String> developmentToken;
  private final ClassLoader classLoader;

  /**
   * @param defaultAssetId the asset the page plays when its URL names none ({@code ?asset=…})
   * @param developmentToken mints a development viewer JWT (RFC 7519) for each {@code
   *     /player/dev-token} request; called on the event loop, so it must not block
   * @throws IllegalArgumentException if {@code defaultAssetId} is not a valid asset id
   */
  public PlayerRoutes(String defaultAssetId, Supplier<String> developmentToken) {
    this(defaultAssetId, developmentToken, PlayerRoutes.class.getClassLoader());
  }

  PlayerRoutes(String defaultAssetId, Supplier<String> developmentToken, ClassLoader classLoader) {
    if (!ASSET_ID.matcher(defaultAssetId).matches()) {
      throw new IllegalArgumentException("invalid asset id: " + defaultAssetId);
    }
    this.defaultAssetId = defaultAssetId;
    this.developmentToken = Objects.requireNonNull(developmentToken, "developmentToken");
    this.classLoader = classLoader;
  }

  /** Mounts every {@code /player} route on {@code router}. */
  public void mount(Router router) {
    router.route("/player/*").handler(PlayerRoutes::securityHeaders);
    // Vert.x matches "/player" for "/player/" too: redirect only the bare path, so relative URLs
    // in the page resolve under /player/.
    router
        .get("/player")
        .handler(
            ctx -> {
              if (ctx.request().path().equals("/player")) {
                ctx.redirect("/player/");
              } else {
                ctx.next();
              }
            });
    router.get("/player/dev-token").handler(this::devToken);
    // The classpath does not change while serving: read the WebJar and npm markers (jar I/O) once,
    // here, rather than on the event loop for every request.
    Buffer config = Buffer.buffer(configJson().encode());
    router.get("/player/config.json").handler(ctx -> sendConfig(ctx, config));
    hlsWebJarVersion()
        .ifPresent(
            version ->
                router
                    .get("/player/vendor/hls.js/*")
                    .handler(
                        StaticHandler.create(HLS_WEBJAR_ROOT + version).setMaxAgeSeconds(3600)));
    router
        .get("/player/*")
        .handler(
            StaticHandler.create(WEBROOT)
                .setIndexPage("index.html")
                .setDirectoryListing(false)
                // The page itself is small and changes with the build: always revalidate.
                .setMaxAgeSeconds(0));
  }

  /** The hls.js WebJar version on the classpath, if the WebJar is there. */
  Optional<String> hlsWebJarVersion() {
    try (InputStream in = classLoader.getResourceAsStream(HLS_WEBJAR_POM)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version");
      if (version == null
          || classLoader.getResource(HLS_WEBJAR_ROOT + version + "/dist/hls.min.js") == null) {
        return Optional.empty();
      }
      return Optional.of(version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dash.js install record the build wrote, if dash.js was installed from npm. */
  Optional<JsonObject> dashInstall() {
    try (InputStream in = classLoader.getResourceAsStream(DASH_MARKER)) {
      if (in == null) {
        return Optional.empty();
      }
      JsonObject marker = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      String file = marker.getString("file", "");
      if (classLoader.getResource(WEBROOT + "/vendor/dashjs/" + file) == null) {
        return Optional.empty();
      }
      return Optional.of(marker);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body of {@code /player/config.json}. */
  JsonObject configJson() {
    JsonObject libraries = new JsonObject();
    JsonObject missing = new JsonObject();
    Optional<String> hls = hlsWebJarVersion();
    if (hls.isPresent()) {
      libraries.put(
          "hls",
          new JsonObject()
              .put("name", "hls.js")
              .put("version", hls.get())
              .put("source", "WebJar org.webjars.npm:hls.js:" + hls.get())
              .put("script", "vendor/hls.js/dist/hls.min.js")
              .put("license", "vendor/hls.js/LICENSE"));
    } else {
      libraries.putNull("hls");
      missing.put(
          "hls", "hls.js is missing: the WebJar org.webjars.npm:hls.js is not on the classpath.");
    }
    Optional<JsonObject> dash = dashInstall();
    if (dash.isPresent()) {
      JsonObject marker = dash.get();
      libraries.put(
          "dash",
          new JsonObject()
              .put("name", "dash.js")
              .put("version", marker.getString("version"))
              .put("source", "npm " + marker.getString("name") + "@" + marker.getString("version"))
              .put("integrity", marker.getString("integrity"))
              .put("script", "vendor/dashjs/" + marker.getString("file"))
              .put("license", "vendor/dashjs/" + marker.getString("license")));
    } else {
      libraries.putNull("dash");
      missing.put(
          "dash",
          "dash.js is missing: the build installs it from npm (dashjs), and npm was not available"
              + " or offline when this build ran. Install npm and rebuild to play DASH.");
    }
    return new JsonObject()
        .put("defaultAssetId", defaultAssetId)
        .put("libraries", libraries)
        .put("missing", missing);
  }

  private static void sendConfig(RoutingContext ctx, Buffer config) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(config);
  }

  private void devToken(RoutingContext ctx) {
    if (!isLoopback(
        ctx.request().remoteAddress() == null
            ? null
            : ctx.request().remoteAddress().hostAddress())) {
      ctx.response().setStatusCode(403).end("Forbidden\n");
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("token", developmentToken.get()).encode());
  }

  static boolean isLoopback(@Nullable String hostAddress) {
    if (hostAddress == null) {
      return false;
    }
    try {
      // A literal address: getByName does not resolve it through DNS.
      return InetAddress.getByName(hostAddress).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
