package dev.prism.origin.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.origin.delivery.Resource;
import dev.prism.packager.naming.ResourceNaming;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The cookie-less rewrite over the packager's golden manifests, re-parsed by m3u8-parser. */
class ManifestRewriterTest {
  static final String BASE = "https://d111111abcdef8.cloudfront.net";
  static final String PARAMS =
      "Policy=eyJTdGF0ZW1lbnQiOltdfQ__&Signature=abc~def-ghi_&Key-Pair-Id=K2JCJMDEHXQW5F";

  final ManifestRewriter rewriter =
      new ManifestRewriter(BASE + "/v1/bbb240/hls/index.m3u8", BASE + "/v1/bbb240/", PARAMS);

  @Test
  void hls_multivariant_everyUriLineAndUriAttributeCarriesTheParameters() throws Exception {
    String original = golden("index.m3u8");
    String rewritten = rewriter.rewriteHls(original);

    MasterPlaylist playlist = new MasterPlaylistParser().readPlaylist(rewritten);
    List<String> uris = new ArrayList<>();
    playlist.variants().forEach(v -> uris.add(v.uri()));
    playlist.alternativeRenditions().forEach(r -> r.uri().ifPresent(uris::add));
    assertThat(uris).hasSize(3).allSatisfy(u -> assertThat(u).endsWith(".m3u8?" + PARAMS));
    // Nothing else changed: removing the parameters gives the original back.
    assertThat(rewritten.replace("?" + PARAMS, "")).isEqualTo(original);
  }

