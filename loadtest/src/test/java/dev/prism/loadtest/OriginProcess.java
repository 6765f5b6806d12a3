package dev.prism.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar prism.jar serve --config FILE} as a child process: started, awaited on {@code
 * /readyz}, and stopped by its pid (SIGTERM through {@link Process#destroy()}, then {@link
 * Process#destroyForcibly()} after a grace period). Its output goes to a log file.
 */
final class OriginProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Process process;
  private final String baseUrl;
  private final Path log;

  private OriginProcess(Process process, String baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /**
   * Starts {@code prism serve} and waits until {@code baseUrl/readyz} answers 200.
   *
   * @param jar the runnable jar (origin/target/prism.jar, with lib/ next to it)
   * @param config the configuration file given with {@code --config}
   * @param home the {@code prism.home} (relative paths in the configuration resolve against it)
   * @param baseUrl where the configuration makes it listen, e.g. {@code http://127.0.0.1:18080}
   * @param log where its standard output and error go
   * @throws IOException if it cannot start, exits, or is not ready within {@code timeout}
   */
  static OriginProcess start(
      Path jar, Path config, Path home, String baseUrl, Path log, Duration timeout)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          jar + " is missing: build it first (./mvnw -pl origin -am package -DskipTests)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dprism.home=" + home);
    command.add("-jar");
    command.add(jar.toString());
    command.add("serve");
    command.add("--config");
    command.add(config.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // The origin reads PRISM_* overrides from the environment: none may leak in from the caller.
    builder.environment().keySet().removeIf(name -> name.startsWith("PRISM_"));
    Process process = builder.start();
    OriginProcess origin = new OriginProcess(process, baseUrl, log);
    try {
      origin.awaitReady(timeout);
      return origin;
    } catch (IOException | InterruptedException | RuntimeException e) {
      origin.close();
      throw e;
    }
  }

  /** The child's process id. */
  long pid() {
    return process.pid();
  }

  /** The origin's output so far (for failure messages). */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(baseUrl + "/readyz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("prism serve exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IOException("prism serve not ready within " + timeout + ":\n" + log());
  }

  /** Stops the child by its pid: SIGTERM, then SIGKILL after 15 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
