package dev.prism.origin.cli;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.origin.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prism token}, DEVELOPMENT ONLY: viewer JWTs signed with the local development key ({@link
 * DevelopmentIdentity}: {@code .prism/keys/dev-jwt.pem}, public half in {@code
 * .prism/dev-jwks.json}, both created on first use). The default configuration's {@code
 * entitlement.jwt} trusts that JWKS; a production configuration must not.
 *
 * <p>One token goes to stdout; {@code --count N --out FILE} writes N tokens for N subjects as a
 * Gatling CSV feeder ({@code token,subject}).
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "DEVELOPMENT ONLY: mint viewer JWTs signed with the local development JWKS.",
      "Never trust .prism/dev-jwks.json in production: anyone with .prism/ can mint viewers."
    })
final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--subject",
      paramLabel = "S",
      description = "The sub claim (with --count: the prefix, S-00001...). Default: dev-viewer.")
  String subject = "dev-viewer";

  @Option(
      names = "--plan",
      paramLabel = "P",
      description =
          "The plan claim; default: none (assets with an empty plan list admit any plan).")
  String plan = "";

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description = "Token lifetime: 90s, 30m, 24h, 7d or ISO-8601 (PT24H). Default: 24h.")
  String ttl = "24h";

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Mint N tokens for N subjects (needs --out).")
  int count = 1;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write a Gatling CSV feeder (header token,subject; one token per line).")
  @Nullable Path out;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "Where the development key and JWKS live (default: .prism).")
  @Nullable Path stateDir;

  @Override
  public Integer call() throws Exception {
    Duration lifetime = parseDuration(ttl);
    if (count < 1 || (count > 1 && out == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--count must be at least 1, and above 1 only with --out FILE");
    }
    Path dir = stateDir != null ? stateDir : ConfigLoader.baseDir().resolve(".prism");
    DevelopmentIdentity identity = DevelopmentIdentity.loadOrCreate(dir);
    Instant now = Clock.systemUTC().instant();
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.printf(
        Locale.ROOT,
        "DEVELOPMENT ONLY: signed with %s (kid %s), iss=%s aud=%s, valid %s%n",
        dir.resolve("keys/dev-jwt.pem"),
        identity.keyId(),
        DevelopmentIdentity.ISSUER,
        DevelopmentIdentity.AUDIENCE,
        lifetime);
    stderr.flush();
    Vertx vertx = Vertx.vertx();
    try {
      if (out == null) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(identity.mint(vertx, subject, plan, lifetime, now));
        stdout.flush();
      } else {
        // A feeder usually goes under a build folder (loadtest/target) that a fresh clone lacks.
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null) {
          Files.createDirectories(folder);
        }
        try (Writer csv = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          csv.write("token,subject\n");
          for (int i = 1; i <= count; i++) {
            String sub = count == 1 ? subject : String.format(Locale.ROOT, "%s-%05d", subject, i);
            csv.write(identity.mint(vertx, sub, plan, lifetime, now) + "," + sub + "\n");
          }
        }
        stderr.printf(Locale.ROOT, "wrote %d token(s) to %s%n", count, out);
        stderr.flush();
      }
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  /** {@code prism.yaml}'s duration syntax ({@code 24h}, {@code 1m30s}), or ISO-8601. */
  private Duration parseDuration(String text) {
    Duration d;
    try {
      d = ConfigLoader.parseDuration(text);
    } catch (IllegalArgumentException notShort) {
      try {
        d = Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--ttl: not a duration (90s, 30m, 24h, 7d, PT24H): " + text);
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ttl must be positive");
    }
    return d;
  }
}
