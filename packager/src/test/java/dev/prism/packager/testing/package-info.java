/**
 * Test support shared by packager tests and, through the test-jar, by other modules' tests:
 * synthetic CMAF track files, fixture loading, golden files.
 */
@NullMarked
package dev.prism.packager.testing;

import org.jspecify.annotations.NullMarked;
