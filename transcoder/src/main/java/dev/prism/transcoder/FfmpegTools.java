package dev.prism.transcoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The bundled {@code ffmpeg} and {@code ffprobe} executables (Bytedeco FFmpeg, LGPL natives by
 * default, GPL natives under {@code -Pgpl}), and what they say about themselves.
 *
 * <p>JavaCPP unpacks them once into {@code org.bytedeco.javacpp.cachedir}; they carry {@code
 * RUNPATH $ORIGIN} and run from {@link ProcessBuilder} without environment changes.
 *
 * @param ffmpeg the ffmpeg executable
 * @param ffprobe the ffprobe executable
 * @param versionLine the first line of {@code ffmpeg -version}, e.g. {@code ffmpeg version 8.0.1
 *     ...}
 * @param buildConfiguration the {@code configuration:} line of {@code ffmpeg -version}
 * @param h264Encoders the software H.264 encoders this build has, best first ({@code libx264}, then
 *     {@code libopenh264})
 */
public record FfmpegTools(
    Path ffmpeg,
    Path ffprobe,
    String versionLine,
    String buildConfiguration,
    List<String> h264Encoders) {

  private static final Object LOCK = new Object();
  private static volatile @org.jspecify.annotations.Nullable FfmpegTools instance;

  public FfmpegTools {
    h264Encoders = List.copyOf(h264Encoders);
  }

  /**
   * The bundled tools, unpacked and inspected on first use, then cached for the JVM.
   *
   * @throws TranscodeException ({@link TranscodeException.Reason#ENCODE_FAILED}) when the natives
   *     cannot be loaded or run
   */
  public static FfmpegTools bundled() throws TranscodeException {
    FfmpegTools tools = instance;
    if (tools != null) {
      return tools;
    }
    synchronized (LOCK) {
      if (instance == null) {
        instance = load();
      }
      return instance;
    }
  }

  private static FfmpegTools load() throws TranscodeException {
    Path ffmpeg;
    Path ffprobe;
    try {
      ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
      ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
    } catch (RuntimeException | LinkageError e) {
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED,
          "cannot load the bundled FFmpeg (on Debian it needs libpulse0, libva2, libva-drm2): " + e,
          e);
    }
    String version = runForText(List.of(ffmpeg.toString(), "-hide_banner", "-version"));
    String versionLine = version.lines().findFirst().orElse("ffmpeg version unknown");
    String configuration =
        version
            .lines()
            .filter(l -> l.startsWith("configuration:"))
            .map(l -> l.substring("configuration:".length()).trim())
            .findFirst()
            .orElse("");
    String encoders = runForText(List.of(ffmpeg.toString(), "-hide_banner", "-encoders"));
    List<String> h264 = new ArrayList<>();
    for (String name : List.of("libx264", "libopenh264")) {
      if (encoders.lines().anyMatch(l -> l.matches("\\s*V\\S*\\s+" + name + "\\s.*"))) {
        h264.add(name);
      }
    }
    return new FfmpegTools(ffmpeg, ffprobe, versionLine, configuration, h264);
  }

  /** Runs a short command, returning its standard output; fails on a non-zero exit. */
  static String runForText(List<String> command) throws TranscodeException {
    ProcessResult result = run(command);
    if (result.exitCode() != 0) {
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED,
          String.join(" ", command) + " exited with " + result.exitCode() + ": " + result.stderr());
    }
    return result.stdout();
  }

  /** Output of a finished short-lived process. */
  record ProcessResult(int exitCode, String stdout, String stderr) {}

  /**
   * Runs a short-lived process to completion, collecting both streams. An interrupt kills it.
   *
   * @throws TranscodeException when it cannot be started
   */
  static ProcessResult run(List<String> command) throws TranscodeException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED, "cannot start " + command.get(0) + ": " + e, e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      int exit = process.waitFor();
      return new ProcessResult(exit, out.join(), err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED, "interrupted while running " + command.get(0));
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED, "cannot run " + command.get(0) + ": " + e, e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.complete("");
              }
            },
            "ffmpeg-drain");
    t.setDaemon(true);
    t.start();
    return text;
  }
}
