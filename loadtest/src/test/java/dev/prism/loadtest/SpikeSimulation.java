package dev.prism.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * The viral spike: concurrent viewers go from one to {@code users} within {@code ramp} seconds and
 * stay there for {@code duration} seconds (a closed model: a viewer who finishes is replaced at
 * once, so the origin always has {@code users} players on it), each one a {@link Viewers#viewer
 * player}, HLS and DASH mixed.
 *
 * <pre>{@code
 * ./mvnw -pl loadtest gatling:test -Dgatling.simulationClass=dev.prism.loadtest.SpikeSimulation \
 *     -Dprism.baseUrl=http://127.0.0.1:8080 -Dusers=1000 -Dramp=30 -Dduration=60 -Dpace=true
 * }</pre>
 *
 * <p>Assertions: no failed request; p99 of manifests and media playlists under {@code
 * manifestP99Ms}, of init and media segments under {@code segmentP99Ms}, of mints under {@code
 * mintP99Ms}; with {@code -DexpectRefresh=true}, at least one cookie refresh happened.
 */
public class SpikeSimulation extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties();
    ScenarioBuilder viewers = scenario("viewers").exec(Viewers.viewer(settings));
    int users = Math.max(1, settings.users());
    setUp(
            viewers.injectClosed(
                rampConcurrentUsers(1).to(users).during(Math.max(1, settings.rampSeconds())),
                constantConcurrentUsers(users).during(Math.max(1, settings.durationSeconds()))))
        .protocols(Viewers.protocol(settings))
        .maxDuration(settings.maxDuration())
        .assertions(latencyAssertions(settings));
  }

  /** The assertions both simulations make about legitimate viewers. */
  static List<Assertion> latencyAssertions(LoadSettings settings) {
    List<Assertion> assertions = new ArrayList<>();
    assertions.add(global().failedRequests().count().is(0L));
    assertions.add(details(Viewers.MINT).failedRequests().count().is(0L));
    assertions.add(details(Viewers.MINT).responseTime().percentile(99.0).lt(settings.mintP99Ms()));
    assertions.add(
        details(Viewers.MANIFEST).responseTime().percentile(99.0).lt(settings.manifestP99Ms()));
    assertions.add(
        details(Viewers.INIT).responseTime().percentile(99.0).lt(settings.segmentP99Ms()));
    assertions.add(
        details(Viewers.SEGMENT).responseTime().percentile(99.0).lt(settings.segmentP99Ms()));
    if (settings.hlsPercent() > 0) {
      assertions.add(
          details(Viewers.PLAYLIST).responseTime().percentile(99.0).lt(settings.manifestP99Ms()));
    }
    if (Boolean.getBoolean("expectRefresh")) {
      assertions.add(details(Viewers.REFRESH).allRequests().count().gt(0L));
      assertions.add(details(Viewers.REFRESH).failedRequests().count().is(0L));
    }
    return assertions;
  }
}
