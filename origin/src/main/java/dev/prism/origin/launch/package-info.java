/**
 * Starting the origin from a loaded configuration, shared by {@code prism serve}, {@code prism
 * demo} and {@code prism entitle}: the gate, the entitlement mint's wiring, the bound port, and the
 * wait for Ctrl-C. The command line ({@code origin.cli}) and the demo ({@code origin.demo}) both
 * call it, so neither depends on the other's package (docs/ARCHITECTURE.md, "Modules").
 */
@NullMarked
package dev.prism.origin.launch;

import org.jspecify.annotations.NullMarked;
