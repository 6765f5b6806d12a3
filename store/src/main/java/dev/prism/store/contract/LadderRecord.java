package dev.prism.store.contract;

import dev.prism.packager.cmaf.TrackType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code {assetId}/{version}/ladder.json}: the tracks of one version. Only names and labels are
 * taken from here; codecs, durations and sizes come from the track files themselves.
 *
 * @param schemaVersion the document's schema: {@link #SCHEMA_VERSION} when written now; absent (0)
 *     in files written before it existed, read as 1
 * @param tracks every track of the version, video first
 */
public record LadderRecord(int schemaVersion, List<Track> tracks) {
  /** The schema this code writes; version 1 is also every document without the field. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Checks the schema version and the tracks.
   *
   * @throws IllegalArgumentException for a schema newer than {@link #SCHEMA_VERSION}, or a missing
   *     or empty track list
   */
  public LadderRecord {
    schemaVersion = ContractSchema.check(schemaVersion, SCHEMA_VERSION, "ladder.json");
    if (tracks == null) {
      throw new IllegalArgumentException("tracks is missing");
    }
    tracks = List.copyOf(tracks);
    if (tracks.isEmpty()) {
      throw new IllegalArgumentException("ladder.json lists no tracks");
    }
  }

  /** A ladder of the current schema. */
  public LadderRecord(List<Track> tracks) {
    this(SCHEMA_VERSION, tracks);
  }

  /**
   * One track file.
   *
   * @param id the track id used in URLs ({@link AssetKeys#ID}), e.g. {@code v720} or {@code a0}
   * @param type video, audio or text ({@link TrackType#wireName()} in JSON)
   * @param file the file name within the version folder, e.g. {@code v720.cmfv}
   * @param language BCP 47 language tag, or null when unknown
   * @param label a human label for players, e.g. {@code 720p} or {@code English}
   * @param bitrateBps the encoder's target or cap in bits per second (a hint only), 0 if unknown
   */
  public record Track(
      String id,
      TrackType type,
      String file,
      @Nullable String language,
      String label,
      long bitrateBps) {
    /**
     * Checks the id, the file name and the type; a missing label is empty.
     *
     * @throws IllegalArgumentException naming what is invalid or missing
     */
    public Track {
      AssetKeys.requireId(id, "track id");
      AssetKeys.requireId(file, "track file name");
      if (type == null) {
        throw new IllegalArgumentException(
            "type of track " + id + " is missing: expected video, audio or text");
      }
      label = label == null ? "" : label;
    }
  }
}
