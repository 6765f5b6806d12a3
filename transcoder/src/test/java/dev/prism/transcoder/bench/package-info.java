/** The encode benchmark (not a test: surefire excludes this package); see transcoder/README.md. */
@NullMarked
package dev.prism.transcoder.bench;

import org.jspecify.annotations.NullMarked;
