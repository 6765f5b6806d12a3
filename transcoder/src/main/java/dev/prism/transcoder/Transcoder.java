package dev.prism.transcoder;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.contract.AssetCatalog;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.CorruptDocumentException;
import dev.prism.store.contract.LadderRecord;
import dev.prism.transcoder.LadderPlan.AudioRendition;
import dev.prism.transcoder.LadderPlan.VideoRendition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mezzanine in, an aligned CMAF ladder published atomically out (DESIGN.md, "The store contract").
 *
 * <p>Steps: probe, plan, one FFmpeg run, validate with the packager's index, upload the track
 * files, {@code audit.json} and {@code ladder.json} under {@code {asset}/{version}/}, then replace
 * {@code {asset}/asset.json} last. The version id is a short hash of the input's SHA-256, the
 * FFmpeg build and the full encode command (which holds the ladder, the grid and every encoder
 * setting), so the same input encoded the same way again is a no-op.
 *
 * <p>On any failure or interrupt, the objects of the new version are deleted, the local temporary
 * files are removed, and {@code asset.json} still points at the previous version.
 */
public final class Transcoder {
  private static final Logger LOG = LoggerFactory.getLogger(Transcoder.class);
  private static final String INPUT_PLACEHOLDER = "{input}";
  private static final String OUTPUT_PLACEHOLDER = "{output}";

  private Transcoder() {}

  /**
   * Transcodes and publishes.
   *
   * @param request the job
   * @param store where the asset lives
   * @param progress receives events, possibly from another thread; must not block for long
   * @return the published version
   * @throws TranscodeException with the step that failed; the store is as it was before
   * @throws InterruptedException when interrupted; FFmpeg is killed, temporary files and uploaded
   *     objects are removed, and the store is as it was before
   */
  public static PublishedVersion transcode(
      TranscodeRequest request, BlobStore store, Consumer<ProgressEvent> progress)
      throws TranscodeException, InterruptedException {
    Instant startedAt = Instant.now();
    FfmpegTools tools = FfmpegTools.bundled();
    progress.accept(ProgressEvent.of(ProgressEvent.Stage.PROBING, 0, 0, "probing input"));
    MediaProbe probe = new MediaProber(tools).probe(request.input());
    checkInterrupt();
    Prepared p = prepare(request, probe, tools);
    long totalUs = probe.video().durationUs();

    String asset = request.assetId();
    AssetRecord current = readAsset(store, asset);
    String ladderKey = AssetKeys.ladderJson(asset, p.version());
    if (exists(store, ladderKey)) {
      return republish(request, store, current, p, progress, totalUs);
    }

    Path workDir = createWorkDir(request.workDir());
    List<String> uploaded = new ArrayList<>();
    boolean published = false;
    try {
      List<String> command =
          EncodeCommand.build(
              tools.ffmpeg(), request.input(), p.plan(), workDir, probe.video().index());
      LOG.debug("encoding {} as {}/{}: {}", request.inputName(), asset, p.version(), command);
      FfmpegRunner.run(command, totalUs, progress);
      checkInterrupt();

      progress.accept(
          ProgressEvent.of(ProgressEvent.Stage.VALIDATING, 100, totalUs, "validating tracks"));
      List<OutputValidator.ValidatedTrack> tracks =
          OutputValidator.validate(workDir, p.plan(), probe);
      List<AuditRecord.Output> outputs = new ArrayList<>();
      for (OutputValidator.ValidatedTrack t : tracks) {
        Path f = workDir.resolve(t.file());
        outputs.add(
            new AuditRecord.Output(
                t.trackId(),
                t.file(),
                sha256(f),
                size(f),
                t.codecs(),
                t.durationMs(),
                t.fragments()));
      }
      Instant finishedAt = Instant.now();
      AuditRecord audit =
          new AuditRecord(
              asset,
              p.version(),
              new AuditRecord.Input(request.inputName(), p.inputSha256(), size(request.input())),
              probe.raw(),
              new AuditRecord.Ffmpeg(
                  tools.versionLine(), tools.buildConfiguration(), p.plan().videoEncoder()),
              command,
              startedAt,
              finishedAt,
              outputs);

      progress.accept(
          ProgressEvent.of(ProgressEvent.Stage.UPLOADING, 100, totalUs, "uploading to store"));
      List<CompletableFuture<Void>> uploads = new ArrayList<>();
      for (AuditRecord.Output o : outputs) {
        String key = AssetKeys.trackFile(asset, p.version(), o.file());
        uploaded.add(key);
        uploads.add(store.upload(key, workDir.resolve(o.file())));
      }
      awaitAll(uploads, "upload track files");
      String auditKey = AssetKeys.auditJson(asset, p.version());
      uploaded.add(auditKey);
      await(store.write(auditKey, auditJson(audit)), "write " + auditKey);
      // ladder.json marks a complete version: written after every track file and audit.json.
      uploaded.add(ladderKey);
      await(
          new AssetCatalog(store).writeLadder(asset, p.version(), p.ladder()),
          "write " + ladderKey);

      // Read asset.json again: a title or policy changed during the encode is kept.
      AssetRecord latest = readAsset(store, asset);
      AssetRecord next = nextAsset(request, latest, p.version());
      writeAsset(store, next, latest);
      published = true;
      progress.accept(
          ProgressEvent.of(
              ProgressEvent.Stage.PUBLISHED,
              100,
              totalUs,
              "published " + asset + "/" + p.version()));
      return new PublishedVersion(
          next, p.version(), p.ladder(), PublishedVersion.Outcome.ENCODED, uploaded);
    } finally {
      if (!published) {
        removeVersion(store, asset, p.version());
      }
      deleteTree(workDir);
    }
  }

