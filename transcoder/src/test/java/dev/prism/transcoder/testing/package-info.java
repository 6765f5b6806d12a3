/**
 * Test fixtures other modules reuse through the transcoder's test-jar: real mezzanine clips, a
 * once-per-JVM transcoded asset in a folder store, and FFmpeg decode checks.
 */
@NullMarked
package dev.prism.transcoder.testing;

import org.jspecify.annotations.NullMarked;
