package dev.prism.origin.cli;

import dev.prism.origin.config.ConfigException;
import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.PrismConfig;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The global {@code --config FILE} option, as a picocli mixin: add {@code @Mixin ConfigOptions
 * config;} to a subcommand and call {@link #load()}. The option is accepted before or after the
 * subcommand name ({@code prism --config f serve} or {@code prism serve --config f}); either way
 * the value is kept on the top-level command's mixin.
 */
public final class ConfigOptions {

  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec mixee;

  private @Nullable Path configFile;

  /**
   * Sets the file on the root command's instance of this mixin (the picocli pattern for options
   * shared by a command and its subcommands).
   */
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file read instead of conf/prism.yaml (keys it leaves out keep their"
              + " defaults). PRISM_* environment variables override single keys.")
  void setConfigFile(Path file) {
    root().configFile = file;
  }

  /** The file given with {@code --config}, if any. */
  public @Nullable Path configFile() {
    return root().configFile;
  }

  /**
   * Loads the configuration: {@code --config FILE} (or {@code conf/prism.yaml} under {@code
   * prism.home}) over the built-in defaults, then the {@code PRISM_*} environment.
   *
   * @throws ConfigException a one-line error; {@link PrismCommand#newCommandLine()} prints it as
   *     {@code prism: config error: ...} and exits with status 2
   */
  public PrismConfig load() {
    return ConfigLoader.load(configFile());
  }

  /**
   * Loads the configuration with values the command sets itself, over the file and under the
   * environment (see {@link ConfigLoader#load(Path, java.util.Map)}), e.g. {@code prism demo}'s
   * {@code Map.of("entitlement.enabled", "true")}.
   *
   * @param commandOverrides dotted key → value text, as an environment variable would give it
   * @throws ConfigException a one-line error, printed by {@link PrismCommand#newCommandLine()}
   * @throws IllegalArgumentException when a dotted key is not a configuration key
   */
  public PrismConfig load(Map<String, String> commandOverrides) {
    return ConfigLoader.load(configFile(), commandOverrides);
  }

  private ConfigOptions root() {
    if (mixee == null) {
      return this;
    }
    for (CommandSpec mixin : mixee.root().mixins().values()) {
      if (mixin.userObject() instanceof ConfigOptions options) {
        return options;
      }
    }
    return this;
  }
}
