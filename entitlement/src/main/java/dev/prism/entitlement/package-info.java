/** Prism entitlement module. */
@NullMarked
package dev.prism.entitlement;

import org.jspecify.annotations.NullMarked;
