package dev.prism.origin.http;

/**
 * Keys of {@link io.vertx.ext.web.RoutingContext#put} data shared between the origin's handlers and
 * the guards others mount in front of the routes.
 */
public final class RouteContextKeys {
  /** {@code String}: the route name ({@link RouteNames}), set before any guard runs. */
  public static final String ROUTE = "prism.route";

  /**
   * {@code String}: why a guard refused the request (e.g. {@code expired}); written to the access
   * log's {@code denial} field. The client only ever sees the fixed 403 body.
   */
  public static final String DENIAL = "prism.denial";

  /**
   * {@code java.util.function.UnaryOperator<Resource>}: set by a guard to transform the resource a
   * route answers with, after the caches and before {@link Responses#send} (the gate's per-viewer
   * manifest rewrite for cookie-less players). The result is never cached.
   */
  public static final String RESOURCE_REWRITE = "prism.resourceRewrite";

  private RouteContextKeys() {}
}
