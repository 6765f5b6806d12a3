package dev.prism.transcoder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Independent checks of media with the bundled FFmpeg: does it decode without error, and how many
 * frames does it have. Used on track files and on init+segment concatenations.
 */
public final class FfmpegChecks {
  private FfmpegChecks() {}

  /** What one decode of a file printed. */
  public record Decode(int exitCode, String errors) {
    public boolean clean() {
      return exitCode == 0 && errors.isBlank();
    }
  }

  /** Decodes every stream of {@code file} to nowhere ({@code ffmpeg -v error -i f -f null -}). */
  public static Decode decode(Path file) {
    Result r =
        run(
            List.of(
                MediaFixtures.tools().ffmpeg().toString(),
                "-hide_banner",
                "-nostdin",
                "-v",
                "error",
                "-i",
                file.toString(),
                "-f",
                "null",
                "-"));
    return new Decode(r.exitCode(), r.stderr());
  }

  /** The number of decoded frames of the first stream of {@code type} ({@code v} or {@code a}). */
  public static long frameCount(Path file, String type) {
    String out =
        runChecked(
                List.of(
                    MediaFixtures.tools().ffprobe().toString(),
                    "-v",
                    "error",
                    "-count_frames",
                    "-select_streams",
                    type + ":0",
                    "-show_entries",
                    "stream=nb_read_frames",
                    "-of",
                    "csv=p=0",
                    file.toString()))
            .strip();
    return Long.parseLong(out.lines().findFirst().orElse("-1").replace(",", "").trim());
  }

  /** The video frame count of {@code file} (decoded, not read from headers). */
  public static long videoFrameCount(Path file) {
    return frameCount(file, "v");
  }

  /** Runs a command, returning stdout; throws with stderr on a non-zero exit. */
  public static String runChecked(List<String> command) {
    Result r = run(command);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + r.exitCode() + ": " + r.stderr());
    }
    return r.stdout();
  }

  record Result(int exitCode, String stdout, String stderr) {}

  static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(command)).start();
      p.getOutputStream().close();
      CompletableFuture<String> out = read(p.getInputStream());
      CompletableFuture<String> err = read(p.getErrorStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static CompletableFuture<String> read(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
