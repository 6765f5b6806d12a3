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
 * @param schemaVersion the document's schema: {@link #SCHEMA_VERSION} when written now; absent (0)
 *     in files written before it existed, read as 1
 * @param assetId the asset's id ({@link AssetKeys#ID})
 * @param title a human title, may be empty
 * @param currentVersion the version id viewers get
 * @param state published or unpublished
 * @param policy the entitlement policy
 */
public record AssetRecord(
    int schemaVersion,
    String assetId,
    String title,
    String currentVersion,
    State state,
    Policy policy) {
  /** The schema this code writes; version 1 is also every document without the field. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Checks ids and fills optional parts a hand-written document may leave out: a missing title is
   * empty and a missing policy is {@link Policy#OPEN}.
   *
   * @throws IllegalArgumentException naming an invalid id, a missing state or a schema newer than
   *     {@link #SCHEMA_VERSION}
   */
  public AssetRecord {
    schemaVersion = ContractSchema.check(schemaVersion, SCHEMA_VERSION, "asset.json");
    AssetKeys.requireId(assetId, "assetId");
    AssetKeys.requireId(currentVersion, "currentVersion");
    if (state == null) {
      throw new IllegalArgumentException("state is missing: expected published or unpublished");
    }
    title = title == null ? "" : title;
    policy = policy == null ? Policy.OPEN : policy;
  }

  /** A record of the current schema. */
  public AssetRecord(
      String assetId, String title, String currentVersion, State state, Policy policy) {
    this(SCHEMA_VERSION, assetId, title, currentVersion, state, policy);
  }

  /** True when the asset is {@link State#PUBLISHED}. */
  @JsonIgnore // derived from state; not a field of asset.json (ContractJson refuses unknown fields)
  public boolean isPublished() {
    return state == State.PUBLISHED;
  }

  /**
   * A copy pointing at another version, as a (re)publish writes it (in the current schema).
   *
   * @throws IllegalArgumentException if {@code version} is not a valid id
   */
  public AssetRecord withCurrentVersion(String version) {
    return new AssetRecord(assetId, title, version, state, policy);
  }

  /** Publish state; written in lower case in JSON. */
  public enum State {
    PUBLISHED,
    UNPUBLISHED;

    /** The JSON form: the name in lower case. */
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

    /** A missing plans list is empty; missing countries are {@link Countries#EVERYWHERE}. */
    public Policy {
      plans = plans == null ? List.of() : List.copyOf(plans);
      countries = countries == null ? Countries.EVERYWHERE : countries;
    }
  }

  /** Country allow and deny lists (upper-case ISO 3166-1 alpha-2 codes). */
  public record Countries(List<String> allow, List<String> deny) {
    public static final Countries EVERYWHERE = new Countries(List.of(), List.of());

    /** Upper-cases the codes; a missing list is empty. */
    public Countries {
      allow = upperCase(allow);
      deny = upperCase(deny);
    }

    private static List<String> upperCase(@Nullable List<String> codes) {
      return codes == null
          ? List.of()
          : codes.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
    }
  }
}
