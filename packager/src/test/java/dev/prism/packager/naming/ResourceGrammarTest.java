package dev.prism.packager.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole URL grammar of docs/ARCHITECTURE.md ("URLs"): tier and packaging-configuration forms,
 * the forms not served yet, reserved words, and the hand-written scanner against the regular
 * expressions it replaced.
 */
class ResourceGrammarTest {

  @Test
  void path_everyForm_isTheGrammarsLayout() {
    assertThat(ResourceNaming.path(new MultivariantPlaylistRequest("bbb", "gold", "cenc")))
        .isEqualTo("/v1/bbb/t/gold/p/cenc/hls/index.m3u8");
    assertThat(ResourceNaming.path(new MpdRequest("bbb", null, "cbcs")))
        .isEqualTo("/v1/bbb/p/cbcs/dash/index.mpd");
    assertThat(ResourceNaming.path(new MpdRequest("bbb", "gold", null)))
        .isEqualTo("/v1/bbb/t/gold/dash/index.mpd");
    assertThat(
            ResourceNaming.path(new MediaPlaylistRequest("bbb", "gold", "v3", "cenc", 2000, "a")))
        .isEqualTo("/v1/bbb/t/gold/v3/p/cenc/hls/2000/a.m3u8");
    assertThat(ResourceNaming.path(new IFramePlaylistRequest("bbb", null, "v3", null, 2000, "v")))
        .isEqualTo("/v1/bbb/v3/hls/2000/iframes/v.m3u8");
    assertThat(ResourceNaming.path(new InitSegmentRequest("bbb", "gold", "v3", "cbcs", "v")))
        .isEqualTo("/v1/bbb/t/gold/v3/p/cbcs/v/init.mp4");
    assertThat(
            ResourceNaming.path(new MediaSegmentRequest("bbb", null, "v3", "cenc", "v", 2000, 7)))
        .isEqualTo("/v1/bbb/v3/p/cenc/v/2000/7.m4s");
    assertThat(ResourceNaming.path(new TextSegmentRequest("bbb", "gold", "v3", "sub-en", 2000, 7)))
        .isEqualTo("/v1/bbb/t/gold/v3/sub-en/2000/7.vtt");
    assertThat(ResourceNaming.path(new ThumbnailRequest("bbb", null, "v3", "tile-12.jpg")))
        .isEqualTo("/v1/bbb/v3/thumbs/tile-12.jpg");
    assertThat(ResourceNaming.path(new KeyRequest("bbb", null, "v3", "hls-aes128", "k1.key")))
        .isEqualTo("/v1/bbb/v3/p/hls-aes128/keys/k1.key");
  }

  @Test
  void parse_everyFormWithAndWithoutTierAndConfig_givesTheRequestBack() {
    for (String tier : new String[] {null, "gold", "t1"}) {
      for (String config : new String[] {null, "cenc", "hls-aes128"}) {
        List<PackagingRequest> requests =
            new ArrayList<>(
                List.of(
                    new MultivariantPlaylistRequest("bbb", tier, config),
                    new MpdRequest("bbb", tier, config),
                    new MediaPlaylistRequest("bbb", tier, "v3", config, 6000, "a-en"),
                    new IFramePlaylistRequest("bbb", tier, "v3", config, 6000, "v480"),
                    new InitSegmentRequest("bbb", tier, "v3", config, "v480"),
                    new MediaSegmentRequest("bbb", tier, "v3", config, "v480", 6000, 12)));
        if (config == null) {
          requests.add(new TextSegmentRequest("bbb", tier, "v3", "sub-en", 6000, 12));
          requests.add(new ThumbnailRequest("bbb", tier, "v3", "320x180-1.jpg"));
        } else {
          requests.add(new KeyRequest("bbb", tier, "v3", config, "clearkey"));
        }
        for (PackagingRequest r : requests) {
          String path = ResourceNaming.path(r);
          assertThat(ResourceNaming.parse(path)).as(path).contains(r);
          assertThat(ResourceNaming.parseOrNull(path)).as(path).isEqualTo(r);
          assertThat(r.tier()).isEqualTo(tier);
          assertThat(path).startsWith(ResourceNaming.grantPrefix(r));
        }
      }
    }
  }

