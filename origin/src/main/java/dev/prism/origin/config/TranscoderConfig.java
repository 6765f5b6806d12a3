package dev.prism.origin.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code prism transcode}'s settings ({@code transcoder.*}).
 *
 * @param ladder the encoding ladder file ({@code conf/ladder.yaml}); absolute
 * @param fragmentDuration the GOP and fragment grid, e.g. 2 s
 * @param workDir where track files are written before upload; absolute
 */
public record TranscoderConfig(Path ladder, Duration fragmentDuration, Path workDir) {}
