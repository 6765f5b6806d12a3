/** JMH benchmarks of the packager (run with {@code -Pbench}; see packager/README.md). */
@NullMarked
package dev.prism.packager.bench;

import org.jspecify.annotations.NullMarked;
