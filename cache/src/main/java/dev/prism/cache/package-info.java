/** Prism cache module. */
@NullMarked
package dev.prism.cache;

import org.jspecify.annotations.NullMarked;
