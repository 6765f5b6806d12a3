package dev.prism.transcoder.testing;

import dev.prism.transcoder.FfmpegTools;
import dev.prism.transcoder.TranscodeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Real media for tests: the demo clip committed in the repository's media/ (CC BY 3.0, Blender
 * Foundation; see media/README.md), trimmed copies, and inputs made with the bundled FFmpeg.
 */
public final class MediaFixtures {
  /** 854x480 24 fps H.264 with 5.1 AAC, 30 s: the demo clip. */
  public static final String BBB_480P = "bbb_480p_30s_h264_aac51.mp4";

  private MediaFixtures() {}

  /**
   * The folder holding the demo clip ({@link #BBB_480P}); see {@link #clip(String)} for the search
   * order.
   */
  public static Path mediaDir() {
    return clip(BBB_480P).getParent();
  }

  /**
   * A clip by file name: from the system property {@code prism.media.dir}, else the first folder
   * holding it among {@code media/} and {@code demo/} of {@code prism.home} or of the repository
   * (from a module folder or its root). Only folders inside the repository are searched by default,
   * so a clean clone finds everything its tests need.
   */
  public static Path clip(String name) {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty("prism.media.dir");
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    String home = System.getProperty("prism.home");
    if (home != null) {
      candidates.add(Path.of(home, "media"));
    }
    // From a module folder or the repository root.
    for (String base : List.of("..", ".")) {
      candidates.add(Path.of(base, "media"));
      candidates.add(Path.of(base, "demo"));
    }
    for (Path dir : candidates) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "clip " + name + " not found (set -Dprism.media.dir); tried " + candidates);
  }

  /**
   * The first {@code seconds} of {@code source}: video re-encoded (OpenH264, no B-frames) so the
   * cut is clean, audio stream-copied (AAC frames stand alone), all streams kept. A stream copy of
   * the video would cut a B-frame pyramid in half and leave holes in the timestamps. About 1 s for
   * 4 s of 480p.
   */
  public static Path trimmed(Path source, double seconds, Path dir) {
    Path out = dir.resolve(baseName(source) + "_" + fmt(seconds) + "s.mp4");
    ffmpeg(
        "-i",
        source.toString(),
        "-t",
        fmt(seconds),
        "-map",
        "0",
        "-c",
        "copy",
        "-c:v",
        "libopenh264",
        "-b:v",
        "3M",
        out.toString());
    return out;
  }

  /** A 3 s AAC file without video (a sine tone), to test the "no video" refusal. */
  public static Path audioOnly(Path dir) {
    Path out = dir.resolve("tone-audio-only.m4a");
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=48000:duration=3",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        out.toString());
    return out;
  }

  /** A file that is not media at all (text), to test the "not media" refusal. */
  public static Path notMedia(Path dir) {
    Path out = dir.resolve("not-media.mp4");
    try {
      Files.writeString(
          out, "This is a shopping list, not a video.\n".repeat(200), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Runs the bundled ffmpeg with {@code -v error -y} and the given arguments; fails on error. */
  public static void ffmpeg(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(tools().ffmpeg().toString());
    cmd.addAll(List.of("-hide_banner", "-nostdin", "-v", "error", "-y"));
    cmd.addAll(List.of(args));
    FfmpegChecks.runChecked(cmd);
  }

  static FfmpegTools tools() {
    try {
      return FfmpegTools.bundled();
    } catch (TranscodeException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static String baseName(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds).replaceAll("\\.?0+$", "");
  }
}
