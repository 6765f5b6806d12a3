package dev.prism.transcoder;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.contract.AssetCatalog;
import dev.prism.store.contract.AssetConflictException;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.AssetRevision;
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
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mezzanine in, an aligned CMAF ladder published atomically out (docs/ARCHITECTURE.md, "The store
 * contract").
 *
 * <p>Steps: probe, plan, one FFmpeg run, validate with the packager's index, upload the track
 * files, {@code audit.json} and {@code ladder.json} to this run's staging prefix {@code
 * {asset}/_staging/{jobId}/}, copy them into {@code {asset}/{version}/} once all are there ({@code
 * ladder.json} last, create-only, see {@link StagedVersion}), then replace {@code
 * {asset}/asset.json} last with a conditional write (docs/ARCHITECTURE.md, "Publishing a version").
 * The version id is a short hash of the input's SHA-256, the FFmpeg build and the full encode
 * command (which holds the ladder, the grid and every encoder setting), so the same input encoded
 * the same way again is a no-op.
 *
 * <p>On any failure or interrupt, this run's staged objects are deleted (never another run's), the
 * local temporary files are removed, and {@code asset.json} still points at the previous version. A
 * publish that lost a race to another publish of the same asset fails with {@link
 * TranscodeException.Reason#CONFLICT} naming the asset; the winner's {@code asset.json} stays.
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
   * @throws TranscodeException with the step that failed; {@code asset.json} is as it was (or as
   *     the publish that won a race wrote it: {@link TranscodeException.Reason#CONFLICT})
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
    // The revision this publish starts from: if another publish moves asset.json to another
    // version before this one finishes, this one fails instead of overwriting it.
    @Nullable AssetRevision base = readRevision(store, asset);
    String ladderKey = AssetKeys.ladderJson(asset, p.version());
    if (exists(store, ladderKey)) {
      return republish(request, store, base, p, progress, totalUs);
    }

    Path workDir = createWorkDir(request.workDir());
    StagedVersion staged = new StagedVersion(store, asset, p.version(), StagedVersion.newJobId());
    try {
      List<String> command =
          EncodeCommand.build(
              tools.ffmpeg(), request.input(), p.plan(), workDir, probe.video().index());
      LOG.debug(
          "encoding {} as {}/{} (job {}): {}",
          request.inputName(),
          asset,
          p.version(),
          staged.jobId(),
          command);
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
      // Everything goes to this run's staging prefix first; nothing is under the version yet.
      List<CompletableFuture<Void>> uploads = new ArrayList<>();
      List<String> files = new ArrayList<>();
      for (AuditRecord.Output o : outputs) {
        files.add(o.file());
        uploads.add(staged.upload(o.file(), workDir.resolve(o.file())));
      }
      StagedVersion.awaitAll(uploads, "upload track files to " + staged.stagingPrefix());
      await(staged.write(AUDIT_JSON, auditJson(audit)), "write " + staged.stagingKey(AUDIT_JSON));
      files.add(AUDIT_JSON);
      await(
          staged.write(LADDER_JSON, ContractJson.write(p.ladder())),
          "write " + staged.stagingKey(LADDER_JSON));

      // Complete: copy into {asset}/{version}/, ladder.json last and create-only.
      StagedVersion.Promotion promotion = staged.promote(files, p.ladder());

      // Read asset.json again: a title or policy changed during the encode is kept, but another
      // publish (a changed current version) wins and this one fails.
      @Nullable AssetRevision latest = readRevision(store, asset);
      requireSameVersion(asset, base, latest, p.version());
      AssetRecord next = nextAsset(request, latest == null ? null : latest.record(), p.version());
      AssetRecord written = writeAsset(store, next, latest);
      progress.accept(
          ProgressEvent.of(
              ProgressEvent.Stage.PUBLISHED,
              100,
              totalUs,
              "published " + asset + "/" + p.version()));
      return new PublishedVersion(
          written,
          p.version(),
          p.ladder(),
          promotion == StagedVersion.Promotion.PROMOTED
              ? PublishedVersion.Outcome.ENCODED
              : PublishedVersion.Outcome.REPUBLISHED,
          versionKeys(asset, p.version(), files));
    } finally {
      staged.discard();
      deleteTree(workDir);
    }
  }

  private static final String AUDIT_JSON = "audit.json";
  private static final String LADDER_JSON = "ladder.json";

  private static List<String> versionKeys(String asset, String version, List<String> files) {
    List<String> keys = new ArrayList<>();
    for (String file : files) {
      keys.add(AssetKeys.trackFile(asset, version, file));
    }
    keys.add(AssetKeys.ladderJson(asset, version));
    return keys;
  }

  /**
   * Fails when another publish changed which version {@code asset.json} points at (or created or
   * removed it) since this run read {@code base}: the last finisher must not silently win.
   */
  private static void requireSameVersion(
      String asset, @Nullable AssetRevision base, @Nullable AssetRevision latest, String version)
      throws TranscodeException {
    String before = base == null ? null : base.record().currentVersion();
    String now = latest == null ? null : latest.record().currentVersion();
    if (!java.util.Objects.equals(before, now)) {
      throw new TranscodeException(
          TranscodeException.Reason.CONFLICT,
          "asset "
              + asset
              + ": another publish changed "
              + AssetKeys.assetJson(asset)
              + " while this one ran (it started at "
              + (before == null ? "no asset.json" : "version " + before)
              + ", the store now has "
              + (now == null ? "no asset.json" : "version " + now)
              + "); nothing was overwritten. Version "
              + version
              + " is complete in the store: running the same transcode again publishes it"
              + " without encoding");
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
   * docs/ARCHITECTURE.md: a version id is a short hash of (input sha256, ladder, encoder settings).
   * The command template holds the planned ladder and every encoder and muxer setting; the FFmpeg
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
      @Nullable AssetRevision base,
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
    @Nullable AssetRecord current = base == null ? null : base.record();
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
    AssetRecord written = writeAsset(store, next, base);
    progress.accept(
        ProgressEvent.of(
            ProgressEvent.Stage.PUBLISHED,
            100,
            totalUs,
            "republished existing " + asset + "/" + p.version()));
    return new PublishedVersion(
        written, p.version(), ladder, PublishedVersion.Outcome.REPUBLISHED, keys);
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

  private static @Nullable AssetRevision readRevision(BlobStore store, String asset)
      throws TranscodeException, InterruptedException {
    try {
      return await(new AssetCatalog(store).findAssetRevision(asset), "read asset.json")
          .orElse(null);
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
   * Writes asset.json only if it is still {@code base} (one conditional write). A lost race fails
   * with {@link TranscodeException.Reason#CONFLICT} naming the asset, unless the store already
   * holds exactly {@code next} (a concurrent identical publish: nothing lost, nothing overwritten).
   * When the write fails otherwise, the store is asked again: a write that reached the store (a
   * lost response) counts as done.
   *
   * @return the document asset.json now holds, {@code next}
   */
  private static AssetRecord writeAsset(
      BlobStore store, AssetRecord next, @Nullable AssetRevision base)
      throws TranscodeException, InterruptedException {
    String key = AssetKeys.assetJson(next.assetId());
    try {
      await(new AssetCatalog(store).writeAsset(next, base), "write " + key);
      return next;
    } catch (TranscodeException e) {
      AssetRevision now;
      try {
        now = readRevision(store, next.assetId());
      } catch (TranscodeException again) {
        throw conflictOr(e);
      }
      if (now != null && now.record().equals(next)) {
        if (!(e.getCause() instanceof AssetConflictException)) {
          LOG.warn(
              "{}: write reported {}, but the store has the new document", key, e.getMessage());
        }
        return next;
      }
      throw conflictOr(e);
    }
  }

  private static TranscodeException conflictOr(TranscodeException e) {
    return e.getCause() instanceof AssetConflictException c
        ? new TranscodeException(
            TranscodeException.Reason.CONFLICT, String.valueOf(c.getMessage()), c)
        : e;
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

  private static <T> T await(Future<T> future, String what)
      throws TranscodeException, InterruptedException {
    return StagedVersion.await(future, what);
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