  /**
   * The exact FFmpeg command {@link #transcode} runs for {@code request}, writing into {@code
   * outputDir}: for benchmarks and for operators who want to reproduce an encode by hand.
   *
   * @throws TranscodeException when the input cannot be probed or the ladder does not apply
   */
  public static List<String> command(TranscodeRequest request, Path outputDir)
      throws TranscodeException {
    FfmpegTools tools = FfmpegTools.bundled();
    MediaProbe probe = new MediaProber(tools).probe(request.input());
    LadderPlan plan =
        request.ladder().plan(probe, request.fragmentDurationMs(), tools.h264Encoders());
    return EncodeCommand.build(
        tools.ffmpeg(), request.input(), plan, outputDir, probe.video().index());
  }

  /** What a transcode will produce, known before encoding. */
  private record Prepared(
      LadderPlan plan, String inputSha256, String version, LadderRecord ladder) {}

  private static Prepared prepare(TranscodeRequest request, MediaProbe probe, FfmpegTools tools)
      throws TranscodeException {
    LadderPlan plan =
        request.ladder().plan(probe, request.fragmentDurationMs(), tools.h264Encoders());
    String inputSha = sha256(request.input());
    List<String> template =
        EncodeCommand.build(
            Path.of("ffmpeg"),
            Path.of(INPUT_PLACEHOLDER),
            plan,
            Path.of(OUTPUT_PLACEHOLDER),
            probe.video().index());
    String version = versionId(inputSha, tools.versionLine(), template);
    return new Prepared(plan, inputSha, version, ladderRecord(plan));
  }

