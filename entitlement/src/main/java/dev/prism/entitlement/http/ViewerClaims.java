package dev.prism.entitlement.http;

import java.util.List;

/**
 * What the entitlement decision needs from a verified viewer JWT, already read with the configured
 * claim names ({@link EntitlementSettings.Claims}).
 *
 * @param subject the {@code sub} claim (or the configured subject claim), never empty
 * @param subscriptionActive whether the subscription status claim holds an active value
 * @param plans the viewer's plans (the plan claim may be a string or an array); may be empty
 */
public record ViewerClaims(String subject, boolean subscriptionActive, List<String> plans) {
  public ViewerClaims {
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("empty subject");
    }
    plans = List.copyOf(plans);
  }
}
