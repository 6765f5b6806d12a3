package dev.prism.transcoder;

import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One transcode job.
 *
 * @param input the mezzanine, a local file (the command line fetches URLs first)
 * @param inputName how the input is named in {@code audit.json} (its path or URL as given)
 * @param assetId the asset to publish ({@link AssetKeys#ID})
 * @param title the asset's title; null keeps the existing title (or uses the asset id for a new
 *     asset)
 * @param policy the entitlement policy; null keeps the existing policy (or {@link
 *     AssetRecord.Policy#OPEN} for a new asset)
 * @param ladder the encoding ladder
 * @param fragmentDurationMs the fragment (GOP) grid in milliseconds (docs/ARCHITECTURE.md: 2000)
 * @param workDir where temporary track files are written; null for the system temp folder
 */
public record TranscodeRequest(
    Path input,
    String inputName,
    String assetId,
    @Nullable String title,
    AssetRecord.@Nullable Policy policy,
    EncodingLadder ladder,
    int fragmentDurationMs,
    @Nullable Path workDir) {

  /** docs/ARCHITECTURE.md: the default fragment grid. */
  public static final int DEFAULT_FRAGMENT_DURATION_MS = 2000;

  public TranscodeRequest {
    AssetKeys.requireId(assetId, "asset id");
    if (fragmentDurationMs < 500 || fragmentDurationMs > 20_000) {
      throw new IllegalArgumentException(
          "fragment duration not in [500, 20000] ms: " + fragmentDurationMs);
    }
  }

  /** A request with the default ladder and grid, no title or policy change. */
  public static TranscodeRequest of(Path input, String assetId) {
    return new TranscodeRequest(
        input,
        input.toString(),
        assetId,
        null,
        null,
        EncodingLadder.defaults(),
        DEFAULT_FRAGMENT_DURATION_MS,
        null);
  }

  /** A copy with another title; null keeps the asset's existing title. */
  public TranscodeRequest withTitle(@Nullable String newTitle) {
    return new TranscodeRequest(
        input, inputName, assetId, newTitle, policy, ladder, fragmentDurationMs, workDir);
  }

  /** A copy with another entitlement policy; null keeps the asset's existing policy. */
  public TranscodeRequest withPolicy(AssetRecord.@Nullable Policy newPolicy) {
    return new TranscodeRequest(
        input, inputName, assetId, title, newPolicy, ladder, fragmentDurationMs, workDir);
  }

  /** A copy with another encoding ladder. */
  public TranscodeRequest withLadder(EncodingLadder newLadder) {
    return new TranscodeRequest(
        input, inputName, assetId, title, policy, newLadder, fragmentDurationMs, workDir);
  }

  /**
   * A copy with another fragment (GOP) grid.
   *
   * @param newFragmentDurationMs the grid in milliseconds
   * @throws IllegalArgumentException if it is not within [500, 20000] ms
   */
  public TranscodeRequest withFragmentDurationMs(int newFragmentDurationMs) {
    return new TranscodeRequest(
        input, inputName, assetId, title, policy, ladder, newFragmentDurationMs, workDir);
  }

  /** A copy writing temporary track files under {@code newWorkDir} (null: the system temp). */
  public TranscodeRequest withWorkDir(@Nullable Path newWorkDir) {
    return new TranscodeRequest(
        input, inputName, assetId, title, policy, ladder, fragmentDurationMs, newWorkDir);
  }

  /** A copy naming the input {@code newInputName} in {@code audit.json}. */
  public TranscodeRequest withInputName(String newInputName) {
    return new TranscodeRequest(
        input, newInputName, assetId, title, policy, ladder, fragmentDurationMs, workDir);
  }
}