  @Test
  void hls_mediaPlaylist_mapAndEverySegmentCarryTheParameters() throws Exception {
    ManifestRewriter media =
        new ManifestRewriter(
            BASE + "/v1/bbb240/vfixture1/hls/2000/video-120.m3u8", BASE + "/v1/bbb240/", PARAMS);
    String rewritten = media.rewriteHls(golden("video-120.m3u8"));

    MediaPlaylist playlist = new MediaPlaylistParser().readPlaylist(rewritten);
    assertThat(playlist.mediaSegments())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.uri()).endsWith(".m4s?" + PARAMS));
    assertThat(rewritten).contains("#EXT-X-MAP:URI=\"../../video-120/init.mp4?" + PARAMS + "\"");
  }

  @Test
  void hls_uriOutsideTheGrantOrData_leftAlone() {
    String playlist =
        "#EXTM3U\n"
            + "#EXT-X-SESSION-DATA:DATA-ID=\"x\",URI=\"data:application/json,{}\"\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=1\n"
            + "https://tracker.example.org/v1/bbb240/a.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=2\n"
            + "../../other/hls/b.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=3\n"
            + "c.m3u8?lang=en\r\n";
    String rewritten = rewriter.rewriteHls(playlist);
    assertThat(rewritten)
        .contains("URI=\"data:application/json,{}\"")
        .contains("\nhttps://tracker.example.org/v1/bbb240/a.m3u8\n")
        .contains("\n../../other/hls/b.m3u8\n")
        .contains("\nc.m3u8?lang=en&" + PARAMS + "\r\n");
  }

  @Test
  void dash_segmentTemplateAttributes_carryXmlEscapedParameters() throws Exception {
    ManifestRewriter dash =
        new ManifestRewriter(BASE + "/v1/bbb240/dash/index.mpd", BASE + "/v1/bbb240/", PARAMS);
    String original = golden("index.mpd");
    String rewritten = dash.rewriteDash(original);
    String escaped = PARAMS.replace("&", "&amp;");

    Matcher m = Pattern.compile("(initialization|media)=\"([^\"]*)\"").matcher(rewritten);
    int count = 0;
    while (m.find()) {
      assertThat(m.group(2)).endsWith("?" + escaped);
      count++;
    }
    assertThat(count).isEqualTo(4); // two adaptation sets, initialization + media each
    assertThat(rewritten.replace("?" + escaped, "")).isEqualTo(original);
    // Still well-formed XML, and the attribute decodes to the raw parameters.
    var doc =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(rewritten.getBytes(StandardCharsets.UTF_8)));
    String media =
        ((org.w3c.dom.Element) doc.getElementsByTagName("SegmentTemplate").item(0))
            .getAttribute("media");
    assertThat(media).isEqualTo("../vfixture1/$RepresentationID$/2000/$Number$.m4s?" + PARAMS);
  }

  @Test
  void dash_baseUrlAndFormattedNumberTemplate_extended() {
    ManifestRewriter dash =
        new ManifestRewriter(BASE + "/v1/bbb240/dash/index.mpd", BASE + "/v1/bbb240/", PARAMS);
    String mpd =
        "<MPD><BaseURL>../v9/</BaseURL><Period><AdaptationSet>"
            + "<SegmentTemplate media=\"$RepresentationID$/$Number%05d$.m4s\" startNumber=\"1\"/>"
            + "</AdaptationSet></Period></MPD>";
    String escaped = PARAMS.replace("&", "&amp;");
    assertThat(dash.rewriteDash(mpd))
        .contains("<BaseURL>../v9/?" + escaped + "</BaseURL>")
        .contains("media=\"$RepresentationID$/$Number%05d$.m4s?" + escaped + "\"")
        .contains("startNumber=\"1\"");
  }

  @Test
  void rewrite_resource_privateNoStoreOwnEtagNoGzip() {
    byte[] body = "#EXTM3U\nx.m3u8\n".getBytes(StandardCharsets.UTF_8);
    Resource cached =
        new Resource(
            "application/vnd.apple.mpegurl",
            "\"0123\"",
            "public, max-age=10",
            new Resource.InMemory(Buffer.buffer(body)),
            Buffer.buffer(new byte[] {1, 2, 3}));
    Resource out = rewriter.rewrite(cached, ManifestRewriter.Kind.HLS);
    assertThat(out.cacheControl()).isEqualTo("private, no-store");
    assertThat(out.gzipped()).isNull();
    assertThat(out.etag()).isNotEqualTo(cached.etag());
    assertThat(((Resource.InMemory) out.body()).bytes().toString(StandardCharsets.UTF_8))
        .isEqualTo("#EXTM3U\nx.m3u8?" + PARAMS + "\n");
    // The cached resource itself is untouched.
    assertThat(((Resource.InMemory) cached.body()).bytes().getBytes()).isEqualTo(body);
  }

  @Test
  void withoutSigningParameters_keepsViewerParametersInOrder() {
    // The names every configured scheme reads: CloudFront and Cloud CDN signed URLs.
    Set<String> signing =
        Set.of(
            "Policy",
            "Expires",
            "Signature",
            "Key-Pair-Id",
            "Hash-Algorithm",
            "URLPrefix",
            "KeyName");
    assertThat(
            SignedRequestHandler.withoutSigningParameters(
                "a=1&Policy=p&Signature=s&b=2&Key-Pair-Id=k&Hash-Algorithm=SHA256", signing))
        .isEqualTo("a=1&b=2");
    assertThat(
            SignedRequestHandler.withoutSigningParameters(
                "URLPrefix=u&Expires=1&KeyName=k&Signature=s", signing))
        .isNull();
  }

  @Test
  void kind_ofParsedRequests_playlistsAndMpdOnly() {
    assertThat(kindOf("/v1/bbb/hls/index.m3u8")).isEqualTo(ManifestRewriter.Kind.HLS);
    assertThat(kindOf("/v1/bbb/t/gold/p/cenc/hls/index.m3u8")).isEqualTo(ManifestRewriter.Kind.HLS);
    assertThat(kindOf("/v1/bbb/v1/hls/2000/v240.m3u8")).isEqualTo(ManifestRewriter.Kind.HLS);
    assertThat(kindOf("/v1/bbb/v1/hls/2000/iframes/v240.m3u8"))
        .isEqualTo(ManifestRewriter.Kind.HLS);
    assertThat(kindOf("/v1/bbb/dash/index.mpd")).isEqualTo(ManifestRewriter.Kind.DASH);
    assertThat(kindOf("/v1/bbb/v1/v240/init.mp4")).isNull();
    assertThat(kindOf("/v1/bbb/v1/v240/2000/1.m4s")).isNull();
    assertThat(kindOf("/v1/bbb/v1/sub/2000/1.vtt")).isNull();
  }

  private static ManifestRewriter.@Nullable Kind kindOf(String path) {
    return ManifestRewriter.Kind.of(ResourceNaming.parse(path).orElseThrow());
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        ManifestRewriterTest.class
            .getClassLoader()
            .getResourceAsStream("golden/bbb240-2000/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing golden/bbb240-2000/" + name + " (packager test-jar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
