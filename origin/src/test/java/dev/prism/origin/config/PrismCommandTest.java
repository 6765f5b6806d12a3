package dev.prism.origin.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.origin.cli.ConfigOptions;
import dev.prism.origin.cli.PrismCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code prism} command line's global behaviour: help, {@code --config}, exit statuses. */
class PrismCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** A subcommand that only loads the configuration, as every real one does first. */
  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    @Mixin ConfigOptions config;

    int port = -1;

    @Override
    public Integer call() {
      port = config.load().server().port();
      return 0;
    }
  }

  private final Probe probe = new Probe();

  private int run(String... args) {
    CommandLine cl = PrismCommand.newCommandLine();
    cl.addSubcommand("probe", probe);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void help_listsEverySubcommandAndTheExitStatuses() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("serve", "transcode", "demo", "keys", "token", "entitle", "--config=FILE")
        .contains("2   bad command line or configuration");
  }

  @Test
  void help_onEverySubcommand() {
    for (String sub : new String[] {"serve", "transcode", "demo", "keys", "token", "entitle"}) {
      out.getBuffer().setLength(0);
      assertThat(run(sub, "--help")).as(sub).isZero();
      assertThat(out.toString()).as(sub).startsWith("Usage: prism " + sub);
    }
  }

  @Test
  void noSubcommand_printsUsage() {
    assertThat(run()).isZero();
    assertThat(out.toString()).startsWith("Usage: prism");
  }

  @Test
  void unknownOption_isExitStatus2() {
    assertThat(run("--no-such-option")).isEqualTo(2);
  }

  @Test
  void configTypo_printsOneLineAndExits2() throws IOException {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "cahce:\n  manifestTtl: 5s\n");

    assertThat(run("--config", file.toString(), "probe")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "prism: config error: unknown key cahce (allowed: server, store, cache, delivery,"
                + " gate, entitlement, transcoder); did you mean cache?"
                + System.lineSeparator());
  }

  @Test
  void configOption_acceptedBeforeOrAfterTheSubcommand() throws IOException {
    Path file = dir.resolve("port.yaml");
    Files.writeString(file, "server:\n  port: 9123\n");

    assertThat(run("--config", file.toString(), "probe")).isZero();
    assertThat(probe.port).isEqualTo(9123);
    probe.port = -1;
    assertThat(run("probe", "-c", file.toString())).isZero();
    assertThat(probe.port).isEqualTo(9123);
    assertThat(err.toString()).isEmpty();
  }
}
