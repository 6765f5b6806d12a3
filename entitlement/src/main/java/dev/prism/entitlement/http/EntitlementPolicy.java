package dev.prism.entitlement.http;

import dev.prism.store.contract.AssetRecord;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a viewer may watch an asset: a pure function of the viewer's claims, the asset's
 * {@code asset.json} (docs/ARCHITECTURE.md, "The store contract"), the viewer's country and the
 * time. No clock, no I/O.
 *
 * <p>Checks run in a fixed order and the first failure wins: published, subscription, plan,
 * availability window, country. Asset facts that are the same for every viewer (window) come after
 * the viewer's own facts so an app can tell a lapsed subscriber to renew first.
 */
public final class EntitlementPolicy {
  private EntitlementPolicy() {}

  /**
   * The decision for {@code viewer} and {@code asset} at {@code now}.
   *
   * <ul>
   *   <li>unpublished → {@link Decision.Reason#NOT_PUBLISHED} (answered as 404);
   *   <li>no active subscription → {@link Decision.Reason#SUBSCRIPTION_INACTIVE};
   *   <li>policy names plans and the viewer holds none → {@link Decision.Reason#PLAN_NOT_ENTITLED}
   *       (an empty plan list admits any active subscription);
   *   <li>{@code now < availableFrom} → {@link Decision.Reason#NOT_YET_AVAILABLE}; {@code now >=
   *       availableUntil} → {@link Decision.Reason#NO_LONGER_AVAILABLE};
   *   <li>country in the deny list, or an allow list that does not name it →{@link
   *       Decision.Reason#GEO_BLOCKED}. When the policy has any country rule and the country is
   *       unknown (no header believed), the decision fails closed: {@link
   *       Decision.Reason#COUNTRY_UNKNOWN}.
   * </ul>
   *
   * @param country the viewer's ISO 3166-1 alpha-2 country from a trusted header, or null when
   *     unknown; compared case-insensitively
   */
  public static Decision decide(
      ViewerClaims viewer, AssetRecord asset, @Nullable String country, Instant now) {
    if (!asset.isPublished()) {
      return Decision.denied(Decision.Reason.NOT_PUBLISHED);
    }
    if (!viewer.subscriptionActive()) {
      return Decision.denied(Decision.Reason.SUBSCRIPTION_INACTIVE);
    }
    AssetRecord.Policy policy = asset.policy();
    if (!policy.plans().isEmpty() && viewer.plans().stream().noneMatch(policy.plans()::contains)) {
      return Decision.denied(Decision.Reason.PLAN_NOT_ENTITLED);
    }
    @Nullable Instant from = policy.availableFrom();
    if (from != null && now.isBefore(from)) {
      return Decision.denied(Decision.Reason.NOT_YET_AVAILABLE);
    }
    @Nullable Instant until = policy.availableUntil();
    if (until != null && !now.isBefore(until)) {
      return Decision.denied(Decision.Reason.NO_LONGER_AVAILABLE);
    }
    AssetRecord.Countries rules = policy.countries();
    if (rules.allow().isEmpty() && rules.deny().isEmpty()) {
      return Decision.GRANTED;
    }
    if (country == null || country.isBlank()) {
      // A rule exists and we cannot tell where the viewer is: fail closed.
      return Decision.denied(Decision.Reason.COUNTRY_UNKNOWN);
    }
    String code = country.trim().toUpperCase(Locale.ROOT);
    if (rules.deny().contains(code) || !(rules.allow().isEmpty() || rules.allow().contains(code))) {
      return Decision.denied(Decision.Reason.GEO_BLOCKED);
    }
    return Decision.GRANTED;
  }
}
