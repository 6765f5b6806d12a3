package dev.prism.transcoder.bench;

import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.transcoder.FfmpegTools;
import dev.prism.transcoder.MediaProber;
import dev.prism.transcoder.PublishedVersion;
import dev.prism.transcoder.TranscodeRequest;
import dev.prism.transcoder.Transcoder;
import dev.prism.transcoder.testing.MediaFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The default ladder's encode speed on a 1080p25 input, through {@link Transcoder#transcode} and as
 * the bare FFmpeg command line it runs ({@link Transcoder#command}), alternating in one JVM so both
 * see the same machine load. Speed = media seconds / wall seconds (x real time). The transcoder's
 * wall time covers everything: probe, input SHA-256, the encode, validation with the packager,
 * output SHA-256s and the upload into a folder store.
 *
 * <p>Input: the full 8 s CTA WAVE "croatia" 1080p25 stream (CC BY 4.0, EBU / CTA WAVE; 5.5 MB, not
 * in the repository, which keeps only its first 4 s for the packager tests), init + segments
 * concatenated and looped to {@code seconds} (stream copy). By default it is looked for in {@code
 * ../shared/streams/cta-wave-croatia-1080p25-dash} relative to the working directory (the
 * repository root, where encode-bench.sh runs it); pass another folder as the first argument.
 *
 * <p>Arguments: {@code [streamsDir] [seconds=32] [runs=3]}. Run with
 * transcoder/bench/encode-bench.sh.
 */
public final class EncodeBench {
  private EncodeBench() {}

  public static void main(String[] args) throws Exception {
    Path streams =
        Path.of(args.length > 0 ? args[0] : "../shared/streams/cta-wave-croatia-1080p25-dash");
    if (!Files.isRegularFile(streams.resolve("video25fps/76800.m4s"))) {
      System.err.println(
          "EncodeBench: no CTA WAVE croatia stream (video25fps/ with 4 segments, aac/) in "
              + streams.toAbsolutePath().normalize()
              + "; pass its folder as the first argument [streamsDir] [seconds] [runs]");
      System.exit(2);
    }
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("prism-encode-bench-");
    try {
      Path input = makeInput(streams, seconds, dir);
      FfmpegTools tools = FfmpegTools.bundled();
      double mediaSeconds = new MediaProber(tools).probe(input).video().durationUs() / 1_000_000.0;
      System.out.printf(
          Locale.ROOT,
          "input: %s (%.2f s of 1920x1080p25 + AAC), %s, %d cores%n",
          input.getFileName(),
          mediaSeconds,
          tools.versionLine(),
          Runtime.getRuntime().availableProcessors());
      Path bareOut = Files.createDirectories(dir.resolve("bare"));
      List<String> bare = Transcoder.command(TranscodeRequest.of(input, "bench"), bareOut);
      System.out.println("bare command: " + String.join(" ", quoted(bare)));

      List<Double> bareSpeeds = new ArrayList<>();
      List<Double> transcoderSpeeds = new ArrayList<>();
      List<Double> bareCpu = new ArrayList<>();
      List<Double> transcoderCpu = new ArrayList<>();
      for (int i = 1; i <= runs; i++) {
        double load = loadAverage();
        double c0 = cpuSeconds();
        long t0 = System.nanoTime();
        runBare(bare);
        double bareWall = (System.nanoTime() - t0) / 1e9;
        bareSpeeds.add(mediaSeconds / bareWall);
        bareCpu.add(cpuSeconds() - c0);

        Path storeDir = Files.createDirectories(dir.resolve("store-" + i));
        double c1 = cpuSeconds();
        long t1 = System.nanoTime();
        try (BlobStore store = BlobStores.folder(storeDir)) {
          PublishedVersion v =
              Transcoder.transcode(
                  TranscodeRequest.of(input, "bench").withWorkDir(dir.resolve("work")),
                  store,
                  e -> {});
          if (v.outcome() != PublishedVersion.Outcome.ENCODED) {
            throw new IllegalStateException("expected a fresh encode, got " + v.outcome());
          }
        }
        double transcoderWall = (System.nanoTime() - t1) / 1e9;
        transcoderSpeeds.add(mediaSeconds / transcoderWall);
        transcoderCpu.add(cpuSeconds() - c1);
        System.out.printf(
            Locale.ROOT,
            "run %d: bare ffmpeg %.2f s wall (%.3fx) %.2f s CPU, transcoder %.2f s wall (%.3fx)"
                + " %.2f s CPU, load1 %.2f -> %.2f%n",
            i,
            bareWall,
            mediaSeconds / bareWall,
            bareCpu.get(i - 1),
            transcoderWall,
            mediaSeconds / transcoderWall,
            transcoderCpu.get(i - 1),
            load,
            loadAverage());
        deleteTree(storeDir);
      }
      double bareMedian = median(bareSpeeds);
      double transcoderMedian = median(transcoderSpeeds);
      System.out.printf(
          Locale.ROOT,
          "median of %d: bare ffmpeg %.3fx realtime, transcoder %.3fx realtime, overhead %.2f%%"
              + " (target < 3%%)%n",
          runs,
          bareMedian,
          transcoderMedian,
          100.0 * (bareMedian / transcoderMedian - 1));
      double bareCpuMedian = median(bareCpu);
      double transcoderCpuMedian = median(transcoderCpu);
      System.out.printf(
          Locale.ROOT,
          "median CPU (JVM + FFmpeg/ffprobe children, load-independent): bare %.2f s, transcoder"
              + " %.2f s, overhead %.2f%%%n",
          bareCpuMedian,
          transcoderCpuMedian,
          100.0 * (transcoderCpuMedian / bareCpuMedian - 1));
    } finally {
      deleteTree(dir);
    }
  }

  /** Init + segments concatenated per track, then both looped and muxed (stream copy). */
  static Path makeInput(Path streams, int seconds, Path dir) throws IOException {
    Path video = dir.resolve("croatia-video.mp4");
    Path audio = dir.resolve("croatia-audio.mp4");
    concat(
        video,
        streams.resolve("video25fps/init.mp4"),
        streams.resolve("video25fps/0.m4s"),
        streams.resolve("video25fps/25600.m4s"),
        streams.resolve("video25fps/51200.m4s"),
        streams.resolve("video25fps/76800.m4s"));
    // aac/94208.m4s is not referenced by the MPD (PROVENANCE.md): left out.
    concat(
        audio,
        streams.resolve("aac/init.mp4"),
        streams.resolve("aac/0.m4s"),
        streams.resolve("aac/93184.m4s"),
        streams.resolve("aac/188416.m4s"),
        streams.resolve("aac/283648.m4s"),
        streams.resolve("aac/378880.m4s"));
    Path out = dir.resolve("croatia-1080p25-" + seconds + "s.mp4");
    int loops = (seconds + 7) / 8;
    MediaFixtures.ffmpeg(
        "-stream_loop",
        Integer.toString(loops - 1),
        "-i",
        video.toString(),
        "-stream_loop",
        Integer.toString(loops),
        "-i",
        audio.toString(),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c",
        "copy",
        "-t",
        Integer.toString(seconds),
        out.toString());
    return out;
  }

  private static void runBare(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    try (InputStream progress = p.getInputStream()) {
      progress.transferTo(java.io.OutputStream.nullOutputStream());
    }
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("bare ffmpeg exited with " + exit);
    }
  }

  private static void concat(Path out, Path... parts) throws IOException {
    try (var os = Files.newOutputStream(out)) {
      for (Path p : parts) {
        Files.copy(p, os);
      }
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * CPU seconds used so far by this JVM plus its waited-for children (/proc/self/stat cutime and
   * cstime, in clock ticks of 1/100 s), so the FFmpeg processes of both variants are counted.
   */
  private static double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    double childrenTicks = Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16 and 17
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime() / 1e9 + childrenTicks / 100.0;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static List<String> quoted(List<String> args) {
    return args.stream()
        .map(a -> a.matches("[A-Za-z0-9_./:=+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
        .toList();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
