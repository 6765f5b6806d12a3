/** Prism packager module. */
@NullMarked
package dev.prism.packager;

import org.jspecify.annotations.NullMarked;
