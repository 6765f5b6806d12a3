package dev.prism.origin.e2e;

import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.demo.DemoRun;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.contract.LadderRecord;
import dev.prism.transcoder.testing.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code prism demo} in-process ({@link DemoRun}, the command's own start-up path) on a free port
 * of 127.0.0.1, in a temporary home: first-run development keys, a folder store holding the first
 * {@value #CLIP_SECONDS} s of the demo clip transcoded by the real transcoder (480/360/240 +
 * audio), the origin with the signed-cookie gate on {@code /v1/*}, the entitlement mint on {@code
 * POST /play/{asset}} and the {@code /player} routes. No {@code PRISM_*} environment is read.
 */
final class DemoServer implements AutoCloseable {
  static final String ASSET_ID = "bbb";

  /** Long enough for a start, a forced switch and several seconds more on 6 s segments. */
  private static final double CLIP_SECONDS = 12;

  /** {@code /v1/{asset}/{version}/{trackId}/{segMs}/{n}.m4s} (docs/ARCHITECTURE.md, URLs). */
  private static final Pattern SEGMENT =
      Pattern.compile("^/v1/[^/]+/[^/]+/([^/]+)/\\d+/\\d+\\.m4s$");

  private final Path home;
  private final DemoRun demo;
  private final Set<String> videoTrackIds;

  private DemoServer(Path home, DemoRun demo) {
    this.home = home;
    this.demo = demo;
    this.videoTrackIds =
        demo.published().ladder().tracks().stream()
            .filter(t -> t.type() == TrackType.VIDEO)
            .map(LadderRecord.Track::id)
            .collect(Collectors.toUnmodifiableSet());
  }

  static DemoServer start() throws Exception {
    Path home = Files.createTempDirectory("prism-e2e-");
    try {
      Path clip =
          MediaFixtures.trimmed(
              MediaFixtures.clip(MediaFixtures.BBB_480P),
              CLIP_SECONDS,
              Files.createDirectories(home.resolve("clips")));
      DemoRun demo =
          DemoRun.start(
              new DemoRun.Request(home.resolve(".prism"), clip, ASSET_ID, 0),
              // As ConfigOptions.load(overrides) does, with this home and no PRISM_* environment.
              overrides -> ConfigLoader.load(null, overrides, Map.of(), home),
              e -> {},
              Clock.systemUTC());
      return new DemoServer(home, demo);
    } catch (Exception | Error e) {
      delete(home);
      throw e;
    }
  }

  /** {@code http://127.0.0.1:PORT}: the origin, and the demo's one public base URL. */
  String baseUrl() {
    return demo.baseUrl();
  }

  String assetId() {
    return demo.assetId();
  }

  /** The video track id a media segment URL path names, if it is one. */
  Optional<String> videoTrackOfSegment(String path) {
    Matcher m = SEGMENT.matcher(path);
    return m.matches() && videoTrackIds.contains(m.group(1))
        ? Optional.of(m.group(1))
        : Optional.empty();
  }

  @Override
  public void close() throws IOException {
    try {
      demo.close();
    } finally {
      delete(home);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
