/** The Prism origin: Vert.x routes, the delivery gate, HTTP semantics and metrics. */
@NullMarked
package dev.prism.origin;

import org.jspecify.annotations.NullMarked;
