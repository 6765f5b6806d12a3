package dev.prism.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.naming.ResourceNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The regex-free entry-manifest recogniser agrees with {@link ResourceNaming#parse}. */
class EntryPathTest {
  private static final String ALPHABET = "aZ09._-/%~ ";

  @Test
  void entryAsset_agreesWithResourceNaming_onHandPickedAndRandomPaths() {
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/v1/bbb/hls/index.m3u8",
                "/v1/bbb/dash/index.mpd",
                "/v1/.x/hls/index.m3u8",
                "/v1/-x/dash/index.mpd",
                "/v1//hls/index.m3u8",
                "/v1/a/b/hls/index.m3u8",
                "/v1/" + "a".repeat(128) + "/hls/index.m3u8",
                "/v1/" + "a".repeat(129) + "/hls/index.m3u8",
                "/v2/bbb/hls/index.m3u8",
                "/v1/bbb/hls/index.m3u8x",
                "/v1/A.b_c-9/dash/index.mpd"));
    long seed = Long.getLong("property.seed", 20261121L);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(0, 12);
      for (int j = 0; j < length; j++) {
        id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      paths.add("/v1/" + id + (random.nextBoolean() ? "/hls/index.m3u8" : "/dash/index.mpd"));
    }
    for (String path : paths) {
      Optional<PackagingRequest> reference = ResourceNaming.parse(path);
      String hls = Routes.entryAsset(path, "/hls/index.m3u8");
      String dash = Routes.entryAsset(path, "/dash/index.mpd");
      String expectedHls =
          reference
              .filter(r -> r instanceof MultivariantPlaylistRequest)
              .map(r -> r.assetId())
              .orElse(null);
      String expectedDash =
          reference.filter(r -> r instanceof MpdRequest).map(r -> r.assetId()).orElse(null);
      assertThat(hls).as("seed %s, %s", seed, path).isEqualTo(expectedHls);
      assertThat(dash).as("seed %s, %s", seed, path).isEqualTo(expectedDash);
    }
  }
}
