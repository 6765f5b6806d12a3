/**
 * The neutral model of one asset version (ISO/IEC 23000-19 presentation) that both manifest writers
 * render: the {@link dev.prism.packager.cmaf.TrackIndex} of every track plus the ladder's plain
 * metadata (id, type, language, label). Knows nothing of the store or of JSON.
 */
@NullMarked
package dev.prism.packager.presentation;

import org.jspecify.annotations.NullMarked;
