package dev.prism.store.contract;

import dev.prism.packager.naming.ResourceNaming;
import org.jspecify.annotations.Nullable;

/**
 * The store key layout of one asset (docs/ARCHITECTURE.md, "The store contract"). Every id in a key
 * follows the project's one id rule, {@link ResourceNaming#isValidId}, which also keeps ids safe in
 * URLs and off the URL grammar's reserved words (docs/ARCHITECTURE.md, "URLs").
 *
 * <pre>
 * {assetId}/asset.json
 * {assetId}/{version}/ladder.json
 * {assetId}/{version}/{trackId}.cmfv | .cmfa
 * {assetId}/{version}/audit.json
 * {assetId}/_staging/{jobId}/…            one publishing run's outputs before they are complete
 * {assetId}/_staging/{version}.promoting  the run copying a version into place
 * </pre>
 */
public final class AssetKeys {
  private AssetKeys() {}

  /**
   * True when {@code id} is a valid asset, version or track id: {@link ResourceNaming#isValidId}
   * (shape {@value ResourceNaming#ID_REGEX}, not a reserved word of the URL grammar).
   */
  public static boolean isValidId(@Nullable String id) {
    return ResourceNaming.isValidId(id);
  }

  /**
   * Returns {@code id} when it is a valid id.
   *
   * @param what names the id in the message, e.g. {@code "asset id"}
   * @throws IllegalArgumentException naming the id and the rule
   */
  public static String requireId(@Nullable String id, String what) {
    if (id == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          what
              + " '"
              + id
              + "' is invalid: expected "
              + ResourceNaming.ID_REGEX
              + ", not one of "
              + ResourceNaming.RESERVED_WORDS);
    }
    return id;
  }

  /**
   * {@code {assetId}/asset.json}: the asset's current version, publish state and policy.
   *
   * @throws IllegalArgumentException if {@code assetId} is not a valid id
   */
  public static String assetJson(String assetId) {
    return requireId(assetId, "asset id") + "/asset.json";
  }

  /**
   * {@code {assetId}/{version}/}: the prefix of every object of one version.
   *
   * @throws IllegalArgumentException if either id is not a valid id
   */
  public static String versionPrefix(String assetId, String version) {
    return requireId(assetId, "asset id") + "/" + requireId(version, "version") + "/";
  }

  /**
   * {@code {assetId}/{version}/ladder.json}: the version's tracks.
   *
   * @throws IllegalArgumentException if either id is not a valid id
   */
  public static String ladderJson(String assetId, String version) {
    return versionPrefix(assetId, version) + "ladder.json";
  }

  /**
   * {@code {assetId}/{version}/audit.json}: the version's provenance.
   *
   * @throws IllegalArgumentException if either id is not a valid id
   */
  public static String auditJson(String assetId, String version) {
    return versionPrefix(assetId, version) + "audit.json";
  }

  /**
   * {@code {assetId}/_staging/{jobId}/}: where one publishing run puts its outputs before they are
   * complete; only that run writes or deletes under it, and the origin never reads it. {@code
   * _staging} cannot be a version id (ids start with a letter or digit).
   *
   * @throws IllegalArgumentException if either id is not a valid id
   */
  public static String stagingPrefix(String assetId, String jobId) {
    return requireId(assetId, "asset id") + "/_staging/" + requireId(jobId, "job id") + "/";
  }

  /**
   * {@code {assetId}/_staging/{version}.promoting}: created (create-only) by the one run that
   * copies a version into {@code {assetId}/{version}/}, removed when it is done; it names that
   * run's job id. Not under any job's prefix (a job prefix ends in {@code /}).
   *
   * @throws IllegalArgumentException if either id is not a valid id
   */
  public static String promotionClaim(String assetId, String version) {
    return requireId(assetId, "asset id")
        + "/_staging/"
        + requireId(version, "version")
        + ".promoting";
  }

  /**
   * The key of a track file named in {@code ladder.json} ({@link LadderRecord.Track#file()}).
   *
   * @throws IllegalArgumentException when {@code file} is not a valid id (no paths in ladder.json)
   */
  public static String trackFile(String assetId, String version, String file) {
    return versionPrefix(assetId, version) + requireId(file, "track file name");
  }
}
