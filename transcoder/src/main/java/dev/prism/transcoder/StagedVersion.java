package dev.prism.transcoder;

import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.PreconditionFailedException;
import dev.prism.store.contract.AssetCatalog;
import dev.prism.store.contract.AssetConflictException;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.LadderRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publishing run's version in the making (docs/ARCHITECTURE.md, "Publishing a version"): the
 * run's outputs go to its own staging prefix {@code {assetId}/_staging/{jobId}/}, and only when all
 * of them are there is the version copied into {@code {assetId}/{version}/}, {@code ladder.json}
 * last and create-only.
 *
 * <p>Copying into the version is done by one run at a time: {@link #promote} first creates the
 * claim {@code {assetId}/_staging/{version}.promoting} with a create-only write, so a concurrent
 * run of the same encode never overwrites track files another run is copying or has completed.
 *
 * <p>{@link #discard} removes what this run wrote and nothing else: its staging prefix, and — only
 * while it holds the claim and the version is not complete — the copies it made into the version.
 * It never deletes a complete version, since another run may have published it meanwhile.
 *
 * <p>Not thread-safe: one run drives it from one thread (the store calls it starts may complete on
 * other threads).
 */
public final class StagedVersion {
  private static final Logger LOG = LoggerFactory.getLogger(StagedVersion.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter JOB_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  /** What {@link #promote} did. */
  public enum Promotion {
    /** This run copied the version into place and wrote its {@code ladder.json}. */
    PROMOTED,
    /** The version was already complete (another run); nothing was copied. */
    ALREADY_COMPLETE
  }

  private final BlobStore store;
  private final String assetId;
  private final String version;
  private final String jobId;
  private final List<String> copied = new ArrayList<>();
  private boolean claimed;
  private boolean complete;

  /**
   * @param store where the asset lives
   * @param assetId the asset ({@link AssetKeys#ID})
   * @param version the version id being made
   * @param jobId this run's id, unique per run ({@link #newJobId()})
   * @throws IllegalArgumentException when an id is not valid
   */
  public StagedVersion(BlobStore store, String assetId, String version, String jobId) {
    this.store = store;
    this.assetId = AssetKeys.requireId(assetId, "asset id");
    this.version = AssetKeys.requireId(version, "version");
    this.jobId = AssetKeys.requireId(jobId, "job id");
  }

  /**
   * A fresh job id: {@code j{yyyyMMdd'T'HHmmss}-{16 hex}} (UTC time, 64 random bits), unique per
   * run without coordination.
   */
  public static String newJobId() {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return "j" + JOB_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(random);
  }

  /** This run's job id. */
  public String jobId() {
    return jobId;
  }

  /** {@code {assetId}/_staging/{jobId}/}: every key this run stages lies under it. */
  public String stagingPrefix() {
    return AssetKeys.stagingPrefix(assetId, jobId);
  }

  /**
   * The staging key of a version file.
   *
   * @throws IllegalArgumentException when {@code file} is not a valid id
   */
  public String stagingKey(String file) {
    return stagingPrefix() + AssetKeys.requireId(file, "file name");
  }

  /** Uploads a local file to this run's staging prefix. */
  public CompletableFuture<Void> upload(String file, Path local) {
    return store.upload(stagingKey(file), local);
  }

  /** Writes a small document to this run's staging prefix. */
  public CompletableFuture<Void> write(String file, byte[] bytes) {
    return store.write(stagingKey(file), bytes);
  }

  /**
   * Copies the staged {@code files} into {@code {assetId}/{version}/} and then creates the
   * version's {@code ladder.json} (create-only): the version becomes complete at once, when the
   * ladder appears. Holds the promotion claim while copying.
   *
   * @param files the staged file names (track files, {@code audit.json}), all already staged
   * @param ladder the version's ladder
   * @return whether this run promoted the version or found it complete
   * @throws TranscodeException {@link TranscodeException.Reason#CONFLICT} when another run holds
   *     the claim for this version (the message names the asset, the version, that run's job id and
   *     the claim key); {@link TranscodeException.Reason#STORE_FAILED} when the store fails
   * @throws InterruptedException when interrupted while waiting for the store
   */
  public Promotion promote(List<String> files, LadderRecord ladder)
      throws TranscodeException, InterruptedException {
    String ladderKey = AssetKeys.ladderJson(assetId, version);
    if (exists(ladderKey)) {
      return Promotion.ALREADY_COMPLETE;
    }
    String claimKey = AssetKeys.promotionClaim(assetId, version);
    byte[] claim =
        ("{\"jobId\":\"" + jobId + "\",\"since\":\"" + Instant.now() + "\"}\n")
            .getBytes(StandardCharsets.UTF_8);
    try {
      await(store.writeIfAbsent(claimKey, claim), "claim " + claimKey);
    } catch (TranscodeException e) {
      if (!(e.getCause() instanceof PreconditionFailedException)) {
        throw e;
      }
      if (exists(ladderKey)) {
        return Promotion.ALREADY_COMPLETE; // the other run finished meanwhile
      }
      throw new TranscodeException(
          TranscodeException.Reason.CONFLICT,
          "asset "
              + assetId
              + ": version "
              + version
              + " is being copied into place by another run ("
              + holder(claimKey)
              + "); this run (job "
              + jobId
              + ") published nothing. If that run is gone, delete "
              + claimKey
              + " and run again",
          e.getCause());
    }
    claimed = true;
    if (exists(ladderKey)) {
      return Promotion.ALREADY_COMPLETE; // completed (and its claim removed) just before ours
    }
    List<CompletableFuture<Void>> copies = new ArrayList<>();
    for (String file : files) {
      String target = AssetKeys.trackFile(assetId, version, file);
      copied.add(target);
      copies.add(store.copy(stagingKey(file), target));
    }
    awaitAll(copies, "copy the staged files into " + AssetKeys.versionPrefix(assetId, version));
    try {
      await(new AssetCatalog(store).createLadder(assetId, version, ladder), "write " + ladderKey);
    } catch (TranscodeException e) {
      if (e.getCause() instanceof AssetConflictException c) {
        // Only possible if someone wrote the ladder without the claim: keep theirs.
        throw new TranscodeException(
            TranscodeException.Reason.CONFLICT, String.valueOf(c.getMessage()), c);
      }
      throw e;
    }
    complete = true;
    releaseClaim();
    return Promotion.PROMOTED;
  }

  /**
   * Removes what this run wrote that is not part of a complete version: every object under its
   * staging prefix, and, if it holds the claim of a version it did not complete, the copies it made
   * and the claim. Never throws (failures are logged: staged objects are never read) and runs even
   * when the thread is interrupted (the interrupt is restored).
   */
  public void discard() {
    boolean interrupted = Thread.interrupted();
    try {
      Set<Path> folders = new HashSet<>();
      List<String> keys = new ArrayList<>(store.list(stagingPrefix()).join());
      boolean removeCopies = claimed && !complete && !ladderExists();
      if (removeCopies) {
        keys.addAll(copied);
      }
      List<CompletableFuture<Void>> deletes = new ArrayList<>();
      for (String key : keys) {
        store.localFile(key).map(Path::getParent).ifPresent(folders::add);
        deletes.add(store.delete(key));
      }
      CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).join();
      if (claimed && !complete) {
        releaseClaim();
      }
      for (Path folder : folders) {
        try {
          Files.deleteIfExists(folder); // a folder store's now empty job (or version) folder
        } catch (IOException e) {
          LOG.debug("kept folder {}: {}", folder, e.toString());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not remove the staged objects of job {} ({}): {}", jobId, stagingPrefix(), e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the version's ladder.json exists; true when the store cannot tell (keep copies). */
  private boolean ladderExists() {
    try {
      store.metadata(AssetKeys.ladderJson(assetId, version)).join();
      return true;
    } catch (CompletionException e) {
      return !(e.getCause() instanceof BlobNotFoundException);
    }
  }

  private void releaseClaim() {
    if (!claimed) {
      return;
    }
    String claimKey = AssetKeys.promotionClaim(assetId, version);
    try {
      store.delete(claimKey).join();
      claimed = false;
    } catch (RuntimeException e) {
      LOG.warn("could not remove the claim {} of job {}: {}", claimKey, jobId, e.toString());
    }
  }

  /** Who holds a claim, in words, for a conflict's message; never fails. */
  private String holder(String claimKey) {
    try {
      return "claim " + new String(store.readAll(claimKey).join(), StandardCharsets.UTF_8).strip();
    } catch (RuntimeException e) {
      return "its claim " + claimKey + " was just removed";
    }
  }

  private boolean exists(String key) throws TranscodeException, InterruptedException {
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

  /** Waits for every call, even after one fails, so nothing lands after a clean-up. */
  static void awaitAll(List<CompletableFuture<Void>> futures, String what)
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

  /** Waits for a store call; its failure becomes a STORE_FAILED exception keeping the cause. */
  static <T> T await(Future<T> future, String what)
      throws TranscodeException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new TranscodeException(
          TranscodeException.Reason.STORE_FAILED, what + ": " + cause.getMessage(), cause);
    }
  }
}
