/**
 * What the routes deliver and how: {@link dev.prism.origin.delivery.Delivery} answers each URL of
 * docs/ARCHITECTURE.md with a {@link dev.prism.origin.delivery.Resource}, going through the caches
 * (single-flight) to the packager and the store. Blocking work (index reads, manifest writing) runs
 * on the packaging executor, never on an event loop.
 */
@NullMarked
package dev.prism.origin.delivery;

import org.jspecify.annotations.NullMarked;
