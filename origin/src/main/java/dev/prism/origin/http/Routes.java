package dev.prism.origin.http;

import dev.prism.origin.delivery.Delivery;
import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.store.contract.AssetKeys;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of DESIGN.md's {@code /v1/} URLs: parse and validate the path (400 before any store
 * access), delegate to {@link Delivery}, answer with {@link Responses}. Thin by design (STYLE.md
 * #11); failures go to {@link HttpErrors}.
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
    router.route("/v1/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::content);
  }

  private void content(RoutingContext ctx) {
    String path = ctx.request().path();
    // The entry manifests are the most requested small objects: recognised without regexes.
    String asset = entryAsset(path, HLS_ENTRY);
    if (asset != null) {
      reply(ctx, delivery.resource(new MultivariantPlaylistRequest(asset)));
      return;
    }
    asset = entryAsset(path, DASH_ENTRY);
    if (asset != null) {
      reply(ctx, delivery.resource(new MpdRequest(asset)));
      return;
    }
    Optional<PackagingRequest> parsed = ResourceNaming.parse(path);
    if (parsed.isEmpty()) {
      throw hasInvalidId(path) ? BAD_REQUEST : NOT_FOUND;
    }
    reply(ctx, delivery.resource(parsed.get()));
  }

  private static final String PREFIX = "/v1/";
  private static final String HLS_ENTRY = "/hls/index.m3u8";
  private static final String DASH_ENTRY = "/dash/index.mpd";
  private static final int MAX_ID_LENGTH = 128;

  /**
   * The asset id of {@code /v1/{assetId}{suffix}}, or null when {@code path} is not that shape with
   * a valid id. Agrees with {@link ResourceNaming#parse} on these two forms (tested), without its
   * allocations.
   */
  static @Nullable String entryAsset(String path, String suffix) {
    int end = path.length() - suffix.length();
    if (end <= PREFIX.length() || !path.startsWith(PREFIX) || !path.endsWith(suffix)) {
      return null;
    }
    if (end - PREFIX.length() > MAX_ID_LENGTH) {
      return null;
    }
    for (int i = PREFIX.length(); i < end; i++) {
      char c = path.charAt(i);
      boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (i == PREFIX.length() || (c != '.' && c != '_' && c != '-'))) {
        return null;
      }
    }
    return path.substring(PREFIX.length(), end);
  }

  /**
   * True when a path segment after {@code /v1/} is not a valid id once its file extension is
   * removed: a malformed id is the client's error (400), a well-formed unknown name is 404.
   */
  static boolean hasInvalidId(String path) {
    String rest = path.substring("/v1/".length());
    if (rest.isEmpty()) {
      return false;
    }
    for (String segment : rest.split("/", -1)) {
      String id = segment;
      int dot = id.lastIndexOf('.');
      if (dot > 0
          && (id.endsWith(".m3u8")
              || id.endsWith(".m4s")
              || id.endsWith(".mp4")
              || id.endsWith(".mpd"))) {
        id = id.substring(0, dot);
      }
      if (!AssetKeys.isValidId(id)) {
        return true;
      }
    }
    return false;
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
