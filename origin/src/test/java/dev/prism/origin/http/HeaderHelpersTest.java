package dev.prism.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.origin.delivery.ETags;
import org.junit.jupiter.api.Test;

class HeaderHelpersTest {

  @Test
  void weakMatchAny_listsAndWeakTags_match() {
    assertThat(ETags.weakMatchAny("\"a\"", "\"a\"")).isTrue();
    assertThat(ETags.weakMatchAny("\"x\", W/\"a\"", "\"a\"")).isTrue();
    assertThat(ETags.weakMatchAny("*", "\"a\"")).isTrue();
    assertThat(ETags.weakMatchAny("\"b\"", "\"a\"")).isFalse();
  }

  @Test
  void ofName_stableQuotedAndDistinct() {
    String a = ETags.ofName("bbb", "v1", "v480", "6000", "0");
    assertThat(a).isEqualTo(ETags.ofName("bbb", "v1", "v480", "6000", "0"));
    assertThat(a).startsWith("\"").endsWith("\"").hasSize(34);
    assertThat(a).isNotEqualTo(ETags.ofName("bbb", "v1", "v480", "6000", "1"));
  }

  @Test
  void gzipEtag_distinctStrongTag() {
    assertThat(Responses.gzipEtag("\"abc\"")).isEqualTo("\"abc-gz\"");
  }

  @Test
  void acceptsGzip_qualityAndWildcard() {
    assertThat(Responses.acceptsGzip("gzip, deflate, br")).isTrue();
    assertThat(Responses.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(Responses.acceptsGzip("*")).isTrue();
    assertThat(Responses.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(Responses.acceptsGzip("identity")).isFalse();
    assertThat(Responses.acceptsGzip(null)).isFalse();
  }

  @Test
  void classify_designUrls_routeNames() {
    assertThat(RouteNames.classify("/v1/bbb/hls/index.m3u8")).isEqualTo(RouteNames.MULTIVARIANT);
    assertThat(RouteNames.classify("/v1/bbb/dash/index.mpd")).isEqualTo(RouteNames.MPD);
    assertThat(RouteNames.classify("/v1/bbb/v1/hls/6000/v480.m3u8"))
        .isEqualTo(RouteNames.MEDIA_PLAYLIST);
    assertThat(RouteNames.classify("/v1/bbb/v1/v480/init.mp4")).isEqualTo(RouteNames.INIT);
    assertThat(RouteNames.classify("/v1/bbb/v1/v480/6000/3.m4s")).isEqualTo(RouteNames.SEGMENT);
    assertThat(RouteNames.classify("/metrics")).isEqualTo(RouteNames.METRICS);
    assertThat(RouteNames.classify("/etc/passwd")).isEqualTo(RouteNames.OTHER);
  }

  @Test
  void classify_grammarFormsNotServedYet_namedByKindTierAndConfigIgnored() {
    assertThat(RouteNames.classify("/v1/bbb/t/gold/p/cenc/hls/index.m3u8"))
        .isEqualTo(RouteNames.MULTIVARIANT);
    assertThat(RouteNames.classify("/v1/bbb/t/gold/v1/p/cenc/v480/6000/3.m4s"))
        .isEqualTo(RouteNames.SEGMENT);
    assertThat(RouteNames.classify("/v1/bbb/v1/hls/6000/iframes/v480.m3u8"))
        .isEqualTo(RouteNames.IFRAME_PLAYLIST);
    assertThat(RouteNames.classify("/v1/bbb/v1/sub-en/6000/3.vtt"))
        .isEqualTo(RouteNames.TEXT_SEGMENT);
    assertThat(RouteNames.classify("/v1/bbb/v1/thumbs/1.jpg")).isEqualTo(RouteNames.THUMBNAIL);
    assertThat(RouteNames.classify("/v1/bbb/v1/p/hls-aes128/keys/k1.key"))
        .isEqualTo(RouteNames.KEY);
    assertThat(RouteNames.classify("/v1")).isEqualTo(RouteNames.OTHER);
    assertThat(RouteNames.classify("/v1/")).isEqualTo(RouteNames.OTHER);
    assertThat(RouteNames.classify("/v1/b$b/hls/index.m3u8")).isEqualTo(RouteNames.OTHER);
    assertThat(RouteNames.classify("/v1/hls/hls/index.m3u8")).isEqualTo(RouteNames.OTHER);
  }

  @Test
  void statusFor_table() {
    assertThat(HttpErrors.statusFor(new dev.prism.store.BlobStoreException("down", null)))
        .isEqualTo(503);
    assertThat(
            HttpErrors.statusFor(
                new java.util.concurrent.CompletionException(
                    new dev.prism.packager.MissingResourceException("x"))))
        .isEqualTo(404);
    assertThat(HttpErrors.statusFor(new dev.prism.store.contract.AssetNotFoundException("a", null)))
        .isEqualTo(404);
    assertThat(
            HttpErrors.statusFor(
                new java.util.concurrent.CompletionException(
                    dev.prism.packager.MalformedMediaException.truncated("a/v/t.cmfv", 0, 10, 5))))
        .isEqualTo(502);
    assertThat(
            HttpErrors.statusFor(
                new dev.prism.store.contract.CorruptDocumentException(
                    "a/asset.json", new IllegalArgumentException("x"))))
        .isEqualTo(502);
    assertThat(HttpErrors.statusFor(new io.vertx.ext.web.handler.HttpException(400)))
        .isEqualTo(400);
    assertThat(HttpErrors.statusFor(new IllegalStateException())).isEqualTo(500);
  }
}
