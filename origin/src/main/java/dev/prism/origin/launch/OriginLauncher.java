package dev.prism.origin.launch;

import dev.prism.entitlement.http.EntitlementRoutes;
import dev.prism.entitlement.http.PlayHandler;
import dev.prism.origin.OriginServer;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.gate.Gate;
import dev.prism.store.BlobStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one start-up path of the origin, shared by {@code prism serve} and {@code prism demo}: the
 * configuration becomes {@link OriginSettings}, a metered {@link Vertx}, the {@link OriginServer}
 * over the store, the gate ({@link Gate#fromConfig}, installed first: docs/ARCHITECTURE.md's order
 * origin secret → signed cookie/URL → route), the entitlement mint on {@code POST /play/{assetId}}
 * when {@code entitlement.enabled}, then whatever routes the command adds, and the bound port.
 *
 * <pre>{@code
 * OriginLauncher.Running origin = OriginLauncher.start(cfg, store, (server, vertx) -> {});
 * ... origin.port() ...
 * origin.awaitShutdownSignal(); // Ctrl-C or SIGTERM: drain, close Vert.x, close the store
 * }</pre>
 */
public final class OriginLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(OriginLauncher.class);

  /** How a {@link StartException} for a port that cannot be bound begins. */
  public static final String LISTEN_FAILURE = "cannot listen on";

  private OriginLauncher() {}

  /** Routes a command adds after the gate and the mint, before the server binds. */
  @FunctionalInterface
  public interface Extension {
    /**
     * @param server the origin, not yet started ({@link OriginServer#addRoutes})
     * @param vertx its Vert.x instance
     */
    void mount(OriginServer server, Vertx vertx);
  }

  /** A start-up failure a command prints as one line ({@code prism: <message>}). */
  public static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Opens {@code store.*} and starts the origin on it; see {@link #start(PrismConfig, BlobStore,
   * Extension)}.
   *
   * @throws StartException when a gate key or the entitlement signing key cannot be used, or the
   *     port cannot be bound
   */
  public static Running start(PrismConfig config, Extension extension) throws StartException {
    return start(config, config.store().open(), extension);
  }

  /**
   * Starts the origin on {@code store}, which the returned handle then owns (closed by {@link
   * Running#close()}, and here when the start fails).
   *
   * @param config the loaded configuration
   * @param store the asset store
   * @param extension extra routes (the demo's player page); {@code (s, v) -> {}} for none
   * @return the running origin
   * @throws StartException when a gate key or the entitlement signing key cannot be used (an
   *     unreadable file, a bad base URL, an unusable entitlement setting), or the server cannot
   *     bind (the port is taken; the message begins with {@value #LISTEN_FAILURE})
   */
  public static Running start(PrismConfig config, BlobStore store, Extension extension)
      throws StartException {
    OriginSettings settings = OriginSettings.from(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = OriginServer.newVertx(registry);
    Clock clock = Clock.systemUTC();
    OriginServer server = new OriginServer(vertx, settings, store, registry, clock);
    boolean started = false;
    try {
      // docs/ARCHITECTURE.md's order: origin-secret check → signed-cookie/URL check → route.
      try {
        Gate.fromConfig(config.gate(), config.delivery().publicBaseUrls(), server.metrics(), clock)
            .install(server);
      } catch (IOException | IllegalArgumentException e) { // unreadable key file, bad base URL
        throw new StartException("gate: " + e.getMessage(), e);
      }
      if (config.entitlement().enabled()) {
        PlayHandler play;
        try {
          play = EntitlementWiring.playHandler(vertx, store, config);
        } catch (IOException | IllegalArgumentException e) {
          throw new StartException("entitlement: " + e.getMessage(), e);
        }
        // The JWKS before the first viewer, as the standalone entitlement service does: a bad
        // jwks location shows at start-up, and the first burst of POST /play finds keys cached.
        play.verifier()
            .preload()
            .recover(
                e -> {
                  LOG.warn(
                      "JWKS not loaded at start-up, will retry on the first request: {}",
                      e.toString());
                  return Future.succeededFuture();
                })
            .await();
        server.addRoutes(router -> EntitlementRoutes.mount(router, play));
      }
      extension.mount(server, vertx);
      int port;
      try {
        port = server.start().await();
      } catch (Exception e) { // await() rethrows the listen failure as is, even a checked one
        throw new StartException(
            LISTEN_FAILURE + " " + settings.host() + ":" + settings.port() + ": " + e.getMessage(),
            e);
      }
      started = true;
      return new Running(server, vertx, store, settings, port);
    } finally {
      if (!started) {
        vertx.close().await();
        store.close();
      }
    }
  }

  /** A started origin: its port, and a graceful stop. */
  public static final class Running implements AutoCloseable {
    private final OriginServer server;
    private final Vertx vertx;
    private final BlobStore store;
    private final OriginSettings settings;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Running(
        OriginServer server, Vertx vertx, BlobStore store, OriginSettings settings, int port) {
      this.server = server;
      this.vertx = vertx;
      this.store = store;
      this.settings = settings;
      this.port = port;
    }

    /** The bound TCP port. */
    public int port() {
      return port;
    }

    /** The origin's own URL, {@code http(s)://host:port} (not the CDN's public base URL). */
    public String url() {
      String scheme = settings.tls().isPresent() ? "https" : "http";
      String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
      return scheme + "://" + host + ":" + port;
    }

    /** The Vert.x instance the origin runs on. */
    public Vertx vertx() {
      return vertx;
    }

    /** The store the origin reads. */
    public BlobStore store() {
      return store;
    }

    /** The origin's settings. */
    public OriginSettings settings() {
      return settings;
    }

    /**
     * Graceful stop, once: stop accepting connections, let in-flight requests finish for up to
     * {@code server.shutdownGrace}, close Vert.x, close the store. Blocks until done.
     */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      LOG.info("stopping: draining in-flight requests (up to {})", settings.shutdownTimeout());
      try {
        server.stop().await();
        vertx.close().await();
      } finally {
        store.close();
      }
    }

    /**
     * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then {@link #close() closes} the
     * origin from the shutdown hook and returns once it is closed.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitShutdownSignal() throws InterruptedException {
      ShutdownSignal.await("prism-shutdown", this::close);
    }
  }
}
