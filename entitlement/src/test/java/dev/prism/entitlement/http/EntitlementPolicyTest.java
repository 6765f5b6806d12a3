package dev.prism.entitlement.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.AssetRecord.Countries;
import dev.prism.store.contract.AssetRecord.Policy;
import dev.prism.store.contract.AssetRecord.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntitlementPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-21T03:00:00Z");
  private static final ViewerClaims ACTIVE_BASIC = new ViewerClaims("v1", true, List.of("basic"));

  private static AssetRecord asset(State state, Policy policy) {
    return new AssetRecord("bbb", "Big Buck Bunny", "v3f9a1c2e", state, policy);
  }

  private static AssetRecord open() {
    return asset(State.PUBLISHED, Policy.OPEN);
  }

  @Test
  void decide_openPolicyActiveSubscription_granted() {
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, open(), null, NOW).isGranted()).isTrue();
  }

  @Test
  void decide_unpublished_notPublishedAnswered404() {
    Decision d =
        EntitlementPolicy.decide(ACTIVE_BASIC, asset(State.UNPUBLISHED, Policy.OPEN), "FR", NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.NOT_PUBLISHED);
    assertThat(d.reason().httpStatus()).isEqualTo(404);
  }

  @Test
  void decide_inactiveSubscription_subscriptionInactive() {
    Decision d =
        EntitlementPolicy.decide(new ViewerClaims("v1", false, List.of()), open(), "FR", NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.SUBSCRIPTION_INACTIVE);
    assertThat(d.reason().wireName()).isEqualTo("subscription_inactive");
    assertThat(d.reason().httpStatus()).isEqualTo(403);
  }

  @Test
  void decide_inactiveSubscriptionOnUnpublishedAsset_notPublishedFirst() {
    Decision d =
        EntitlementPolicy.decide(
            new ViewerClaims("v1", false, List.of()),
            asset(State.UNPUBLISHED, Policy.OPEN),
            null,
            NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.NOT_PUBLISHED);
  }

  @Test
  void decide_planNotListed_planNotEntitled() {
    AssetRecord premium =
        asset(State.PUBLISHED, new Policy(List.of("premium"), null, null, Countries.EVERYWHERE));
    Decision d = EntitlementPolicy.decide(ACTIVE_BASIC, premium, "FR", NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.PLAN_NOT_ENTITLED);
    assertThat(d.reason().wireName()).isEqualTo("plan_not_entitled");
  }

  @Test
  void decide_noPlanClaimButPlansRequired_planNotEntitled() {
    AssetRecord premium =
        asset(State.PUBLISHED, new Policy(List.of("premium"), null, null, Countries.EVERYWHERE));
    Decision d =
        EntitlementPolicy.decide(new ViewerClaims("v1", true, List.of()), premium, "FR", NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.PLAN_NOT_ENTITLED);
  }

  @Test
  void decide_oneOfSeveralPlansListed_granted() {
    AssetRecord premium =
        asset(
            State.PUBLISHED,
            new Policy(List.of("premium", "family"), null, null, Countries.EVERYWHERE));
    ViewerClaims viewer = new ViewerClaims("v1", true, List.of("basic", "family"));
    assertThat(EntitlementPolicy.decide(viewer, premium, "FR", NOW).isGranted()).isTrue();
  }

  @Test
  void decide_beforeAvailableFrom_notYetAvailable() {
    AssetRecord later =
        asset(
            State.PUBLISHED, new Policy(List.of(), NOW.plusSeconds(1), null, Countries.EVERYWHERE));
    Decision d = EntitlementPolicy.decide(ACTIVE_BASIC, later, "FR", NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.NOT_YET_AVAILABLE);
    assertThat(d.reason().wireName()).isEqualTo("not_yet_available");
  }

  @Test
  void decide_exactlyAvailableFrom_granted() {
    AssetRecord now =
        asset(State.PUBLISHED, new Policy(List.of(), NOW, null, Countries.EVERYWHERE));
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, now, "FR", NOW).isGranted()).isTrue();
  }

  @Test
  void decide_exactlyAvailableUntil_noLongerAvailable() {
    AssetRecord ended =
        asset(State.PUBLISHED, new Policy(List.of(), null, NOW, Countries.EVERYWHERE));
    Decision d = EntitlementPolicy.decide(ACTIVE_BASIC, ended, "FR", NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.NO_LONGER_AVAILABLE);
    assertThat(d.reason().wireName()).isEqualTo("no_longer_available");
  }

  @Test
  void decide_justBeforeAvailableUntil_granted() {
    AssetRecord ending =
        asset(
            State.PUBLISHED, new Policy(List.of(), null, NOW.plusMillis(1), Countries.EVERYWHERE));
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, ending, "FR", NOW).isGranted()).isTrue();
  }

  @Test
  void decide_countryInDenyList_geoBlocked() {
    AssetRecord denyFr =
        asset(
            State.PUBLISHED,
            new Policy(List.of(), null, null, new Countries(List.of(), List.of("fr"))));
    Decision d = EntitlementPolicy.decide(ACTIVE_BASIC, denyFr, "FR", NOW);
    assertThat(d.reason()).isEqualTo(Decision.Reason.GEO_BLOCKED);
    assertThat(d.reason().wireName()).isEqualTo("geo_blocked");
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, denyFr, "de", NOW).isGranted()).isTrue();
  }

  @Test
  void decide_countryOutsideAllowList_geoBlocked() {
    AssetRecord onlyDe =
        asset(
            State.PUBLISHED,
            new Policy(List.of(), null, null, new Countries(List.of("DE"), List.of())));
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, onlyDe, "FR", NOW).reason())
        .isEqualTo(Decision.Reason.GEO_BLOCKED);
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, onlyDe, "de", NOW).isGranted()).isTrue();
  }

  @Test
  void decide_unknownCountryWithAnyCountryRule_countryUnknownFailClosed() {
    AssetRecord denyFr =
        asset(
            State.PUBLISHED,
            new Policy(List.of(), null, null, new Countries(List.of(), List.of("FR"))));
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, denyFr, null, NOW).reason())
        .isEqualTo(Decision.Reason.COUNTRY_UNKNOWN);
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, denyFr, " ", NOW).reason())
        .isEqualTo(Decision.Reason.COUNTRY_UNKNOWN);
  }

  @Test
  void decide_unknownCountryWithoutCountryRules_granted() {
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, open(), null, NOW).isGranted()).isTrue();
  }

  @Test
  void decide_countryInBothLists_denyWins() {
    AssetRecord both =
        asset(
            State.PUBLISHED,
            new Policy(List.of(), null, null, new Countries(List.of("FR"), List.of("FR"))));
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, both, "FR", NOW).reason())
        .isEqualTo(Decision.Reason.GEO_BLOCKED);
  }

  @Test
  void decide_planCheckedBeforeWindowAndCountry_firstFailureWins() {
    AssetRecord everything =
        asset(
            State.PUBLISHED,
            new Policy(
                List.of("premium"),
                NOW.plusSeconds(60),
                null,
                new Countries(List.of("DE"), List.of())));
    assertThat(EntitlementPolicy.decide(ACTIVE_BASIC, everything, "FR", NOW).reason())
        .isEqualTo(Decision.Reason.PLAN_NOT_ENTITLED);
    ViewerClaims premium = new ViewerClaims("v1", true, List.of("premium"));
    assertThat(EntitlementPolicy.decide(premium, everything, "FR", NOW).reason())
        .isEqualTo(Decision.Reason.NOT_YET_AVAILABLE);
    assertThat(EntitlementPolicy.decide(premium, everything, "FR", NOW.plusSeconds(60)).reason())
        .isEqualTo(Decision.Reason.GEO_BLOCKED);
    assertThat(EntitlementPolicy.decide(premium, everything, "DE", NOW.plusSeconds(60)).isGranted())
        .isTrue();
  }
}
