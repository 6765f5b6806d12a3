package dev.prism.entitlement.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entitlement service on its own HTTP server ({@code prism entitle}), so it can be deployed
 * apart from the origin: {@code POST /play/:assetId} and {@code GET /healthz}.
 */
public final class EntitlementServer {
  private static final Logger LOG = LoggerFactory.getLogger(EntitlementServer.class);

  private final HttpServer server;

  private EntitlementServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Loads the JWKS (a failure is logged, not fatal: the next request retries) and listens.
   *
   * @param host the interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the TCP port, 0 for any free port
   * @return the running server; fails when the port cannot be bound
   */
  public static Future<EntitlementServer> start(
      Vertx vertx, PlayHandler handler, String host, int port) {
    Router router = Router.router(vertx);
    EntitlementRoutes.mount(router, handler);
    router
        .get("/healthz")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"));
    return handler
        .verifier()
        .preload()
        .recover(
            e -> {
              LOG.warn(
                  "JWKS not loaded at start-up, will retry on the first request: {}", e.toString());
              return Future.succeededFuture();
            })
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(port, host))
        .map(
            server -> {
              LOG.info("entitlement service listening on http://{}:{}", host, server.actualPort());
              return new EntitlementServer(server);
            });
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** Stops listening. */
  public Future<Void> close() {
    return server.close();
  }
}
