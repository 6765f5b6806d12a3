/**
 * The origin's Prometheus metrics (Micrometer): requests by route and status with latency
 * histograms, bytes served, cache hits and misses, store read latency, packaging time, and gate
 * denials by reason.
 */
@NullMarked
package dev.prism.origin.metrics;

import org.jspecify.annotations.NullMarked;
