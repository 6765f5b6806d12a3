package dev.prism.packager.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceNamingTest {
  private static final String BASE = "https://d111.cloudfront.net";

  @Test
  void paths_areDesignMdLayout() {
    assertThat(ResourceNaming.multivariantPlaylistPath("bbb")).isEqualTo("/v1/bbb/hls/index.m3u8");
    assertThat(ResourceNaming.mpdPath("bbb")).isEqualTo("/v1/bbb/dash/index.mpd");
    assertThat(ResourceNaming.mediaPlaylistPath("bbb", "v3f9", 6000, "video-480"))
        .isEqualTo("/v1/bbb/v3f9/hls/6000/video-480.m3u8");
    assertThat(ResourceNaming.initSegmentPath("bbb", "v3f9", "video-480"))
        .isEqualTo("/v1/bbb/v3f9/video-480/init.mp4");
    assertThat(ResourceNaming.mediaSegmentPath("bbb", "v3f9", "video-480", 6000, 12))
        .isEqualTo("/v1/bbb/v3f9/video-480/6000/12.m4s");
  }

  @Test
  void relativeUris_resolveAgainstManifestUrl_toAbsolutePaths() {
    URI multivariant = URI.create(BASE + ResourceNaming.multivariantPlaylistPath("bbb"));
    URI mediaPlaylist = multivariant.resolve(ResourceNaming.mediaPlaylistUri("v3f9", 6000, "a-en"));
    assertThat(mediaPlaylist.getPath())
        .isEqualTo(ResourceNaming.mediaPlaylistPath("bbb", "v3f9", 6000, "a-en"));
    assertThat(mediaPlaylist.getHost()).isEqualTo("d111.cloudfront.net");

    assertThat(mediaPlaylist.resolve(ResourceNaming.initSegmentUri("a-en")).getPath())
        .isEqualTo(ResourceNaming.initSegmentPath("bbb", "v3f9", "a-en"));
    assertThat(mediaPlaylist.resolve(ResourceNaming.mediaSegmentUri("a-en", 6000, 7)).getPath())
        .isEqualTo(ResourceNaming.mediaSegmentPath("bbb", "v3f9", "a-en", 6000, 7));

    URI mpd = URI.create(BASE + ResourceNaming.mpdPath("bbb"));
    String media =
        ResourceNaming.mpdMediaTemplate("v3f9", 6000)
            .replace("$RepresentationID$", "a-en")
            .replace("$Number$", "7");
    String init =
        ResourceNaming.mpdInitializationTemplate("v3f9").replace("$RepresentationID$", "a-en");
    assertThat(mpd.resolve(media).getPath())
        .isEqualTo(ResourceNaming.mediaSegmentPath("bbb", "v3f9", "a-en", 6000, 7));
    assertThat(mpd.resolve(init).getPath())
        .isEqualTo(ResourceNaming.initSegmentPath("bbb", "v3f9", "a-en"));
  }

  @Test
  void parse_ofEveryFormattedPath_givesTheRequestBack() {
    List<PackagingRequest> requests =
        List.of(
            new MultivariantPlaylistRequest("bbb"),
            new MpdRequest("bbb"),
            new MediaPlaylistRequest("bbb", "v1", 6000, "index"),
            new InitSegmentRequest("bbb", "iframes", "init"),
            new MediaSegmentRequest("bbb", "v1", "hlsx", 2000, 999_999_999));
    for (PackagingRequest r : requests) {
      assertThat(ResourceNaming.parse(ResourceNaming.path(r))).contains(r);
    }
  }

  @Test
  void parse_randomValidRequests_roundTrip() {
    long seed = Long.getLong("property.seed", 20261121L);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 2000; i++) {
      String asset = randomId(random);
      String version = randomId(random);
      String track = randomId(random);
      long segMs = random.nextLong(ResourceNaming.MIN_SEG_MS, ResourceNaming.MAX_SEG_MS + 1);
      long n = random.nextLong(1, ResourceNaming.MAX_SEGMENT_NUMBER + 1);
      PackagingRequest r = switch4(random.nextInt(5), asset, version, track, segMs, n);
      assertThat(ResourceNaming.parse(ResourceNaming.path(r)))
          .as("seed %d, %s", seed, r)
          .contains(r);
    }
  }

  @Test
  void parse_arbitraryStrings_neverThrows() {
    long seed = Long.getLong("property.seed", 7L);
    SplittableRandom random = new SplittableRandom(seed);
    String alphabet = "/v1hlsdashindex.m3u8mpdinit.mp4m4s0123456789-_.%?#aZ \u00e9";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(80);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String path = s.toString();
      ResourceNaming.parse(path)
          .ifPresent(r -> assertThat(ResourceNaming.path(r)).as("seed %d", seed).isEqualTo(path));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "/v1/bbb/hls/index.m3u8?x=1",
        "/v2/bbb/hls/index.m3u8",
        "/v1/-bbb/hls/index.m3u8",
        "/v1/bbb/v1/a/6000/0.m4s",
        "/v1/bbb/v1/a/6000/01.m4s",
        "/v1/bbb/v1/a/0600/1.m4s",
        "/v1/bbb/v1/a/999/1.m4s",
        "/v1/bbb/v1/a/60001/1.m4s",
        "/v1/bbb/v1/a/6000/1234567890.m4s",
        "/v1/bbb/v1/hls/6000/a.m3u8/",
        "/v1/bbb/v1/../a/init.mp4",
        "/v1/bbb/v1/a b/init.mp4",
        "/v1/bbb/dash/index.m3u8",
        "//v1/bbb/hls/index.m3u8"
      })
  void parse_pathsTheFormatterCannotProduce_areEmpty(String path) {
    assertThat(ResourceNaming.parse(path)).isEmpty();
  }

  @Test
  void requests_withInvalidParts_areRejected() {
    assertThatThrownBy(() -> new MediaSegmentRequest("bbb", "v1", "a", 6000, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InitSegmentRequest("bbb", "v1", "../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceNaming.mediaSegmentUri("a", 500, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static PackagingRequest switch4(
      int kind, String asset, String version, String track, long segMs, long n) {
    if (kind == 0) {
      return new MultivariantPlaylistRequest(asset);
    } else if (kind == 1) {
      return new MpdRequest(asset);
    } else if (kind == 2) {
      return new MediaPlaylistRequest(asset, version, segMs, track);
    } else if (kind == 3) {
      return new InitSegmentRequest(asset, version, track);
    }
    return new MediaSegmentRequest(asset, version, track, segMs, n);
  }

  private static String randomId(SplittableRandom random) {
    String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    String rest = first + "._-";
    while (true) {
      StringBuilder s = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
      int length = random.nextInt(0, 128);
      for (int i = 0; i < length; i++) {
        s.append(rest.charAt(random.nextInt(rest.length())));
      }
      if (!ResourceNaming.RESERVED_WORDS.contains(s.toString())) {
        return s.toString();
      }
    }
  }
}
