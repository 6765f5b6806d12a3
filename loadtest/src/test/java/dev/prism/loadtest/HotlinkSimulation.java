package dev.prism.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hotlinkers against a legitimate audience. While {@code users} legitimate viewers arrive over
 * {@code ramp + duration} seconds (the {@link Viewers#viewer player} of the spike), four kinds of
 * hotlinker, {@code hotlinkRate} per second each for {@code hotlinkDuration} seconds, replay the
 * URLs of a real playback ({@link Hotlinkers#scrape}):
 *
 * <ul>
 *   <li>{@value #NO_COOKIE}: through the CDN (origin secret sent), no cookie;
 *   <li>{@value #EXPIRED}: through the CDN, a correctly signed grant that has expired (needs the
 *       signing key; skipped with a warning without it);
 *   <li>{@value #FORGED}: through the CDN, a real grant with a changed signature;
 *   <li>{@value #NO_SECRET}: a real grant sent straight to the origin without the origin secret
 *       (only when the origin requires one: {@code prism.originSecret}).
 * </ul>
 *
 * <p>Every hotlinker request must be answered 403 (so it counts as OK), and each kind must have
 * made exactly its planned number of requests; the legitimate viewers must see no failure and the
 * spike's latency limits.
 */
public class HotlinkSimulation extends Simulation {
  static final String NO_COOKIE = "hotlink no-cookie";
  static final String EXPIRED = "hotlink expired";
  static final String FORGED = "hotlink forged";
  static final String NO_SECRET = "hotlink no-secret";

  {
    LoadSettings settings = LoadSettings.fromSystemProperties();
    Hotlinkers hotlinkers = Hotlinkers.scrape(settings);
    int viewers = Math.max(1, settings.users());
    int legitSeconds = Math.max(1, settings.rampSeconds() + settings.durationSeconds());
    int attackers =
        Math.max(1, settings.hotlinkRate()) * Math.max(1, settings.hotlinkDurationSeconds());
    long expectedPerKind = (long) attackers * hotlinkers.urls().size();

    List<PopulationBuilder> populations = new ArrayList<>();
    List<Assertion> assertions = new ArrayList<>(SpikeSimulation.latencyAssertions(settings));
    populations.add(
        scenario("viewers")
            .exec(Viewers.viewer(settings))
            .injectOpen(rampUsers(viewers).during(legitSeconds))
            .protocols(Viewers.protocol(settings)));

    HttpProtocolBuilder viaCdn = attackerProtocol(settings, true);
    HttpProtocolBuilder direct = attackerProtocol(settings, false);
    addKind(
        populations, assertions, NO_COOKIE, null, hotlinkers, viaCdn, settings, expectedPerKind);
    addKind(
        populations,
        assertions,
        FORGED,
        hotlinkers.forgedCookies(),
        hotlinkers,
        viaCdn,
        settings,
        expectedPerKind);
    if (hotlinkers.expiredCookies() != null) {
      addKind(
          populations,
          assertions,
          EXPIRED,
          hotlinkers.expiredCookies(),
          hotlinkers,
          viaCdn,
          settings,
          expectedPerKind);
    } else {
      System.err.println(
          "HotlinkSimulation: no signing key (-Dprism.signingKeyFile/-Dprism.keyPairId or"
              + " -Dprism.config): the expired-cookie hotlinkers are skipped");
    }
    if (settings.originSecret() != null) {
      addKind(
          populations,
          assertions,
          NO_SECRET,
          hotlinkers.validCookies(),
          hotlinkers,
          direct,
          settings,
          expectedPerKind);
    } else {
      System.err.println(
          "HotlinkSimulation: the origin requires no secret (-Dprism.originSecret unset): the"
              + " no-secret hotlinkers are skipped");
    }
    setUp(populations).maxDuration(settings.maxDuration()).assertions(assertions);
  }

  private static void addKind(
      List<PopulationBuilder> populations,
      List<Assertion> assertions,
      String kind,
      @Nullable Map<String, String> cookies,
      Hotlinkers hotlinkers,
      HttpProtocolBuilder protocol,
      LoadSettings settings,
      long expectedRequests) {
    // Each kind is its own attacker with its own address (below the run's viewers' 10/8 ids), so
    // the gate's per-viewer budget of failed verifications charges only the forger.
    @Nullable String address =
        settings.viewerIpHeader() == null
            ? null
            : settings.viewerAddress(0xfffffeL - populations.size());
    ChainBuilder chain = exec(request(kind, hotlinkers.urls().get(0), cookies, settings, address));
    for (String url : hotlinkers.urls().subList(1, hotlinkers.urls().size())) {
      chain = chain.exec(request(kind, url, cookies, settings, address));
    }
    populations.add(
        scenario(kind)
            .exec(chain)
            .injectOpen(
                constantUsersPerSec(Math.max(1, settings.hotlinkRate()))
                    .during(Math.max(1, settings.hotlinkDurationSeconds())))
            .protocols(protocol));
    assertions.add(details(kind).allRequests().count().is(expectedRequests));
    assertions.add(details(kind).successfulRequests().percent().is(100.0));
  }

  private static HttpRequestActionBuilder request(
      String kind,
      String url,
      @Nullable Map<String, String> cookies,
      LoadSettings settings,
      @Nullable String address) {
    HttpRequestActionBuilder request = http(kind).get(url).check(status().is(403));
    if (address != null) {
      request = request.header(String.valueOf(settings.viewerIpHeader()), address);
    }
    return cookies == null ? request : request.header("Cookie", Hotlinkers.cookieHeader(cookies));
  }

  /** Hotlinkers through the CDN carry the origin secret (the CDN adds it); direct ones do not. */
  private static HttpProtocolBuilder attackerProtocol(LoadSettings settings, boolean viaCdn) {
    HttpProtocolBuilder protocol =
        http.baseUrl(settings.baseUrl())
            .acceptEncodingHeader("gzip, deflate")
            .userAgentHeader("hotlinker")
            .warmUp(settings.baseUrl() + "/healthz")
            .shareConnections();
    if (viaCdn && settings.originSecret() != null) {
      protocol = protocol.header(settings.originSecretHeader(), settings.originSecret());
    }
    return protocol;
  }
}
