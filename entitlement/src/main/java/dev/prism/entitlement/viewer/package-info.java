/**
 * Who the viewer is, as far as the network can tell: the viewer's IP address and country, taken
 * from the one source the configuration trusts, and believed from a CDN-written header only on a
 * request that proves it came through the CDN (a valid origin secret, or a trusted TCP peer).
 *
 * <p>Both the origin's gate and the entitlement mint ({@code POST /play}) use this package, so a
 * grant is bound to and rate-limited on exactly the address the gate checks. It depends on Vert.x's
 * request type and on {@code entitlement.signing} (origin secrets, IP ranges), never on {@code
 * entitlement.http} or the origin.
 */
@NullMarked
package dev.prism.entitlement.viewer;

import org.jspecify.annotations.NullMarked;
