/**
 * Signed cookie and signed URL codecs, verification and minting for Amazon CloudFront (canned and
 * custom policies, trusted key groups, RSA 2048 / ECDSA P-256, SHA-1 / SHA-256) and Google Cloud
 * CDN (URL, URL-prefix and {@code Cloud-CDN-Cookie}, HMAC-SHA1 named keys).
 *
 * <p>Two interfaces carry the schemes: {@link dev.prism.entitlement.signing.CredentialVerifier}
 * (one per credential the gate accepts: finds it in a {@link
 * dev.prism.entitlement.signing.ViewerRequest} and verifies it) and {@link
 * dev.prism.entitlement.signing.GrantSigner} (signs the mint's grant for a URL prefix). A new
 * scheme is one verifier, one signer and one configuration entry ({@code docs/ARCHITECTURE.md,
 * "Signing schemes"}).
 *
 * <p>Pure Java: JCA and Bouncy Castle for cryptography, Jackson for policy JSON, Caffeine for the
 * verdict cache. No Vert.x here (an ArchUnit test enforces it): the origin's gate adapts HTTP to
 * {@link dev.prism.entitlement.signing.ViewerRequest} and maps {@link
 * dev.prism.entitlement.signing.Verdict} to a response. Clocks are parameters, never read here.
 *
 * <p>Byte-level reference: the AWS CloudFront Developer Guide ("Restrict access with signed URLs
 * and signed cookies") and Google Cloud CDN "Use signed URLs" / "Use signed cookies".
 */
@NullMarked
package dev.prism.entitlement.signing;

import org.jspecify.annotations.NullMarked;
