package dev.prism.store.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code {assetId}/asset.json}: which version is current, whether it is published, and who may
 * watch it. Replaced atomically, last, when a version is published.
 *
 * @param assetId the asset's id ({@link AssetKeys#ID})
 * @param title a human title, may be empty
 * @param currentVersion the version id viewers get
 * @param state published or unpublished
 * @param policy the entitlement policy
 */
public record AssetRecord(
    String assetId, String title, String currentVersion, State state, Policy policy) {

  public AssetRecord {
    AssetKeys.requireId(assetId, "asset id");
    AssetKeys.requireId(currentVersion, "version");
  }

  @JsonIgnore // derived from state; not a field of asset.json (ContractJson refuses unknown fields)
  public boolean isPublished() {
    return state == State.PUBLISHED;
  }

  public AssetRecord withCurrentVersion(String version) {
    return new AssetRecord(assetId, title, version, state, policy);
  }

  /** Publish state; written in lower case in JSON. */
  public enum State {
    PUBLISHED,
    UNPUBLISHED;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The asset's entitlement policy.
   *
   * @param plans plans that may watch; empty means any active subscription
   * @param availableFrom not playable before this instant (inclusive); null = no start
   * @param availableUntil not playable from this instant on (exclusive); null = no end
   * @param countries ISO 3166-1 alpha-2 allow and deny lists; empty lists = everywhere
   */
  public record Policy(
      List<String> plans,
      @Nullable Instant availableFrom,
      @Nullable Instant availableUntil,
      Countries countries) {
    public static final Policy OPEN = new Policy(List.of(), null, null, Countries.EVERYWHERE);

    public Policy {
      plans = List.copyOf(plans);
    }
  }

  /** Country allow and deny lists (upper-case ISO 3166-1 alpha-2 codes). */
  public record Countries(List<String> allow, List<String> deny) {
    public static final Countries EVERYWHERE = new Countries(List.of(), List.of());

    public Countries {
      allow = allow.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
      deny = deny.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
    }
  }
}