  /**
   * DESIGN.md: a version id is a short hash of (input sha256, ladder, encoder settings). The
   * command template holds the planned ladder and every encoder and muxer setting; the FFmpeg
   * version is included because another encoder build is another encode.
   */
  static String versionId(String inputSha256, String ffmpegVersion, List<String> template) {
    MessageDigest d = sha256Digest();
    d.update(
        ("prism-version-1\n" + inputSha256 + "\n" + ffmpegVersion + "\n")
            .getBytes(StandardCharsets.UTF_8));
    for (String arg : template) {
      d.update(arg.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
    }
    return "v" + HexFormat.of().formatHex(d.digest()).substring(0, 8);
  }

  static LadderRecord ladderRecord(LadderPlan plan) {
    List<LadderRecord.Track> tracks = new ArrayList<>();
    for (VideoRendition v : plan.video()) {
      tracks.add(
          new LadderRecord.Track(
              v.trackId(), TrackType.VIDEO, v.fileName(), null, v.label(), v.maxBitrateBps()));
    }
    for (AudioRendition a : plan.audio()) {
      tracks.add(
          new LadderRecord.Track(
              a.trackId(), TrackType.AUDIO, a.fileName(), a.language(), a.label(), a.bitrateBps()));
    }
    return new LadderRecord(tracks);
  }

  private static PublishedVersion republish(
      TranscodeRequest request,
      BlobStore store,
      @Nullable AssetRecord current,
      Prepared p,
      Consumer<ProgressEvent> progress,
      long totalUs)
      throws TranscodeException, InterruptedException {
    String asset = request.assetId();
    LadderRecord ladder;
    try {
      ladder = await(new AssetCatalog(store).ladder(asset, p.version()), "read ladder.json");
    } catch (TranscodeException e) {
      if (e.getCause() instanceof CorruptDocumentException c) {
        throw new TranscodeException(
            TranscodeException.Reason.STORE_FAILED, "existing " + c.getCause().getMessage(), c);
      }
      throw e;
    }
    List<String> keys =
        await(store.list(AssetKeys.versionPrefix(asset, p.version())), "list version");
    AssetRecord next = nextAsset(request, current, p.version());
    if (next.equals(current)) {
      progress.accept(
          ProgressEvent.of(
              ProgressEvent.Stage.UNCHANGED,
              100,
              totalUs,
              asset + "/" + p.version() + " is already published; nothing to do"));
      return new PublishedVersion(
          next, p.version(), ladder, PublishedVersion.Outcome.UNCHANGED, keys);
    }
    writeAsset(store, next, current);
    progress.accept(
        ProgressEvent.of(
            ProgressEvent.Stage.PUBLISHED,
            100,
            totalUs,
            "republished existing " + asset + "/" + p.version()));
    return new PublishedVersion(
        next, p.version(), ladder, PublishedVersion.Outcome.REPUBLISHED, keys);
  }

  /** The next asset.json: existing title, policy and state kept unless the request gives them. */
  static AssetRecord nextAsset(
      TranscodeRequest request, @Nullable AssetRecord current, String version) {
    String title =
        request.title() != null
            ? request.title()
            : current != null ? current.title() : request.assetId();
    AssetRecord.Policy policy =
        request.policy() != null
            ? request.policy()
            : current != null ? current.policy() : AssetRecord.Policy.OPEN;
    AssetRecord.State state = current != null ? current.state() : AssetRecord.State.PUBLISHED;
    return new AssetRecord(request.assetId(), title, version, state, policy);
  }

  private static @Nullable AssetRecord readAsset(BlobStore store, String asset)
      throws TranscodeException, InterruptedException {
    try {
      return await(new AssetCatalog(store).findAsset(asset), "read asset.json").orElse(null);
    } catch (TranscodeException e) {
      if (e.getCause() instanceof CorruptDocumentException c) {
        throw new TranscodeException(
            TranscodeException.Reason.STORE_FAILED,
            AssetKeys.assetJson(asset)
                + " exists but is not valid; fix or remove it first: "
                + c.getCause().getMessage(),
            c);
      }
      throw e;
    }
  }

  /**
   * Replaces asset.json (one atomic write). When the write fails, the store is asked again: a write
   * that reached the store (a lost response) counts as done, so its version is never deleted from
   * under a published asset.json.
   */
  private static void writeAsset(BlobStore store, AssetRecord next, @Nullable AssetRecord before)
      throws TranscodeException, InterruptedException {
    String key = AssetKeys.assetJson(next.assetId());
    try {
      await(new AssetCatalog(store).writeAsset(next), "write " + key);
    } catch (TranscodeException e) {
      AssetRecord now;
      try {
        now = readAsset(store, next.assetId());
      } catch (TranscodeException again) {
        throw e;
      }
      if (now != null && now.equals(next) && !next.equals(before)) {
        LOG.warn("{}: write reported {}, but the store has the new document", key, e.getMessage());
        return;
      }
      throw e;
    }
  }

  private static boolean exists(BlobStore store, String key)
      throws TranscodeException, InterruptedException {
    try {
      await(store.metadata(key), "look up " + key);
      return true;
    } catch (TranscodeException e) {
      if (e.getCause() instanceof BlobNotFoundException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Deletes every object under the version's prefix. Runs even when the thread is interrupted (the
   * interrupt is restored afterwards); failures are logged, since the version is unreferenced.
   */
  private static void removeVersion(BlobStore store, String asset, String version) {
    boolean interrupted = Thread.interrupted();
    try {
      // Another transcode of the same input may have published this very version meanwhile.
      try {
        AssetRecord now = new AssetCatalog(store).asset(asset).join();
        if (now.currentVersion().equals(version)) {
          return;
        }
      } catch (RuntimeException e) {
        // no asset.json, or unreadable: the version is certainly not the published one
      }
      List<String> keys = store.list(AssetKeys.versionPrefix(asset, version)).join();
      // A folder store keeps the version's (now empty) directory; remember it to remove it too.
      java.util.Set<Path> folders = new java.util.HashSet<>();
      List<CompletableFuture<Void>> deletes = new ArrayList<>();
      for (String key : keys) {
        store.localFile(key).map(Path::getParent).ifPresent(folders::add);
        deletes.add(store.delete(key));
      }
      CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).join();
      for (Path folder : folders) {
        try {
          Files.deleteIfExists(folder); // only succeeds when empty
        } catch (IOException e) {
          LOG.debug("kept folder {}: {}", folder, e.toString());
        }
      }
      if (!keys.isEmpty()) {
        LOG.info(
            "removed {} objects of the unpublished version {}/{}", keys.size(), asset, version);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not remove the unpublished version {}/{}: {}", asset, version, e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for every upload, even after one fails, so nothing lands after the clean-up. */
  private static void awaitAll(List<CompletableFuture<Void>> futures, String what)
      throws TranscodeException, InterruptedException {
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    try {
      await(all, what);
    } catch (InterruptedException e) {
      try {
        all.handle((v, t) -> null).join();
      } finally {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  private static <T> T await(Future<T> future, String what)
      throws TranscodeException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new TranscodeException(
          TranscodeException.Reason.STORE_FAILED, what + ": " + cause.getMessage(), cause);
    }
  }

  private static byte[] auditJson(AuditRecord audit) {
    try {
      return ContractJson.mapper().writeValueAsBytes(audit);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise audit.json", e);
    }
  }

  private static void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("transcode interrupted");
    }
  }

  private static Path createWorkDir(@Nullable Path parent) throws TranscodeException {
    try {
      if (parent != null) {
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "prism-transcode-");
      }
      return Files.createTempDirectory("prism-transcode-");
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED, "cannot create a work folder: " + e, e);
    }
  }

  /** Deletes a folder tree; best effort, logged. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", root, e.toString());
    }
  }

  /** SHA-256 of a file, lower-case hex. */
  static String sha256(Path file) throws TranscodeException {
    MessageDigest d = sha256Digest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        d.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.INPUT_UNREADABLE, "cannot read " + file + ": " + e, e);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static long size(Path file) throws TranscodeException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.INPUT_UNREADABLE, "cannot read " + file + ": " + e, e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
