package dev.prism.origin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo in a real browser: {@code prism demo} runs in-process ({@link DemoServer}) and Debian's
 * Chromium (headless, through Playwright) opens its {@code /player} page, which mints signed
 * cookies with {@code POST /play/{asset}} and plays HLS (hls.js) and DASH (dash.js) of a real
 * transcoded clip through the gate.
 *
 * <p>Asserts for each protocol: the video's {@code currentTime} advances by several seconds, the
 * player reports no error, at least two video renditions are fetched (a switch is forced through
 * the page's rendition selector), and every {@code /v1/…} request carried the three CloudFront
 * cookies. The hotlink check opens the same page without minting: the origin answers every media
 * request 403 and no media plays.
 *
 * <p>Without {@code /usr/bin/chromium} (or {@code PRISM_CHROMIUM}) the tests are skipped locally
 * and fail in CI ({@code PRISM_CI=1}); likewise a build without the dash.js library from npm skips
 * the DASH test locally and fails it in CI. A screenshot of the playing HLS page goes to {@code
 * target/e2e/} (or {@code -Dprism.e2e.screenshotDir}).
 */
final class PlayerEndToEndTest {

  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("PRISM_CHROMIUM", "/usr/bin/chromium"));
  private static final boolean CI = "1".equals(System.getenv("PRISM_CI"));
  private static final List<String> CHROMIUM_ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--autoplay-policy=no-user-gesture-required");
  private static final double PLAY_SECONDS = 3;
  private static final double START_TIMEOUT_MS = 45_000;
  private static final double STEP_TIMEOUT_MS = 30_000;

  private static DemoServer server;
  private static Playwright playwright;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      String message =
          CHROMIUM
              + " is missing: install Debian's chromium (apt-get install chromium) to run"
              + " the real-browser test";
      if (CI) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    server = DemoServer.start();
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(CHROMIUM_ARGS));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void hls_mintedCookies_playsAndSwitchesRenditions() {
    playsThroughSignedCookies("hls", screenshotPath("prism-player.png"));
  }

  @Test
  void dash_mintedCookies_playsAndSwitchesRenditions() {
    requireDashPlayer();
    playsThroughSignedCookies("dash", null);
  }

  /** Skips without dash.js locally, but fails in CI, which must play (and refuse) DASH. */
  private static void requireDashPlayer() {
    if (!dashPlayerInstalled()) {
      String message =
          "dash.js is not in this build (it comes from npm at build time; npm was absent)";
      if (CI) {
        fail(message + ": CI must play DASH");
      }
      Assumptions.abort(message);
    }
  }

  @Test
  void hls_withoutMinting_onlyForbiddenMedia() {
    hotlinkGetsOnly403("hls");
  }

  @Test
  void dash_withoutMinting_onlyForbiddenMedia() {
    requireDashPlayer();
    hotlinkGetsOnly403("dash");
  }

  @Test
  void page_buildWithoutDashJs_saysSoAndPlaysHls() {
    try (BrowserContext context = newContext()) {
      Page page = context.newPage();
      // What /player/config.json says when npm was absent at build time (PlayerRoutes#configJson).
      page.route(
          "**/player/config.json",
          route -> {
            JsonObject config = new JsonObject(route.fetch().text());
            config.getJsonObject("libraries").putNull("dash");
            config.getJsonObject("missing").put("dash", "dash.js is missing: npm was absent.");
            route.fulfill(
                new Route.FulfillOptions()
                    .setContentType("application/json")
                    .setBody(config.encode()));
          });

      page.navigate(playerUrl("dash", true));
      page.waitForFunction(
          "() => window.prism && (window.prism.phase === 'error'"
              + " || (window.prism.phase === 'playing' && document.querySelector('video').currentTime > 0.5))",
          null,
          new Page.WaitForFunctionOptions().setTimeout(START_TIMEOUT_MS));

      assertThat(playerErrors(page)).isEmpty();
      assertThat(page.evaluate("() => window.prism.protocol")).isEqualTo("hls");
      assertThat(page.locator("#notice").textContent())
          .contains("dash.js is missing")
          .contains("Playing HLS, which works.");
      assertThat(page.locator("#protocol-dash").getAttribute("class")).contains("unavailable");
    }
  }

  @Test
  void hls_grantAboutToExpire_pageMintsAgainAndKeepsPlaying() {
    try (BrowserContext context = newContext()) {
      Page page = context.newPage();
      MediaTraffic traffic = MediaTraffic.record(page);
      List<String> mints = new CopyOnWriteArrayList<>();
      // The real mint answers (its cookies land in the context's jar); the page is told the grant
      // ends in 6 s instead of entitlement.cookieTtl, so it must renew within this test.
      page.route(
          "**/play/**",
          route -> {
            APIResponse response = route.fetch();
            mints.add(response.status() + " " + response.headers().get("set-cookie"));
            JsonObject body = new JsonObject(response.text());
            body.put("expiresEpochSeconds", Instant.now().getEpochSecond() + 6);
            route.fulfill(new Route.FulfillOptions().setResponse(response).setBody(body.encode()));
          });

      page.navigate(playerUrl("hls", true));
      page.waitForFunction(
          "() => window.prism && (window.prism.phase === 'error' || window.prism.mints >= 2)",
          null,
          new Page.WaitForFunctionOptions().setTimeout(START_TIMEOUT_MS));
      double before = currentTime(page);
      page.waitForFunction(
          "t => document.querySelector('video').currentTime >= t",
          before + 1,
          new Page.WaitForFunctionOptions().setTimeout(STEP_TIMEOUT_MS));

      assertThat(playerErrors(page)).isEmpty();
      assertThat(mints).hasSize(2).allSatisfy(m -> assertThat(m).startsWith("200 "));
      assertThat(traffic.exchanges())
          .isNotEmpty()
          .allSatisfy(
              e ->
                  assertThat(e.cookieNames())
                      .contains(
                          "CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"));
    }
  }

  private void playsThroughSignedCookies(String protocol, Path screenshot) {
    try (BrowserContext context = newContext()) {
      Page page = context.newPage();
      MediaTraffic traffic = MediaTraffic.record(page);
      List<String> pageErrors = recordPageErrors(page);

      page.navigate(playerUrl(protocol, true));
      page.waitForFunction(
          "() => window.prism && (window.prism.phase === 'error'"
              + " || (window.prism.phase === 'playing' && document.querySelector('video').currentTime > 0.5))",
          null,
          new Page.WaitForFunctionOptions().setTimeout(START_TIMEOUT_MS));
      assertThat(playerErrors(page)).as("player errors").isEmpty();
      assertThat(page.evaluate("() => window.prism.library.name"))
          .isEqualTo(protocol.equals("hls") ? "hls.js" : "dash.js");

      // Force a switch: pick a video rendition the player has not fetched yet.
      int renditions = ((Number) page.evaluate("() => window.prism.renditions.length")).intValue();
      assertThat(renditions).as("video renditions in the ladder").isGreaterThanOrEqualTo(2);
      int target =
          ((Number)
                  page.evaluate(
                      "() => window.prism.renditions.map(r => r.index)"
                          + ".find(i => !window.prism.fetchedRenditions.includes(i))"
                          + " ?? (window.prism.currentRendition === 0 ? 1 : 0)"))
              .intValue();
      page.selectOption("#rendition", String.valueOf(target));
      page.waitForFunction(
          "i => window.prism.fetchedRenditions.includes(i) && window.prism.stats().rendition"
              + " && window.prism.stats().rendition.index === i",
          target,
          new Page.WaitForFunctionOptions().setTimeout(STEP_TIMEOUT_MS));

      // Several more seconds of playback on the forced rendition.
      double before = currentTime(page);
      page.waitForFunction(
          "t => document.querySelector('video').currentTime >= t",
          before + PLAY_SECONDS,
          new Page.WaitForFunctionOptions().setTimeout(STEP_TIMEOUT_MS));
      double after = currentTime(page);
      if (screenshot != null) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot));
      }

      assertThat(after).as("currentTime advanced").isGreaterThan(before + PLAY_SECONDS - 0.01);
      assertThat(playerErrors(page)).as("player errors").isEmpty();
      assertThat(pageErrors).as("uncaught page errors").isEmpty();
      assertThat(
              ((List<?>) page.evaluate("() => window.prism.fetchedRenditions")).stream().distinct())
          .as("renditions the player fetched segments of")
          .hasSizeGreaterThanOrEqualTo(2);

      List<MediaTraffic.Exchange> exchanges = traffic.exchanges();
      assertThat(exchanges).as("media requests").isNotEmpty();
      for (MediaTraffic.Exchange exchange : exchanges) {
        assertThat(exchange.cookieNames())
            .as("cookies sent with %s", exchange.path())
            .contains("CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id");
        assertThat(exchange.status())
            .as("status of %s", exchange.path())
            .isIn(200, 206, 304, MediaTraffic.ABORTED);
      }
      Set<String> videoTracks = new TreeSet<>();
      for (MediaTraffic.Exchange exchange : exchanges) {
        if (exchange.status() == 200 || exchange.status() == 206) {
          server.videoTrackOfSegment(exchange.path()).ifPresent(videoTracks::add);
        }
      }
      assertThat(videoTracks)
          .as("video tracks with a media segment served (network)")
          .hasSizeGreaterThanOrEqualTo(2);
      System.out.printf(
          "[e2e] %s: %d /v1 requests, each with the 3 CloudFront cookies; video tracks served %s;"
              + " forced rendition %d; currentTime %.1f -> %.1f s%n",
          protocol, exchanges.size(), videoTracks, target, before, after);
    }
  }

  private void hotlinkGetsOnly403(String protocol) {
    try (BrowserContext context = newContext()) {
      Page page = context.newPage();
      MediaTraffic traffic = MediaTraffic.record(page);

      page.navigate(playerUrl(protocol, false));
      page.waitForFunction(
          "() => window.prism && window.prism.phase === 'error'",
          null,
          new Page.WaitForFunctionOptions().setTimeout(START_TIMEOUT_MS));

      assertThat(currentTime(page)).isZero();
      assertThat(context.cookies()).as("cookies in the browser").isEmpty();
      List<MediaTraffic.Exchange> exchanges = traffic.exchanges();
      assertThat(exchanges).as("media requests").isNotEmpty();
      assertThat(exchanges).allSatisfy(e -> assertThat(e.status()).isEqualTo(403));
      assertThat(exchanges).allSatisfy(e -> assertThat(e.cookieNames()).isEmpty());
      assertThat(playerErrors(page)).as("the page reports the refusal").isNotEmpty();
      System.out.printf(
          "[e2e] %s without minting: %d /v1 requests, all 403, no cookies; page says %s%n",
          protocol, exchanges.size(), playerErrors(page));
    }
  }

  /** Whether the running page offers dash.js, as its {@code /player/config.json} says. */
  private static boolean dashPlayerInstalled() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/player/config.json"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return new JsonObject(response.body()).getJsonObject("libraries").getValue("dash") != null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static BrowserContext newContext() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
  }

  private static String playerUrl(String protocol, boolean mint) {
    return server.baseUrl()
        + "/player/?asset="
        + server.assetId()
        + "&protocol="
        + protocol
        + (mint ? "" : "&mint=0");
  }

  private static double currentTime(Page page) {
    return ((Number) page.evaluate("() => document.querySelector('video').currentTime"))
        .doubleValue();
  }

  private static List<?> playerErrors(Page page) {
    return (List<?>) page.evaluate("() => window.prism.errors");
  }

  private static List<String> recordPageErrors(Page page) {
    List<String> errors = new CopyOnWriteArrayList<>();
    page.onPageError(errors::add);
    return errors;
  }

  private static Path screenshotPath(String name) {
    Path dir =
        Path.of(System.getProperty("prism.e2e.screenshotDir", "target/e2e")).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.resolve(name);
  }

  /** Every request the page made under {@code /v1/}, with the cookies it carried and the status. */
  static final class MediaTraffic {
    /** Status of a request that got no response (aborted by the player, e.g. on a switch). */
    static final int ABORTED = -1;

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    static MediaTraffic record(Page page) {
      MediaTraffic traffic = new MediaTraffic();
      page.onRequest(
          request -> {
            URI uri = URI.create(request.url()); // also blob: and data: URLs, without a path
            if (uri.getPath() != null && uri.getPath().startsWith("/v1/")) {
              traffic.requests.add(request);
            }
          });
      return traffic;
    }

    /** Read after the fact: the Cookie header is only in the raw headers (allHeaders). */
    List<Exchange> exchanges() {
      List<Exchange> out = new ArrayList<>();
      for (Request request : requests) {
        Response response = request.response();
        String cookie = request.allHeaders().getOrDefault("cookie", "");
        Set<String> names = new TreeSet<>();
        for (String part : cookie.split(";")) {
          int eq = part.indexOf('=');
          if (eq > 0) {
            names.add(part.substring(0, eq).trim());
          }
        }
        out.add(
            new Exchange(
                URI.create(request.url()).getPath(),
                response == null ? ABORTED : response.status(),
                names));
      }
      return out;
    }

    record Exchange(String path, int status, Set<String> cookieNames) {}
  }
}
