package dev.prism.origin.http;

import dev.prism.origin.delivery.Delivery;
import dev.prism.origin.delivery.Resource;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.resource.Packager;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The handlers of the {@code /v1/} URLs (docs/ARCHITECTURE.md, "URLs"): parse the path with {@link
 * ResourceNaming} (400 for a malformed id, 404 for anything it does not recognise or that is not
 * served yet, both before any store access), delegate to {@link Delivery}, answer with {@link
 * Responses}. Thin by design; failures go to {@link HttpErrors}.
 */
public final class Routes {
  private static final HttpException BAD_REQUEST = new HttpException(400);
  private static final HttpException NOT_FOUND = new HttpException(404);

  private final Delivery delivery;

  /**
   * @param delivery produces the resources the routes answer with
   */
  public Routes(Delivery delivery) {
    this.delivery = delivery;
  }

  /**
   * Mounts the content routes on {@code router}, for GET and HEAD: one handler for {@code /v1/*}
   * that parses the path with the packager's {@link ResourceNaming} (the inverse of the URLs the
   * manifests carry, so exactly those are accepted).
   */
  public void mount(Router router) {
    router
        .route(ResourceNaming.PREFIX + "*")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(this::content);
  }

  private void content(RoutingContext ctx) {
    String path = ctx.request().path();
    // ResourceNaming's scanner has no regexes and allocates only the ids and the record: the entry
    // manifests, the most requested small objects, and the segments take the same cheap path.
    PackagingRequest request = ResourceNaming.parseOrNull(path);
    if (request == null) {
      throw ResourceNaming.hasMalformedId(path) ? BAD_REQUEST : NOT_FOUND;
    }
    if (!Packager.serves(request)) {
      throw NOT_FOUND; // recognised by the grammar, not served yet (tiers, configurations, ...)
    }
    reply(ctx, delivery.resource(request));
  }

  /** Sends at once when the resource is ready (the hot path), else when the load completes. */
  static void reply(RoutingContext ctx, CompletableFuture<Resource> resource) {
    if (resource.isDone() && !resource.isCompletedExceptionally()) {
      Responses.send(ctx, rewritten(ctx, resource.join()));
      return;
    }
    Future.fromCompletionStage(resource, ctx.vertx().getOrCreateContext())
        .onComplete(
            done -> {
              if (ctx.response().ended() || ctx.response().headWritten() || ctx.failed()) {
                return; // already answered (the request timeout's 503)
              }
              if (done.succeeded()) {
                Responses.send(ctx, rewritten(ctx, done.result()));
              } else {
                ctx.fail(done.cause());
              }
            });
  }

  /**
   * {@code resource} through the guard's {@link RouteContextKeys#RESOURCE_REWRITE}, if one is set.
   */
  private static Resource rewritten(RoutingContext ctx, Resource resource) {
    UnaryOperator<Resource> rewrite = ctx.get(RouteContextKeys.RESOURCE_REWRITE);
    return rewrite == null ? resource : rewrite.apply(resource);
  }

  /** A handler that answers 200 with a short text; for {@code /healthz}. */
  public static Handler<RoutingContext> ok() {
    return ctx ->
        ctx.response()
            .putHeader("Content-Type", "text/plain; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end("ok\n");
  }
}
