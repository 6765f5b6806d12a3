/**
 * The entitlement service: {@code POST /play/{assetId}} checks the viewer's JWT (RFC 7519, keys
 * from a JWKS, RFC 7517), decides from the asset's policy in {@code asset.json} whether they may
 * watch, and mints a CloudFront custom-policy signed cookie set scoped to {@code /v1/{assetId}/*}.
 *
 * <p>{@link dev.prism.entitlement.http.EntitlementPolicy} is the pure decision; {@link
 * dev.prism.entitlement.http.PlayHandler} is the thin Vert.x adapter; {@link
 * dev.prism.entitlement.http.EntitlementRoutes} mounts it in the origin's router and {@link
 * dev.prism.entitlement.http.EntitlementServer} runs it alone ({@code prism entitle}). Nothing here
 * depends on the origin: the origin maps its configuration into {@link
 * dev.prism.entitlement.http.EntitlementSettings}.
 */
@NullMarked
package dev.prism.entitlement.http;

import org.jspecify.annotations.NullMarked;
