package dev.prism.transcoder;

import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.LadderRecord;
import java.util.List;

/**
 * The outcome of a transcode: the version {@code asset.json} now points at.
 *
 * @param asset the {@code asset.json} as written (or as found, when nothing changed)
 * @param version the version id, e.g. {@code v3f9a1c2e}
 * @param ladder the version's {@code ladder.json}
 * @param outcome whether anything was encoded
 * @param keys the store keys of the version's objects (track files, ladder.json, audit.json)
 */
public record PublishedVersion(
    AssetRecord asset, String version, LadderRecord ladder, Outcome outcome, List<String> keys) {

  public PublishedVersion {
    keys = List.copyOf(keys);
  }

  /** What the call did. */
  public enum Outcome {
    /** A new version was encoded, uploaded and published. */
    ENCODED,
    /** The version already existed; only {@code asset.json} was updated to point at it. */
    REPUBLISHED,
    /** The version was already current with the same title and policy: nothing was written. */
    UNCHANGED
  }

  /** The asset published, as in its {@code asset.json}. */
  public String assetId() {
    return asset.assetId();
  }
}
