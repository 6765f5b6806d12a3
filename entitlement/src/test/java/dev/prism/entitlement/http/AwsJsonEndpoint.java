package dev.prism.entitlement.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * A local endpoint answering an AWS service's JSON 1.1 protocol (the {@code X-Amz-Target} header
 * names the operation, request and answer are JSON), so the real SDK client runs against it: the
 * stand-in for Secrets Manager and SSM Parameter Store, which this machine cannot reach. Every call
 * is recorded with its target, Authorization header and body.
 */
final class AwsJsonEndpoint implements AutoCloseable {
  /** An answer: HTTP status and JSON body ({@code __type} and {@code message} for errors). */
  record Answer(int status, JsonObject body) {
    static Answer ok(JsonObject body) {
      return new Answer(200, body);
    }

    static Answer error(String type, String message) {
      return new Answer(400, new JsonObject().put("__type", type).put("message", message));
    }
  }

  final List<JsonObject> calls = new CopyOnWriteArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  /** Starts on 127.0.0.1 with {@code operation}: request body → answer. */
  AwsJsonEndpoint(Function<JsonObject, Answer> operation) {
    server =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  JsonObject json = body.toJsonObject();
                                  calls.add(
                                      new JsonObject()
                                          .put("target", request.getHeader("X-Amz-Target"))
                                          .put("authorization", request.getHeader("Authorization"))
                                          .put("body", json));
                                  Answer answer = operation.apply(json);
                                  request
                                      .response()
                                      .setStatusCode(answer.status())
                                      .putHeader("Content-Type", "application/x-amz-json-1.1")
                                      .end(answer.body().encode());
                                }))
                .listen(0, "127.0.0.1"));
  }

  /** {@code builder} pointed here, in us-east-1, with static test credentials. */
  <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(URI.create("http://127.0.0.1:" + server.actualPort()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .build();
  }

  /** The last call recorded. */
  JsonObject lastCall() {
    return calls.get(calls.size() - 1);
  }

  @Override
  public void close() {
    Await.result(server.close());
    Await.result(vertx.close());
  }
}
