/**
 * The signed-delivery gate in front of {@code /v1/} (docs/ARCHITECTURE.md, "Request path in the
 * origin"): {@link dev.prism.origin.gate.OriginSecretHandler} (the CDN's shared secret header),
 * then {@link dev.prism.origin.gate.SignedRequestHandler} (CloudFront signed cookies and signed
 * URLs, Google Cloud CDN signed cookies and signed URLs), mounted by {@link
 * dev.prism.origin.gate.Gate}.
 *
 * <p>The cryptography and policy rules live in {@code dev.prism.entitlement.signing}; this package
 * only adapts Vert.x requests to it: the public URL the viewer used, the cookies, the viewer IP
 * from the one trusted source ({@link dev.prism.entitlement.viewer.ViewerAddress}, shared with the
 * mint), the fixed 403 and the denial metric, and the per-viewer manifest rewrite for cookie-less
 * players ({@link dev.prism.origin.gate.ManifestRewriter}).
 */
@NullMarked
package dev.prism.origin.gate;

import org.jspecify.annotations.NullMarked;
