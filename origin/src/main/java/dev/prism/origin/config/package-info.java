/**
 * Prism's configuration: {@code conf/prism.yaml} loaded into immutable records ({@link
 * dev.prism.origin.config.PrismConfig}), overridden by {@code PRISM_*} environment variables and
 * validated at start-up. The only package that reads the process environment.
 */
@NullMarked
package dev.prism.origin.config;

import org.jspecify.annotations.NullMarked;
