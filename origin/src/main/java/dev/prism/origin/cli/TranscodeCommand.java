package dev.prism.origin.cli;

import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.config.StoreConfig;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.S3StoreSettings;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.transcoder.ConsoleProgress;
import dev.prism.transcoder.EncodingLadder;
import dev.prism.transcoder.MezzanineInput;
import dev.prism.transcoder.ProgressEvent;
import dev.prism.transcoder.PublishedVersion;
import dev.prism.transcoder.TranscodeException;
import dev.prism.transcoder.TranscodeRequest;
import dev.prism.transcoder.Transcoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prism transcode INPUT --asset ID}: one mezzanine in, an aligned CMAF ladder published to
 * the store (docs/ARCHITECTURE.md, "The store contract"). Ctrl-C stops FFmpeg, removes the new
 * version's objects and temporary files, and leaves the previous version published.
 */
@Command(
    name = "transcode",
    mixinStandardHelpOptions = true,
    description = {
      "Transcode a mezzanine into an aligned CMAF ladder and publish it to the store.",
      "Transcoding the same input the same way again is a no-op."
    })
final class TranscodeCommand implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Parameters(
      index = "0",
      paramLabel = "INPUT",
      description =
          "The mezzanine: a file, an http(s) URL (e.g. a presigned GET) or s3://bucket/key.")
  String input = "";

  @Option(
      names = "--asset",
      required = true,
      paramLabel = "ID",
      description = "Asset id ([A-Za-z0-9][A-Za-z0-9._-]{0,127}).")
  String assetId = "";

  @Option(
      names = "--title",
      description = "Title for asset.json; a republish keeps the existing title unless given.")
  @Nullable String title;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = {
        "Entitlement policy JSON (asset.json's \"policy\" object); a republish keeps the existing"
            + " policy unless given."
      })
  @Nullable Path policyFile;

  @Option(
      names = "--store",
      paramLabel = "DIR|s3://BUCKET[/PREFIX]",
      description =
          "Store to publish to, instead of store.* of the configuration. An s3:// store uses the"
              + " endpoint, region and credentials of store.s3.*.")
  @Nullable String store;

  @Option(
      names = "--ladder",
      paramLabel = "FILE",
      description = "Encoding ladder YAML instead of transcoder.ladder (conf/ladder.yaml).")
  @Nullable Path ladderFile;

  @Option(
      names = "--print-command",
      description =
          "Print the FFmpeg command line the transcode would run (one argument per line) and exit.")
  boolean printCommand;

  @Option(names = "--quiet", description = "No progress bar; only the result line.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    PrismConfig cfg = config.load();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    // Ctrl-C: interrupt the transcode and wait while it kills FFmpeg and cleans up.
    InterruptOnShutdown interruptible = InterruptOnShutdown.install("prism-transcode-interrupt");
    try (MezzanineInput in =
        MezzanineInput.resolve(input, cfg.transcoder().workDir(), s3Defaults(cfg, "input"))) {
      TranscodeRequest request =
          new TranscodeRequest(
              in.file(),
              in.name(),
              assetId,
              title,
              policy(),
              ladder(cfg),
              cfg.transcoder().fragmentDurationMs(),
              cfg.transcoder().workDir());
      if (printCommand) {
        List<String> cmd = Transcoder.command(request, cfg.transcoder().workDir().resolve("out"));
        cmd.forEach(out::println);
        out.flush();
        return 0;
      }
      try (BlobStore target = openStore(cfg);
          ConsoleProgress bar = new ConsoleProgress(System.err)) {
        Consumer<ProgressEvent> progress = quiet ? e -> {} : bar;
        PublishedVersion published = Transcoder.transcode(request, target, progress);
        out.println(
            published.outcome().name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + published.assetId()
                + "/"
                + published.version()
                + " in "
                + target.describe());
        out.flush();
        return 0;
      }
    } catch (TranscodeException e) {
      err.println("prism transcode: " + e.getMessage());
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      err.println("prism transcode: interrupted; the previous version stays published");
      err.flush();
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("prism transcode: " + e.getMessage());
      err.flush();
      return PrismCommand.EXIT_USAGE;
    } finally {
      interruptible.close();
    }
  }

  private AssetRecord.@Nullable Policy policy() throws IOException {
    if (policyFile == null) {
      return null;
    }
    try {
      return ContractJson.mapper()
          .readValue(Files.readAllBytes(policyFile), AssetRecord.Policy.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "--policy " + policyFile + ": not a policy document: " + e.getOriginalMessage(), e);
    }
  }

  private EncodingLadder ladder(PrismConfig cfg) throws TranscodeException {
    return ladderFile != null ? EncodingLadder.load(ladderFile) : cfg.transcoder().loadLadder();
  }

  private BlobStore openStore(PrismConfig cfg) {
    if (store == null) {
      return cfg.store().open();
    }
    if (store.startsWith("s3://")) {
      URI uri = URI.create(store);
      String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      return BlobStores.s3(s3Defaults(cfg, uri.getHost()).withPrefix(prefix));
    }
    return BlobStores.folder(Path.of(store));
  }

  /** store.s3.* (endpoint, region, credentials) for another bucket. */
  private static S3StoreSettings s3Defaults(PrismConfig cfg, String bucket) {
    StoreConfig.S3 s3 = cfg.store().s3();
    return new S3StoreSettings(
        bucket,
        "",
        s3.region().isBlank() ? "us-east-1" : s3.region(),
        s3.endpoint().orElse(null),
        s3.pathStyleAccess(),
        s3.accessKeyId().orElse(null),
        s3.secretAccessKey().orElse(null));
  }
}
