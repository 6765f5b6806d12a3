package dev.prism.transcoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one long FFmpeg process (the encode), turning its {@code -progress pipe:1} output into
 * {@link ProgressEvent}s and keeping the tail of its error output for the failure message.
 *
 * <p>An interrupt of the calling thread kills FFmpeg (SIGTERM, then SIGKILL after two seconds) and
 * waits for it to exit, so the caller may delete its output files right after.
 */
final class FfmpegRunner {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegRunner.class);
  private static final int STDERR_TAIL_CHARS = 4000;

  private FfmpegRunner() {}

  /**
   * Runs {@code command} to completion.
   *
   * @param totalUs the input's duration, for percentages
   * @param progress receives events on a reader thread
   * @throws TranscodeException {@link TranscodeException.Reason#ENCODE_FAILED} on a non-zero exit
   *     (including a kill from outside), with FFmpeg's last error lines
   * @throws InterruptedException when the calling thread is interrupted; FFmpeg has exited by then
   */
  static void run(List<String> command, long totalUs, Consumer<ProgressEvent> progress)
      throws TranscodeException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED, "cannot start ffmpeg: " + e, e);
    }
    ProgressParser parser = new ProgressParser(totalUs, progress);
    Thread out = daemon("ffmpeg-progress", () -> readLines(process.getInputStream(), parser));
    StringBuilder errTail = new StringBuilder();
    Thread err = daemon("ffmpeg-stderr", () -> tail(process.getErrorStream(), errTail));
    int exit;
    try {
      exit = process.waitFor();
      out.join(5_000);
      err.join(5_000);
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
    if (exit != 0) {
      String tail;
      synchronized (errTail) {
        tail = errTail.toString().strip();
      }
      throw new TranscodeException(
          TranscodeException.Reason.ENCODE_FAILED,
          "ffmpeg exited with status "
              + exit
              + (exit > 128 ? " (killed by signal " + (exit - 128) + ")" : "")
              + (tail.isEmpty() ? "" : ": " + tail));
    }
  }

  /** Stops FFmpeg: SIGTERM, then SIGKILL after 2 s; waits for it to exit, keeping an interrupt. */
  static void kill(Process process) {
    process.destroy();
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
          }
          return;
        } catch (InterruptedException again) {
          interrupted = true;
        }
      }
    } finally {
      LOG.debug("ffmpeg pid {} stopped", process.pid());
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void readLines(InputStream in, ProgressParser parser) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        try {
          parser.line(line);
        } catch (RuntimeException e) {
          LOG.warn("progress listener failed: {}", e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("ffmpeg progress stream closed: {}", e.toString());
    }
  }

  private static void tail(InputStream in, StringBuilder tail) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (tail) {
          tail.append(line).append('\n');
          if (tail.length() > STDERR_TAIL_CHARS) {
            tail.delete(0, tail.length() - STDERR_TAIL_CHARS);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("ffmpeg error stream closed: {}", e.toString());
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
