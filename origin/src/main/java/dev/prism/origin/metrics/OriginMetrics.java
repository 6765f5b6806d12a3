package dev.prism.origin.metrics;

import dev.prism.cache.CacheStats;
import dev.prism.cache.SingleFlightCache;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The origin's own meters, registered on one {@link MeterRegistry} (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code prism_http_requests_seconds{route,method,status}}: count and latency histogram of
 *       every request, by route name ({@link #recordRequest});
 *   <li>{@code prism_http_response_bytes_total{route}}: bytes served;
 *   <li>{@code prism_cache_{hits,misses,evictions,load_failures}_total{cache}}, {@code
 *       prism_cache_hit_ratio{cache}}, {@code prism_cache_entries{cache}}, {@code
 *       prism_cache_weight_bytes{cache}} ({@link #bindCache});
 *   <li>{@code prism_store_read_seconds{op,outcome}} ({@link #storeRead});
 *   <li>{@code prism_packaging_seconds{kind}} ({@link #packaging});
 *   <li>{@code prism_gate_denials_total{guard,reason}} ({@link #gateDenial});
 *   <li>{@code prism_stale_serves_total{kind}}: a last good copy served past its freshness because
 *       the store failed ({@link #staleServe});
 *   <li>{@code prism_store_breaker_state{state}} (1 for the current state, 0 for the others),
 *       {@code prism_store_breaker_calls_total{outcome}} ({@code success}, {@code failure}, {@code
 *       not_permitted}) and {@code prism_store_breaker_transitions_total{to}} ({@link
 *       #bindBreaker});
 *   <li>{@code prism_load_shed_total{reason}}: requests answered 503 before any work ({@code
 *       packaging_queue_full}, {@code request_timeout}) ({@link #loadShed}).
 * </ul>
 *
 * Thread-safe; meters are looked up once per label set and then reused.
 */
public final class OriginMetrics {
  private static final Duration[] SLOS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> bytesCounters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> storeTimers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> packagingTimers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> denials = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> staleServes = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> shed = new ConcurrentHashMap<>();

  /**
   * @param registry where every meter is registered (the one {@code /metrics} scrapes)
   */
  public OriginMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The registry the meters live in (for guards that add their own meters). */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Records one finished request.
   *
   * @param route the route name (see {@code RouteNames}), never the raw path
   * @param method the HTTP method
   * @param status the response status
   * @param elapsedNanos from the request's arrival to the response's end
   * @param bytesWritten body bytes written to the connection
   */
  public void recordRequest(
      String route, String method, int status, long elapsedNanos, long bytesWritten) {
    String key = route + ' ' + method + ' ' + status;
    Timer timer =
        requestTimers.computeIfAbsent(
            key,
            k ->
                Timer.builder("prism.http.requests")
                    .description("HTTP requests by route, method and status")
                    .tag("route", route)
                    .tag("method", method)
                    .tag("status", Integer.toString(status))
                    .serviceLevelObjectives(SLOS)
                    .register(registry));
    timer.record(elapsedNanos, TimeUnit.NANOSECONDS);
    if (bytesWritten > 0) {
      bytesCounters
          .computeIfAbsent(
              route,
              r ->
                  Counter.builder("prism.http.response.bytes")
                      .description("Response body bytes served")
                      .baseUnit("bytes")
                      .tag("route", r)
                      .register(registry))
          .increment(bytesWritten);
    }
  }

  /** Exports {@code cache}'s counters (read from its stats snapshot at scrape time). */
  public void bindCache(SingleFlightCache<?, ?> cache) {
    String name = cache.name();
    counter("prism.cache.hits", name, cache, s -> s.hits());
    counter("prism.cache.misses", name, cache, s -> s.misses());
    counter("prism.cache.evictions", name, cache, s -> s.evictions());
    counter("prism.cache.load.failures", name, cache, s -> s.loadFailures());
    Gauge.builder("prism.cache.hit.ratio", cache, c -> c.stats().hitRatio())
        .tag("cache", name)
        .register(registry);
    Gauge.builder("prism.cache.entries", cache, c -> c.stats().entries())
        .tag("cache", name)
        .register(registry);
    Gauge.builder("prism.cache.weight", cache, c -> c.stats().weightBytes())
        .baseUnit("bytes")
        .tag("cache", name)
        .register(registry);
  }

  private void counter(
      String meter, String name, SingleFlightCache<?, ?> cache, ToDoubleFunction<CacheStats> f) {
    FunctionCounter.builder(meter, cache, c -> f.applyAsDouble(c.stats()))
        .tag("cache", name)
        .register(registry);
  }

  /**
   * Records one store call.
   *
   * @param op {@code read}, {@code readStream} (until the store answered), {@code readAll}, {@code
   *     metadata}
   * @param outcome {@code ok}, {@code not_found} or {@code error}
   * @param elapsedNanos from the call to the future's completion
   */
  public void storeRead(String op, String outcome, long elapsedNanos) {
    storeTimers
        .computeIfAbsent(
            op + ' ' + outcome,
            k ->
                Timer.builder("prism.store.read")
                    .description("Store call latency")
                    .tag("op", op)
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(SLOS)
                    .register(registry))
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Records the time spent producing one resource.
   *
   * @param kind {@code index}, {@code multivariant}, {@code mpd}, {@code media_playlist}, {@code
   *     init}, {@code segment}
   * @param elapsedNanos the time spent, on the packaging executor
   */
  public void packaging(String kind, long elapsedNanos) {
    packagingTimers
        .computeIfAbsent(
            kind,
            k ->
                Timer.builder("prism.packaging")
                    .description("Time to package a resource (index read, manifest write)")
                    .tag("kind", k)
                    .serviceLevelObjectives(SLOS)
                    .register(registry))
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts one request refused by a pre-route guard. Guards call this (or set {@code
   * RouteContextKeys.DENIAL} on the context, which the access log records).
   *
   * @param guard the guard's name, e.g. {@code origin_secret} or {@code signed_cookie}
   * @param reason a small fixed vocabulary, e.g. {@code expired}, {@code bad_signature}
   */
  public void gateDenial(String guard, String reason) {
    denials
        .computeIfAbsent(
            guard + ' ' + reason,
            k ->
                Counter.builder("prism.gate.denials")
                    .description("Requests refused by the gate, by guard and reason")
                    .tag("guard", guard)
                    .tag("reason", reason)
                    .register(registry))
        .increment();
  }

  /**
   * Counts one stale-if-error serve (RFC 5861 §4): the last good copy, past its freshness, because
   * the store failed.
   *
   * @param kind {@code asset} (an {@code asset.json} record) or {@code manifest} (an entry
   *     manifest)
   */
  public void staleServe(String kind) {
    staleServes
        .computeIfAbsent(
            kind,
            k ->
                Counter.builder("prism.stale.serves")
                    .description(
                        "Last good copies served past their freshness while the store fails")
                    .tag("kind", k)
                    .register(registry))
        .increment();
  }

  /** How many stale serves of {@code kind} were counted; for tests and diagnostics. */
  public double staleServes(String kind) {
    Counter c = staleServes.get(kind);
    return c == null ? 0 : c.count();
  }

  /**
   * Counts one request shed with 503 before any work was done.
   *
   * @param reason {@code packaging_queue_full} or {@code request_timeout}
   */
  public void loadShed(String reason) {
    shed.computeIfAbsent(
            reason,
            k ->
                Counter.builder("prism.load.shed")
                    .description("Requests answered 503 with Retry-After to shed load")
                    .tag("reason", k)
                    .register(registry))
        .increment();
  }

  /**
   * Exports a store circuit breaker: its state as {@code prism_store_breaker_state{state}} (1 for
   * the current state), its calls by outcome and its transitions (from Resilience4j's event
   * publisher).
   */
  public void bindBreaker(CircuitBreaker breaker) {
    for (CircuitBreaker.State state :
        List.of(
            CircuitBreaker.State.CLOSED,
            CircuitBreaker.State.OPEN,
            CircuitBreaker.State.HALF_OPEN)) {
      Gauge.builder("prism.store.breaker.state", breaker, b -> b.getState() == state ? 1 : 0)
          .description("Store circuit breaker state: 1 for the current one")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Counter success = breakerCounter("success");
    Counter failure = breakerCounter("failure");
    Counter notPermitted = breakerCounter("not_permitted");
    breaker
        .getEventPublisher()
        .onSuccess(e -> success.increment())
        .onError(e -> failure.increment())
        .onCallNotPermitted(e -> notPermitted.increment())
        .onStateTransition(
            e ->
                Counter.builder("prism.store.breaker.transitions")
                    .description("Store circuit breaker state changes, by the state entered")
                    .tag("to", e.getStateTransition().getToState().name().toLowerCase(Locale.ROOT))
                    .register(registry)
                    .increment());
  }

  private Counter breakerCounter(String outcome) {
    return Counter.builder("prism.store.breaker.calls")
        .description("Store calls through the circuit breaker, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
