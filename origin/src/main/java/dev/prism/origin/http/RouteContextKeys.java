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

  /** {@code String}: {@code hit} or {@code miss} when the response came through a cache. */
  public static final String CACHE = "prism.cache";

  private RouteContextKeys() {}
}
