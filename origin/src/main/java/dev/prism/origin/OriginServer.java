package dev.prism.origin;

import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.delivery.AdmissionExecutor;
import dev.prism.origin.delivery.Delivery;
import dev.prism.origin.delivery.GuardedBlobStore;
import dev.prism.origin.delivery.StoreDelivery;
import dev.prism.origin.http.AccessLog;
import dev.prism.origin.http.HeaderNames;
import dev.prism.origin.http.HttpErrors;
import dev.prism.origin.http.RequestTimeout;
import dev.prism.origin.http.Routes;
import dev.prism.origin.metrics.OriginMetrics;
import dev.prism.origin.metrics.TimedBlobStore;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prism origin: Vert.x HTTP servers (one per event loop, sharing the port) answering
 * docs/ARCHITECTURE.md's URLs from a {@link BlobStore}.
 *
 * <p>Route chain, in order (docs/ARCHITECTURE.md, "Request path"):
 *
 * <ol>
 *   <li>{@link AccessLog} on every request: names the route ({@code RouteContextKeys.ROUTE}, from
 *       the path's shape, so refused requests are labelled too), records metrics, writes the JSON
 *       line;
 *   <li>the guards given to {@link #addOperationsGuard} on {@code /healthz}, {@code /readyz},
 *       {@code /metrics}; then those routes; then the extra routes given to {@link #addRoutes}
 *       (e.g. {@code POST /play/:asset});
 *   <li>CORS on {@code /v1/*} when origins are configured, plus {@code Vary: Origin} (before the
 *       guards: a preflight carries no credentials);
 *   <li>the <b>guards</b> given to {@link #addGuard}, in order, on {@code /v1/*}: origin-secret
 *       check, then signed-cookie/URL check. A guard calls {@code ctx.next()} to let the request
 *       through, or refuses it with {@code ctx.fail(403)} after recording the reason with {@link
 *       OriginMetrics#gateDenial} and {@code ctx.put(RouteContextKeys.DENIAL, reason)} (the failure
 *       handler answers the fixed {@code Forbidden} body; the access log carries the reason). A
 *       guard may set {@code RouteContextKeys.RESOURCE_REWRITE} to transform the resource after the
 *       caches (per-viewer manifests, never cached). Guards run on event loops of several servers
 *       at once: they must be thread-safe and must not block;
 *   <li>the content routes ({@link Routes}), then the one failure handler ({@link HttpErrors}).
 * </ol>
 *
 * <p>Lifecycle: configure, {@link #start()}, then {@link #stop()} drains in-flight requests for up
 * to {@link OriginSettings#shutdownTimeout()} before closing. The caller owns the {@link Vertx} and
 * the store.
 */
public final class OriginServer {
  private static final Logger LOG = LoggerFactory.getLogger(OriginServer.class);
  private final Vertx vertx;
  private final OriginSettings settings;
  private final BlobStore store;
  private final GuardedBlobStore guardedStore;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final OriginMetrics metrics;
  private final List<Handler<RoutingContext>> guards = new ArrayList<>();
  private final List<Handler<RoutingContext>> operationsGuards = new ArrayList<>();
  private final List<Consumer<Router>> extraRoutes = new ArrayList<>();
  private @Nullable ExecutorService packagingExecutor;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<String> deploymentIds = new CopyOnWriteArrayList<>();
  private boolean started;
  private @Nullable Delivery delivery;
  private Duration fileCloseDelay = StoreDelivery.DEFAULT_FILE_CLOSE_DELAY;

  /**
   * @param vertx the Vert.x instance; build it with {@link #newVertx} so Vert.x's own metrics land
   *     in {@code registry}
   * @param settings bind address, caches, CORS, shutdown
   * @param store the asset store (not closed by this server)
   * @param registry where {@code /metrics} reads from
   * @param clock the wall clock (access log timestamps)
   */
  public OriginServer(
      Vertx vertx,
      OriginSettings settings,
      BlobStore store,
      PrometheusMeterRegistry registry,
      Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.registry = registry;
    this.clock = clock;
    this.metrics = new OriginMetrics(registry);
    // The breaker outside the timing: a call it refuses never reached the store, so it is not a
    // store read; prism_store_breaker_calls_total{outcome="not_permitted"} counts those.
    this.guardedStore = new GuardedBlobStore(new TimedBlobStore(store, metrics), settings.outage());
    metrics.bindBreaker(guardedStore.breaker());
    this.store = guardedStore;
    if (settings.corsAllowedOrigins().contains("*")) {
      LOG.warn(
          "delivery.cors.allowedOrigins contains *: every web page's origin is echoed with"
              + " Access-Control-Allow-Credentials: true, so any site a viewer visits can read"
              + " /v1/ answers with that viewer's signed cookies. Development only: list the"
              + " player origins instead");
    }
  }

  /** A Vert.x instance whose HTTP and pool metrics go to {@code registry} (vertx-micrometer). */
  public static Vertx newVertx(PrometheusMeterRegistry registry) {
    return Vertx.builder()
        .with(
            new VertxOptions()
                // epoll on Linux when netty-transport-native-epoll is present, else NIO.
                .setPreferNativeTransport(true)
                .setMetricsOptions(
                    new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)
                        // Requests are measured once, by route, in prism_http_requests_seconds;
                        // Vert.x's own per-request meters would double the cost (tags per request).
                        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /**
   * Adds a pre-route guard on {@code /v1/*}; guards run in the order added, after CORS and before
   * any content route. Call before {@link #start()}.
   *
   * @param guard calls {@code ctx.next()} to admit, {@code ctx.fail(403)} to refuse
   * @return this
   * @throws IllegalStateException once started
   */
  public OriginServer addGuard(Handler<RoutingContext> guard) {
    requireNotStarted();
    guards.add(guard);
    return this;
  }

  /**
   * Adds a guard in front of the operations routes ({@code /healthz}, {@code /readyz}, {@code
   * /metrics}), e.g. the origin-secret check when {@code gate.originSecret.protectOperations} is
   * set. Same contract as {@link #addGuard}. Call before {@link #start()}.
   *
   * @return this
   * @throws IllegalStateException once started
   */
  public OriginServer addOperationsGuard(Handler<RoutingContext> guard) {
    requireNotStarted();
    operationsGuards.add(guard);
    return this;
  }

  /**
   * Adds routes outside {@code /v1/} (mounted after the operations routes, before the guards), e.g.
   * the entitlement mint's {@code POST /play/:asset}. Call before {@link #start()}.
   *
   * @return this
   * @throws IllegalStateException once started
   */
  public OriginServer addRoutes(Consumer<Router> routes) {
    requireNotStarted();
    extraRoutes.add(routes);
    return this;
  }

  /**
   * Sets how long after a version leaves the index cache its open track files close (default {@link
   * StoreDelivery#DEFAULT_FILE_CLOSE_DELAY}); tests shorten it. Call before {@link #start()}.
   *
   * @throws IllegalStateException once started
   */
  OriginServer fileCloseDelay(Duration delay) {
    requireNotStarted();
    this.fileCloseDelay = delay;
    return this;
  }

  /** The origin's meters; guards record denials here. */
  public OriginMetrics metrics() {
    return metrics;
  }

  /**
   * Binds and starts serving, once.
   *
   * @return a future of the bound port; failed when the port cannot be bound
   * @throws IllegalStateException when already started
   */
  public Future<Integer> start() {
    requireNotStarted();
    started = true;
    int threads = settings.packagingThreads();
    int queue = settings.outage().packagingQueue();
    // Bounded: request work is admitted up to `queue` waiting tasks (then 503), and the pool's
    // own queue has room for those plus internal work (cache maintenance, closing files).
    ExecutorService executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queue + INTERNAL_QUEUE_SLACK),
            daemonThreads("prism-packaging"));
    this.packagingExecutor = executor;
    Executor requests =
        new AdmissionExecutor(
            executor, threads + queue, () -> metrics.loadShed("packaging_queue_full"));
    StoreDelivery storeDelivery =
        new StoreDelivery(store, settings, executor, requests, metrics, fileCloseDelay);
    storeDelivery.caches().forEach(metrics::bindCache);
    this.delivery = storeDelivery;

    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(settings.host())
            .setPort(settings.port())
            .setTcpNoDelay(true)
            // Compression stays off: a compressor in the pipeline disables zero-copy sendFile.
            // Manifests are gzipped once per cache fill instead (Responses).
            .setCompressionSupported(false)
            // HTTP/2 in clear text (h2c, by upgrade or prior knowledge) stays on: CloudFront talks
            // HTTP/1.1 to origins, but load generators and in-cluster clients may ask for h2c.
            // There, Responses streams file regions by path (Vert.x cannot send a FileChannel over
            // HTTP/2). Over TLS without ALPN every connection is HTTP/1.1 and keeps zero copy.
            .setHttp2ClearTextEnabled(true)
            // Closes connections silent for this long; at least twice the segment duration
            // (OriginSettings checks), so a paced player's keep-alive connection survives.
            .setIdleTimeout((int) settings.outage().idleTimeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    settings
        .tls()
        .ifPresent(
            tls ->
                options
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(tls.certFile().toString())
                            .setKeyPath(tls.keyFile().toString())));
    LOG.info(
        "origin on {}:{}, store {}, {} event loops, transport {}",
        settings.host(),
        settings.port(),
        store.describe(),
        settings.eventLoops(),
        vertx.isNativeTransportEnabled() ? "epoll" : "nio");
    // One server per event loop, sharing the port (Vert.x balances connections between them): a
    // server created outside a verticle would run every connection on a single event loop. Vert.x
    // shares a listening socket between instances bound to the same host and port, but with port 0
    // each instance would pick its own: resolve a free port first.
    int port;
    try {
      port = settings.port() != 0 ? settings.port() : freePort(settings.host());
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    options.setPort(port);
    return deploy(options, () -> router(storeDelivery), settings.eventLoops()).map(id -> port);
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }

  private Future<String> deploy(HttpServerOptions options, Supplier<Router> routes, int instances) {
    return vertx
        .deployVerticle(
            () -> new ServerInstance(options, routes, servers),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(deploymentIds::add);
  }

  /** One HTTP server on one event loop; all instances share the listening port. */
  private static final class ServerInstance implements Deployable {
    private final HttpServerOptions options;
    private final Supplier<Router> router;
    private final List<HttpServer> servers;

    ServerInstance(HttpServerOptions options, Supplier<Router> router, List<HttpServer> servers) {
      this.options = options;
      this.router = router;
      this.servers = servers;
    }

    @Override
    public Future<?> deploy(Context context) {
      HttpServer server =
          context
              .owner()
              .createHttpServer(new HttpServerOptions(options))
              .requestHandler(router.get());
      servers.add(server);
      return server.listen();
    }
  }

  /**
   * The bound port, once started.
   *
   * @throws IllegalStateException before {@link #start()} has bound
   */
  public int port() {
    if (servers.isEmpty()) {
      throw new IllegalStateException("not started");
    }
    return servers.get(0).actualPort();
  }

  /** The port of every server instance (one per event loop); all equal once started. */
  List<Integer> boundPorts() {
    return servers.stream().map(HttpServer::actualPort).toList();
  }

  /**
   * Graceful stop: stops accepting connections, lets in-flight requests finish for up to {@link
   * OriginSettings#shutdownTimeout()}, then closes the remaining connections and the packaging
   * threads.
   */
  public Future<Void> stop() {
    long timeoutMs = settings.shutdownTimeout().toMillis();
    List<Future<Void>> shutdowns = new ArrayList<>();
    for (HttpServer s : servers) {
      shutdowns.add(s.shutdown(timeoutMs, TimeUnit.MILLISECONDS));
    }
    return Future.join(shutdowns)
        .<Void>mapEmpty()
        .eventually(
            () -> {
              List<Future<Void>> undeployed = new ArrayList<>();
              for (String id : deploymentIds) {
                undeployed.add(vertx.undeploy(id));
              }
              return Future.join(undeployed);
            })
        .eventually(
            () -> {
              ExecutorService e = packagingExecutor;
              if (e != null) {
                e.shutdownNow();
              }
              return Future.succeededFuture();
            });
  }

  private Router router(Delivery content) {
    Router router = Router.router(vertx);
    router.route().handler(new AccessLog(metrics, clock));
    for (Handler<RoutingContext> guard : operationsGuards) {
      for (String path : List.of("/healthz", "/readyz", "/metrics")) {
        router.route(path).handler(guard);
      }
    }
    router.get("/healthz").handler(Routes.ok());
    router.get("/readyz").handler(this::readiness);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    extraRoutes.forEach(r -> r.accept(router));
    if (!settings.corsAllowedOrigins().isEmpty()) {
      List<String> origins = settings.corsAllowedOrigins();
      CorsHandler cors =
          origins.contains("*")
              // Echo any origin (development): a literal "*" cannot carry credentials (Fetch
              // §3.2.5).
              ? CorsHandler.create().addOriginWithRegex("https?://.+")
              : CorsHandler.create().addOrigins(origins);
      router
          .route("/v1/*")
          .handler(
              cors.allowCredentials(true)
                  .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS))
                  .allowedHeaders(
                      Set.of(
                          HeaderNames.RANGE.toString(),
                          HttpHeaders.IF_NONE_MATCH.toString(),
                          HeaderNames.IF_RANGE.toString()))
                  .exposedHeaders(
                      Set.of(
                          HttpHeaders.CONTENT_LENGTH.toString(),
                          HttpHeaders.CONTENT_RANGE.toString(),
                          HttpHeaders.ETAG.toString(),
                          HttpHeaders.ACCEPT_RANGES.toString()))
                  .maxAgeSeconds(600));
      // Every /v1/ answer depends on the Origin header once CORS is on (RFC 9110 §12.5.5), so a
      // shared cache must never hand one origin's answer to another.
      router
          .route("/v1/*")
          .handler(
              ctx -> {
                ctx.response().headers().add(HttpHeaders.VARY, "Origin");
                ctx.next();
              });
    }
    router
        .route("/v1/*")
        .handler(new RequestTimeout(settings.outage().requestTimeout().toMillis(), metrics));
    for (Handler<RoutingContext> guard : guards) {
      router.route("/v1/*").handler(guard);
    }
    new Routes(content).mount(router);
    router.route().failureHandler(HttpErrors::respond);
    return router;
  }

  /** Ready when the store answers: a missing probe key is an answer, an I/O failure is not. */
  private void readiness(RoutingContext ctx) {
    Future.fromCompletionStage(
            store.metadata("prism-readyz-probe").handle((m, e) -> reachable(e)),
            ctx.vertx().getOrCreateContext())
        .timeout(2, TimeUnit.SECONDS)
        .onComplete(
            r -> {
              boolean ok = r.succeeded() && r.result();
              ctx.response()
                  .setStatusCode(ok ? 200 : 503)
                  .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                  .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                  .end(ok ? "ready\n" : "store unreachable\n");
            });
  }

  private static boolean reachable(@Nullable Throwable e) {
    if (e == null) {
      return true;
    }
    Throwable f = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return f instanceof BlobNotFoundException;
  }

  private void requireNotStarted() {
    if (started) {
      throw new IllegalStateException("already started");
    }
  }

  /** Room in the packaging pool's queue for internal tasks beyond admitted request work. */
  private static final int INTERNAL_QUEUE_SLACK = 1_024;

  /** The store circuit breaker's wrapper, for tests. */
  GuardedBlobStore guardedStore() {
    return guardedStore;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