  @Test
  void parse_randomRequestsOfEveryKind_roundTrip() {
    long seed = Long.getLong("property.seed", 20261202L);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 5_000; i++) {
      PackagingRequest r = randomRequest(random);
      assertThat(ResourceNaming.parse(ResourceNaming.path(r)))
          .as("seed %d, %s", seed, r)
          .contains(r);
    }
  }

  /**
   * Parse accepts exactly what format produces: formatted paths with one or two path segments
   * replaced by grammar words, removed or repeated (near misses of every form), whenever they
   * parse, format back to themselves.
   */
  @Test
  void parse_mutatedPaths_parseOnlyWhatFormatProduces() {
    long seed = Long.getLong("property.seed", 11L);
    SplittableRandom random = new SplittableRandom(seed);
    String[] words = {
      "t", "p", "hls", "dash", "keys", "thumbs", "iframes", "index.m3u8", "index.mpd", "init.mp4",
      "2000", "0", "1.m4s", "1.vtt", "a.m3u8", "a", "", ".", "..", "%2F"
    };
    int parsed = 0;
    for (int i = 0; i < 30_000; i++) {
      List<String> segments =
          new ArrayList<>(List.of(ResourceNaming.path(randomRequest(random)).split("/", -1)));
      int mutations = random.nextInt(1, 3);
      for (int m = 0; m < mutations; m++) {
        int at = random.nextInt(1, segments.size());
        switch (random.nextInt(4)) {
          case 0:
            segments.set(at, words[random.nextInt(words.length)]);
            break;
          case 1:
            segments.remove(at);
            break;
          case 2:
            segments.add(at, segments.get(at));
            break;
          default:
            segments.add(at, words[random.nextInt(words.length)]);
        }
        if (segments.size() < 2) {
          segments.add("x");
        }
      }
      String path = String.join("/", segments);
      PackagingRequest r = ResourceNaming.parseOrNull(path);
      if (r != null) {
        parsed++;
        assertThat(ResourceNaming.path(r)).as("seed %d", seed).isEqualTo(path);
      }
      ResourceNaming.hasMalformedId(path); // never throws
    }
    assertThat(parsed).as("the mutations reach the grammar").isGreaterThan(300);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/t/hls/index.m3u8", // asset id "t"
        "/v1/p/dash/index.mpd",
        "/v1/hls/hls/index.m3u8",
        "/v1/bbb/t/p/hls/index.m3u8", // tier "p"
        "/v1/bbb/t/gold/p/keys/hls/index.m3u8", // config "keys"
        "/v1/bbb/p/cenc/t/gold/hls/index.m3u8", // tier after config
        "/v1/bbb/t/gold/t/gold/hls/index.m3u8",
        "/v1/bbb/dash/v480/init.mp4", // version "dash"
        "/v1/bbb/thumbs/v480/init.mp4",
        "/v1/bbb/v3/keys/init.mp4", // track "keys"
        "/v1/bbb/v3/thumbs/2000/1.m4s",
        "/v1/bbb/v3/t/2000/1.m4s",
        "/v1/bbb/v3/hls/2000/hls.m3u8",
        "/v1/bbb/v3/hls/2000/iframes/p.m3u8",
        "/v1/bbb/v3/p/cenc/sub-en/2000/1.vtt", // text is never encrypted
        "/v1/bbb/v3/p/cenc/thumbs/1.jpg", // thumbnails are never encrypted
        "/v1/bbb/v3/keys/k1", // keys exist only under a configuration
        "/v1/bbb/v3/p/cenc/keys/", // empty name
        "/v1/bbb/v3/p/cenc/keys/a/b",
        "/v1/bbb/v3/thumbs/a/b.jpg",
        "/v1/bbb/v3/p/cenc/p/cbcs/v/init.mp4",
        "/v1/bbb/v3/p/cenc/hls/index.m3u8", // an entry manifest has /p/ before the version
        "/v1/bbb/t/gold/v3/hls/index.m3u8",
        "/v1/bbb/v3/v/2000/1.vtt.m4s",
        "/v1/bbb/v3/v/2000/0.vtt",
        "/v1/bbb/v3/hls/999/a.m3u8",
        "/v1/bbb/v3/hls/2000/iframes/.m3u8",
        "/v1/bbb/v3/hls/2000/iframes/a.m3u8/",
        "/v1",
        "/v1/",
        "/v1/bbb",
        "/v1/bbb/",
        "/v1/bbb/t",
        "/v1/bbb/t/",
        "/v1/bbb/t/gold",
        "/v1/bbb/p/cenc"
      })
  void parse_reservedWordsAsIdsAndMisplacedForms_areNotRecognised(String path) {
    assertThat(ResourceNaming.parse(path)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"t", "p", "hls", "dash", "keys", "thumbs"})
  void reservedWords_areNoIds(String word) {
    assertThat(ResourceNaming.isReservedWord(word)).isTrue();
    assertThat(ResourceNaming.isValidId(word)).isFalse();
    assertThat(ResourceNaming.isValidId(word.toUpperCase(java.util.Locale.ROOT))).isTrue();
    assertThat(ResourceNaming.isValidId(word + "1")).isTrue();
    assertThatThrownBy(() -> new MultivariantPlaylistRequest(word))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("thumbs");
    assertThatThrownBy(() -> new MpdRequest("bbb", word, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MpdRequest("bbb", null, word))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InitSegmentRequest("bbb", word, "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InitSegmentRequest("bbb", "v3", word))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ThumbnailRequest("bbb", null, "v3", word))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceNaming.grantPrefix("bbb", word))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isValidId_isTheRegexMinusTheReservedWords() {
    Pattern regex = Pattern.compile(ResourceNaming.ID_REGEX);
    long seed = Long.getLong("property.seed", 5L);
    SplittableRandom random = new SplittableRandom(seed);
    String alphabet = "aZ09._-/ %~\u00e9tphlsdkeyumb";
    List<String> ids =
        new ArrayList<>(
            List.of("", ".", "..", "a".repeat(128), "a".repeat(129), "hls", "HLS", "thumbs"));
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(8);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      ids.add(s.toString());
    }
    for (String id : ids) {
      boolean expected = regex.matcher(id).matches() && !ResourceNaming.RESERVED_WORDS.contains(id);
      assertThat(ResourceNaming.isValidId(id)).as("seed %d, '%s'", seed, id).isEqualTo(expected);
    }
    assertThat(ResourceNaming.isValidId(null)).isFalse();
  }

  /**
   * On the five forms served before the grammar grew, the scanner agrees with the regular
   * expressions it replaced, apart from the reserved words it now refuses as ids.
   */
  @Test
  void parse_clearUntieredForms_agreesWithThePreviousRegexes() {
    String id = "([A-Za-z0-9][A-Za-z0-9._-]{0,127})";
    String segMs = "([1-9][0-9]{3,4})";
    List<Pattern> old =
        List.of(
            Pattern.compile("/v1/" + id + "/hls/index\\.m3u8"),
            Pattern.compile("/v1/" + id + "/dash/index\\.mpd"),
            Pattern.compile("/v1/" + id + "/" + id + "/hls/" + segMs + "/" + id + "\\.m3u8"),
            Pattern.compile("/v1/" + id + "/" + id + "/" + id + "/init\\.mp4"),
            Pattern.compile(
                "/v1/" + id + "/" + id + "/" + id + "/" + segMs + "/([1-9][0-9]{0,8})\\.m4s"));
    long seed = Long.getLong("property.seed", 3L);
    SplittableRandom random = new SplittableRandom(seed);
    String[] parts = {"a", "b.c", "hls", "dash", "t", "p", "index.m3u8", "index.mpd", "init.mp4"};
    String[] numbers = {"999", "1000", "6000", "60000", "60001", "0600", "1", "0", "1234567890"};
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder("/v1");
      int length = random.nextInt(1, 6);
      for (int j = 0; j < length; j++) {
        s.append('/');
        int pick = random.nextInt(3);
        if (pick == 0) {
          s.append(parts[random.nextInt(parts.length)]);
        } else if (pick == 1) {
          s.append(numbers[random.nextInt(numbers.length)]);
        } else {
          s.append(parts[random.nextInt(parts.length)])
              .append(random.nextBoolean() ? ".m3u8" : ".m4s");
        }
      }
      String path = s.toString();
      Optional<PackagingRequest> expected = Optional.empty();
      for (Pattern p : old) {
        Matcher m = p.matcher(path);
        if (m.matches() && noReservedGroup(m) && inRange(p, m)) {
          expected = Optional.of(ResourceNaming.parseOrNull(path)).map(r -> r);
          assertThat(expected).as("seed %d, %s", seed, path).isPresent();
        }
      }
      if (expected.isEmpty()) {
        PackagingRequest r = ResourceNaming.parseOrNull(path);
        assertThat(r == null || r.tier() != null || r.packagingConfig() != null)
            .as("seed %d, %s parsed to %s", seed, path, r)
            .isTrue();
      }
    }
  }

  private static boolean noReservedGroup(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) {
      if (ResourceNaming.RESERVED_WORDS.contains(m.group(g))) {
        return false;
      }
    }
    return true;
  }

  private static boolean inRange(Pattern p, Matcher m) {
    String text = p.pattern();
    int segMsGroup = text.contains("\\.m4s") ? 4 : text.contains("/hls/(") ? 3 : -1;
    if (segMsGroup < 0) {
      return true;
    }
    long segMs = Long.parseLong(m.group(segMsGroup));
    return segMs >= ResourceNaming.MIN_SEG_MS && segMs <= ResourceNaming.MAX_SEG_MS;
  }

  @Test
  void hasMalformedId_shortAndOddPaths_neverThrow() {
    assertThat(ResourceNaming.hasMalformedId("/v1")).isFalse();
    assertThat(ResourceNaming.hasMalformedId("/v1/")).isFalse();
    assertThat(ResourceNaming.hasMalformedId("/")).isFalse();
    assertThat(ResourceNaming.hasMalformedId("")).isFalse();
    assertThat(ResourceNaming.hasMalformedId("/v1/bbb/hls/nothing.m3u8")).isFalse();
    assertThat(ResourceNaming.hasMalformedId("/v1/bbb/t/gold/x")).isFalse();
    assertThat(ResourceNaming.hasMalformedId("/v1/b$b/hls/index.m3u8")).isTrue();
    assertThat(ResourceNaming.hasMalformedId("/v1/bbb/")).isTrue(); // an empty segment
    assertThat(ResourceNaming.hasMalformedId("/v1/bbb/v3/.m4s")).isTrue();
  }

  /**
   * RFC 3986 §5.2: from every entry manifest, the version directory and the within-version URIs
   * resolve to the paths the grammar formats, with and without tier and configuration.
   */
  @Test
  void relativeUris_fromEveryEntryForm_resolveToFormattedPaths() {
    for (String tier : new String[] {null, "gold"}) {
      for (String config : new String[] {null, "cenc"}) {
        java.net.URI entry =
            java.net.URI.create(
                "https://cdn.example"
                    + ResourceNaming.path(new MultivariantPlaylistRequest("bbb", tier, config)));
        java.net.URI playlist =
            entry.resolve(ResourceNaming.versionDirectoryUri("v3", config) + "hls/2000/a-en.m3u8");
        assertThat(playlist.getPath())
            .isEqualTo(
                ResourceNaming.path(
                    new MediaPlaylistRequest("bbb", tier, "v3", config, 2000, "a-en")));
        assertThat(playlist.resolve(ResourceNaming.mediaSegmentUri("a-en", 2000, 7)).getPath())
            .isEqualTo(
                ResourceNaming.path(
                    new MediaSegmentRequest("bbb", tier, "v3", config, "a-en", 2000, 7)));
        assertThat(playlist.resolve(ResourceNaming.initSegmentUri("a-en")).getPath())
            .isEqualTo(
                ResourceNaming.path(new InitSegmentRequest("bbb", tier, "v3", config, "a-en")));
      }
    }
    assertThat(ResourceNaming.versionDirectoryUri("v3", null) + "hls/2000/a.m3u8")
        .isEqualTo(ResourceNaming.mediaPlaylistUri("v3", 2000, "a"));
  }

  @Test
  void grantPrefix_isAssetOrTierPrefix() {
    assertThat(ResourceNaming.grantPrefix("bbb", null)).isEqualTo("/v1/bbb/");
    assertThat(ResourceNaming.grantPrefix("bbb", "gold")).isEqualTo("/v1/bbb/t/gold/");
    assertThat(ResourceNaming.MULTIVARIANT_PLAYLIST_PATH_TEMPLATE)
        .isEqualTo("/v1/{assetId}/hls/index.m3u8");
  }

  private static PackagingRequest randomRequest(SplittableRandom random) {
    String asset = randomId(random);
    @Nullable String tier = random.nextBoolean() ? null : randomId(random);
    String version = randomId(random);
    @Nullable String config = random.nextBoolean() ? null : randomId(random);
    String track = randomId(random);
    long segMs = random.nextLong(ResourceNaming.MIN_SEG_MS, ResourceNaming.MAX_SEG_MS + 1);
    long n = random.nextLong(1, ResourceNaming.MAX_SEGMENT_NUMBER + 1);
    switch (random.nextInt(9)) {
      case 0:
        return new MultivariantPlaylistRequest(asset, tier, config);
      case 1:
        return new MpdRequest(asset, tier, config);
      case 2:
        return new MediaPlaylistRequest(asset, tier, version, config, segMs, track);
      case 3:
        return new IFramePlaylistRequest(asset, tier, version, config, segMs, track);
      case 4:
        return new InitSegmentRequest(asset, tier, version, config, track);
      case 5:
        return new MediaSegmentRequest(asset, tier, version, config, track, segMs, n);
      case 6:
        return new TextSegmentRequest(asset, tier, version, track, segMs, n);
      case 7:
        return new ThumbnailRequest(asset, tier, version, track);
      default:
        return new KeyRequest(asset, tier, version, config == null ? "cenc" : config, track);
    }
  }

  /** Short ids, so that the grammar's own words (and near misses) come up often. */
  private static String randomId(SplittableRandom random) {
    String[] near = {"tt", "p1", "hls2", "Dash", "key", "thumb", "iframes", "index", "init"};
    if (random.nextInt(4) == 0) {
      return near[random.nextInt(near.length)];
    }
    String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    String rest = first + "._-";
    while (true) {
      StringBuilder s = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
      int length = random.nextInt(0, random.nextBoolean() ? 4 : 128);
      for (int i = 0; i < length; i++) {
        s.append(rest.charAt(random.nextInt(rest.length())));
      }
      if (ResourceNaming.isValidId(s.toString())) {
        return s.toString();
      }
    }
  }
}
