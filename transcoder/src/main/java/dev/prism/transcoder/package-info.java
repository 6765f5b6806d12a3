/** Prism transcoder module. */
@NullMarked
package dev.prism.transcoder;

import org.jspecify.annotations.NullMarked;
