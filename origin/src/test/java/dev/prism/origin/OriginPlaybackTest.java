package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.origin.config.OriginSettings;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackIndexReader;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.naming.IFramePlaylistRequest;
import dev.prism.packager.naming.InitSegmentRequest;
import dev.prism.packager.naming.KeyRequest;
import dev.prism.packager.naming.MediaPlaylistRequest;
import dev.prism.packager.naming.MediaSegmentRequest;
import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.naming.TextSegmentRequest;
import dev.prism.packager.naming.ThumbnailRequest;
import dev.prism.packager.segment.SegmentBytes;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.packager.segment.Segmenter;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.contract.LadderRecord;
import dev.prism.store.testing.S3ProxyFixture;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.lindstrom.mpd.MPDParser;
import io.lindstrom.mpd.data.AdaptationSet;
import io.lindstrom.mpd.data.MPD;
import io.lindstrom.mpd.data.Representation;
import io.lindstrom.mpd.data.Segment;
import io.lindstrom.mpd.data.SegmentTemplate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, "Show it with": the origin on 127.0.0.1 over a folder store and over S3 (in-process
 * S3Proxy), serving a real transcoded clip; every manifest and segment of a playback fetched over
 * HTTP and compared with what the packager says the bytes are.
 */
class OriginPlaybackTest {
  static final int SEG_MS = 2_000;
  static final Pattern SEGMENT_PATH =
      Pattern.compile("/v1/([^/]+)/([^/]+)/([^/]+)/([0-9]+)/([0-9]+)\\.m4s");
  static final Pattern INIT_PATH = Pattern.compile("/v1/([^/]+)/([^/]+)/([^/]+)/init\\.mp4");

  static final S3ProxyFixture S3 = new S3ProxyFixture();
  static PlaybackFixture fixture;
  static TestOrigin folderOrigin;
  static TestOrigin s3Origin;

  /** trackId → track file bytes of the fixture's version. */
  static Map<String, byte[]> trackFiles;

  @BeforeAll
  static void start(@TempDir Path folder) throws IOException {
    fixture = PlaybackFixture.packagerBbb240();
    trackFiles = fixture.filesByTrackId();
    BlobStore folderStore = BlobStores.folder(folder);
    fixture.publish(folderStore);
    folderOrigin = new TestOrigin(folderStore, settings());

    S3.start();
    BlobStore s3Store = BlobStores.s3(S3.newBucket());
    fixture.publish(s3Store);
    s3Origin = new TestOrigin(s3Store, settings());
  }

  static OriginSettings settings() {
    return OriginSettings.defaults()
        .withSegmentDurationMs(SEG_MS)
        .withCorsAllowedOrigins(List.of("https://player.example"));
  }

  @AfterAll
  static void stop() {
    if (folderOrigin != null) {
      folderOrigin.close();
      folderOrigin.store.close();
    }
    if (s3Origin != null) {
      s3Origin.close();
      s3Origin.store.close();
    }
    S3.close();
  }

  @Test
  void playback_folderStore_everyResourceServedWithPackagerBytes() throws Exception {
    assertPlayback(folderOrigin, fixture);
  }

  @Test
  void playback_s3Store_everyResourceServedWithPackagerBytes() throws Exception {
    assertPlayback(s3Origin, fixture);
  }

  /**
   * Fetches the multivariant playlist, every media playlist, the MPD, and every init and media
   * segment the playlists name; checks headers and that each segment's bytes are the packager's.
   */
  static void assertPlayback(TestOrigin origin, PlaybackFixture fixture) throws Exception {
    Map<String, byte[]> trackFiles = fixture.filesByTrackId();
    String asset = fixture.assetId();
    HttpResponse<byte[]> multivariant = origin.get("/v1/" + asset + "/hls/index.m3u8");
    assertThat(multivariant.statusCode()).isEqualTo(200);
    assertThat(header(multivariant, "content-type")).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(header(multivariant, "cache-control")).isEqualTo("public, max-age=10");
    assertThat(header(multivariant, "etag")).matches("\"[0-9a-f]{32}\"");
    URI multivariantUri = multivariant.uri();

    List<URI> mediaPlaylists = uris(multivariantUri, text(multivariant));
    assertThat(mediaPlaylists).hasSize(fixture.ladder().tracks().size());
    Set<URI> resources = new LinkedHashSet<>();
    for (URI playlistUri : mediaPlaylists) {
      HttpResponse<byte[]> playlist = origin.get(playlistUri.getPath());
      assertThat(playlist.statusCode()).isEqualTo(200);
      assertThat(header(playlist, "content-type")).isEqualTo("application/vnd.apple.mpegurl");
      assertThat(header(playlist, "cache-control"))
          .isEqualTo("public, max-age=31536000, immutable");
      new MediaPlaylistParser(ParsingMode.STRICT).readPlaylist(text(playlist));
      resources.addAll(uris(playlistUri, text(playlist)));
    }

    HttpResponse<byte[]> mpd = origin.get("/v1/" + asset + "/dash/index.mpd");
    assertThat(mpd.statusCode()).isEqualTo(200);
    assertThat(header(mpd, "content-type")).isEqualTo("application/dash+xml");
    assertThat(header(mpd, "cache-control")).isEqualTo("public, max-age=10");

    // Player-facing parsers (STRICT), and DASH names exactly the objects HLS names.
    assertThat(
            new MasterPlaylistParser(ParsingMode.STRICT)
                .readPlaylist(text(multivariant))
                .variants())
        .isNotEmpty();
    Set<URI> dashResources = new LinkedHashSet<>();
    MPD parsed = new MPDParser().parse(text(mpd));
    for (AdaptationSet set : parsed.getPeriods().get(0).getAdaptationSets()) {
      for (Representation rep : set.getRepresentations()) {
        SegmentTemplate template =
            rep.getSegmentTemplate() != null ? rep.getSegmentTemplate() : set.getSegmentTemplate();
        String media = template.getMedia().replace("$RepresentationID$", rep.getId());
        dashResources.add(
            mpd.uri()
                .resolve(template.getInitialization().replace("$RepresentationID$", rep.getId())));
        long count = 0;
        for (Segment seg : template.getSegmentTimeline()) {
          count += 1 + (seg.getR() == null ? 0 : seg.getR());
        }
        for (long n = template.getStartNumber(); n < template.getStartNumber() + count; n++) {
          dashResources.add(mpd.uri().resolve(media.replace("$Number$", Long.toString(n))));
        }
      }
    }
    assertThat(dashResources).containsExactlyInAnyOrderElementsOf(resources);

    int segments = 0;
    for (URI uri : resources) {
      HttpResponse<byte[]> r = origin.get(uri.getPath());
      assertThat(r.statusCode()).as(uri.getPath()).isEqualTo(200);
      assertThat(header(r, "cache-control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(header(r, "etag")).isNotNull();
      assertThat(header(r, "content-encoding")).isNull();
      assertThat(header(r, "content-length")).isEqualTo(Integer.toString(r.body().length));
      assertThat(r.body()).as(uri.getPath()).isEqualTo(expectedBytes(trackFiles, uri.getPath()));
      String trackId = uri.getPath().split("/")[4];
      assertThat(header(r, "content-type"))
          .isEqualTo(fixture.track(trackId).type() == TrackType.AUDIO ? "audio/mp4" : "video/mp4");
      if (uri.getPath().endsWith(".m4s")) {
        segments++;
      }
    }
    assertThat(segments).isGreaterThanOrEqualTo(2 * trackFiles.size());
  }

  @Test
  void segment_conditionalRangeAndHead_rfc9110() {
    String path = firstSegmentPath(folderOrigin);
    byte[] expected = expectedBytes(path);
    int len = expected.length;

    HttpResponse<byte[]> full = folderOrigin.get(path);
    String etag = header(full, "etag");
    assertThat(header(full, "accept-ranges")).isEqualTo("bytes");

    HttpResponse<byte[]> notModified = folderOrigin.get(path, "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(header(notModified, "etag")).isEqualTo(etag);

    HttpResponse<byte[]> partial = folderOrigin.get(path, "Range", "bytes=0-99");
    assertThat(partial.statusCode()).isEqualTo(206);
    assertThat(header(partial, "content-range")).isEqualTo("bytes 0-99/" + len);
    assertThat(header(partial, "content-length")).isEqualTo("100");
    assertThat(partial.body()).isEqualTo(java.util.Arrays.copyOfRange(expected, 0, 100));

    HttpResponse<byte[]> suffix = s3Origin.get(path, "Range", "bytes=-10");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(header(suffix, "content-range"))
        .isEqualTo("bytes " + (len - 10) + "-" + (len - 1) + "/" + len);
    assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(expected, len - 10, len));

    HttpResponse<byte[]> unsatisfiable = folderOrigin.get(path, "Range", "bytes=" + len + "-");
    assertThat(unsatisfiable.statusCode()).isEqualTo(416);
    assertThat(header(unsatisfiable, "content-range")).isEqualTo("bytes */" + len);

    HttpResponse<byte[]> multi = folderOrigin.get(path, "Range", "bytes=0-1,5-6");
    assertThat(multi.statusCode()).isEqualTo(200);
    assertThat(multi.body()).isEqualTo(expected);

    HttpResponse<byte[]> staleIfRange =
        folderOrigin.get(path, "Range", "bytes=0-9", "If-Range", "\"other\"");
    assertThat(staleIfRange.statusCode()).isEqualTo(200);

    HttpResponse<byte[]> head = folderOrigin.send("HEAD", path);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "content-length")).isEqualTo(Integer.toString(len));
    assertThat(header(head, "etag")).isEqualTo(etag);
  }

  @Test
  void manifest_acceptsGzip_compressedWithOwnEtag() throws IOException {
    String path = "/v1/" + fixture.assetId() + "/hls/index.m3u8";
    HttpResponse<byte[]> plain = folderOrigin.get(path);
    HttpResponse<byte[]> gz = folderOrigin.get(path, "Accept-Encoding", "gzip");
    assertThat(header(gz, "content-encoding")).isEqualTo("gzip");
    assertThat(gz.headers().allValues("vary").toString()).contains("Accept-Encoding");
    assertThat(header(gz, "etag")).isNotEqualTo(header(plain, "etag"));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    HttpResponse<byte[]> revalidated =
        folderOrigin.get(path, "Accept-Encoding", "gzip", "If-None-Match", header(gz, "etag"));
    assertThat(revalidated.statusCode()).isEqualTo(304);

    HttpResponse<byte[]> segment =
        folderOrigin.get(firstSegmentPath(folderOrigin), "Accept-Encoding", "gzip");
    assertThat(header(segment, "content-encoding")).isNull();
  }

  @Test
  void errors_badIdsUnknownThings_shortBodiesAndStatuses() {
    String asset = fixture.assetId();
    String version = fixture.version();
    int before = folderOrigin.store.totalReads();
    assertStatus(folderOrigin.get("/v1/.hidden/hls/index.m3u8"), 400);
    assertStatus(folderOrigin.get("/v1/" + asset + "/" + version + "/a%2Fb/init.mp4"), 400);
    assertThat(folderOrigin.store.totalReads()).isEqualTo(before);
    assertStatus(folderOrigin.get("/v1/nope/hls/index.m3u8"), 404);
    assertStatus(folderOrigin.get("/v1/nope/dash/index.mpd"), 404);
    assertStatus(folderOrigin.get("/v1/" + asset + "/" + version + "/nosuchtrack/init.mp4"), 404);
    assertStatus(folderOrigin.get("/v1/" + asset + "/nosuchversion/hls/2000/x.m3u8"), 404);
    String segment = firstSegmentPath(folderOrigin);
    assertStatus(folderOrigin.get(segment.replaceAll("/[0-9]+\\.m4s$", "/999999.m4s")), 404);
    assertStatus(folderOrigin.get("/v1/" + asset + "/whatever.txt"), 404);
  }

  /**
   * Every form of the URL grammar that is recognised but not served yet (tiers, packaging
   * configurations, I-frame playlists, text segments, thumbnails, keys) answers 404 before any
   * store access, naming a real asset, version and track so that only the form is refused.
   */
  @Test
  void notYetServedForms_404BeforeAnyStoreRead() {
    String a = fixture.assetId();
    String v = fixture.version();
    String track = fixture.ladder().tracks().get(0).id();
    List<PackagingRequest> forms =
        List.of(
            new MultivariantPlaylistRequest(a, "gold", null),
            new MultivariantPlaylistRequest(a, null, "cenc"),
            new MpdRequest(a, "gold", "cbcs"),
            new MediaPlaylistRequest(a, "gold", v, null, SEG_MS, track),
            new MediaPlaylistRequest(a, null, v, "cenc", SEG_MS, track),
            new IFramePlaylistRequest(a, null, v, null, SEG_MS, track),
            new InitSegmentRequest(a, null, v, "cbcs", track),
            new MediaSegmentRequest(a, "gold", v, null, track, SEG_MS, 1),
            new TextSegmentRequest(a, null, v, track, SEG_MS, 1),
            new ThumbnailRequest(a, null, v, "1.jpg"),
            new KeyRequest(a, null, v, "hls-aes128", "k1.key"));
    int before = folderOrigin.store.totalReads();
    for (PackagingRequest form : forms) {
      assertStatus(folderOrigin.get(ResourceNaming.path(form)), 404);
    }
    assertStatus(folderOrigin.get("/v1/" + a + "/t/gold/" + v + "/" + track + "/init.mp4"), 404);
    assertStatus(folderOrigin.get("/v1/" + a + "/" + v + "/thumbs/" + track + "-1.jpg"), 404);
    assertThat(folderOrigin.store.totalReads()).isEqualTo(before);
  }

  /** The bare prefix and reserved words in id positions are client errors, never a 500. */
  @Test
  void v1Root_andReservedWordsAsIds_4xxNot500() {
    int before = folderOrigin.store.totalReads();
    assertStatus(folderOrigin.get("/v1"), 404);
    assertStatus(folderOrigin.get("/v1/"), 404);
    assertStatus(folderOrigin.get("/v1/hls/hls/index.m3u8"), 404);
    assertStatus(folderOrigin.get("/v1/" + fixture.assetId() + "/t/"), 400);
    assertStatus(
        folderOrigin.get("/v1/" + fixture.assetId() + "/" + fixture.version() + "/keys/init.mp4"),
        404);
    assertThat(folderOrigin.store.totalReads()).isEqualTo(before);
  }

  @Test
  void s3_hundredConcurrentRequestsForUncachedSegment_oneStoreRead() throws Exception {
    // Warm the index and the plan (the playlist), then ask 100 times at once for a segment
    // nobody has asked for yet.
    String asset = fixture.assetId();
    LadderRecord.Track track = fixture.ladder().tracks().get(0);
    HttpResponse<byte[]> playlist =
        s3Origin.get(
            "/v1/"
                + asset
                + "/"
                + fixture.version()
                + "/hls/"
                + SEG_MS
                + "/"
                + track.id()
                + ".m3u8");
    assertThat(playlist.statusCode()).isEqualTo(200);
    List<URI> uris = uris(playlist.uri(), text(playlist));
    String path = uris.get(uris.size() - 1).getPath(); // the last segment: not fetched by others
    String key = asset + "/" + fixture.version() + "/" + track.file();
    long offset = segmentOffset(path);
    int readsBefore = s3Origin.store.reads(key, offset);

    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        responses.add(CompletableFuture.supplyAsync(() -> s3Origin.get(path), pool));
      }
      byte[] expected = expectedBytes(path);
      for (CompletableFuture<HttpResponse<byte[]>> r : responses) {
        assertThat(r.get().statusCode()).isEqualTo(200);
        assertThat(r.get().body()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s3Origin.store.reads(key, offset) - readsBefore).isEqualTo(1);
  }

  @Test
  void cors_allowedOrigin_echoedWithCredentials() {
    String path = "/v1/" + fixture.assetId() + "/hls/index.m3u8";
    HttpResponse<byte[]> r = folderOrigin.get(path, "Origin", "https://player.example");
    assertThat(header(r, "access-control-allow-origin")).isEqualTo("https://player.example");
    assertThat(header(r, "access-control-allow-credentials")).isEqualTo("true");
    assertThat(r.headers().allValues("vary").toString()).contains("Origin");

    HttpResponse<byte[]> preflight =
        folderOrigin.send(
            "OPTIONS",
            path,
            "Origin",
            "https://player.example",
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Headers",
            "range");
    assertThat(preflight.statusCode()).isBetween(200, 204);
    assertThat(header(preflight, "access-control-allow-origin"))
        .isEqualTo("https://player.example");
    assertThat(header(preflight, "access-control-allow-credentials")).isEqualTo("true");
    assertThat(header(preflight, "access-control-allow-methods")).contains("GET");

    // Vert.x's CorsHandler refuses an origin that is not allowed outright (403, fixed body).
    HttpResponse<byte[]> other = folderOrigin.get(path, "Origin", "https://evil.example");
    assertThat(header(other, "access-control-allow-origin")).isNull();
    assertStatus(other, 403);
  }

  @Test
  void operations_healthReadyMetrics() {
    assertThat(folderOrigin.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(folderOrigin.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(s3Origin.get("/readyz").statusCode()).isEqualTo(200);
    folderOrigin.get(firstSegmentPath(folderOrigin));
    HttpResponse<byte[]> metrics = folderOrigin.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(text(metrics))
        .contains(
            "prism_http_requests_seconds_count{method=\"GET\",route=\"media_segment\",status=\"200\"}")
        .contains("prism_http_requests_seconds_bucket{")
        .contains("prism_http_response_bytes_total{route=\"media_segment\"}")
        .contains("prism_cache_hits_total{cache=\"manifests\"}")
        .contains("prism_cache_hit_ratio{cache=")
        .contains("prism_store_read_seconds_count{")
        .contains("prism_packaging_seconds_count{kind=\"index\"}")
        .contains("jvm_memory_used_bytes");
  }

  // ---------------------------------------------------------------- helpers

  static void assertStatus(HttpResponse<byte[]> r, int status) {
    assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(status);
    String body = text(r);
    assertThat(body.length()).isLessThan(64);
    assertThat(body).doesNotContain("Exception").doesNotContain("/tmp").doesNotContain("at ");
    assertThat(header(r, "content-type")).startsWith("text/plain");
  }

  static String firstSegmentPath(TestOrigin origin) {
    LadderRecord.Track track = fixture.ladder().tracks().get(0);
    return "/v1/"
        + fixture.assetId()
        + "/"
        + fixture.version()
        + "/"
        + track.id()
        + "/"
        + SEG_MS
        + "/1.m4s";
  }

  /** The bytes the packager says a URL holds, computed from the fixture's track files. */
  static byte[] expectedBytes(String path) {
    return expectedBytes(trackFiles, path);
  }

  static byte[] expectedBytes(Map<String, byte[]> trackFiles, String path) {
    try {
      Matcher s = SEGMENT_PATH.matcher(path);
      Matcher i = INIT_PATH.matcher(path);
      if (s.matches()) {
        byte[] file = trackFiles.get(s.group(3));
        TrackIndex index = index(s.group(3), file);
        SegmentPlan plan = Segmenter.plan(index, Long.parseLong(s.group(4)));
        return array(
            SegmentBytes.mediaSegment(
                plan.segment(Long.parseLong(s.group(5))), RangeReader.ofBytes(file)));
      } else if (i.matches()) {
        byte[] file = trackFiles.get(i.group(3));
        return array(SegmentBytes.initSegment(index(i.group(3), file), RangeReader.ofBytes(file)));
      }
      throw new AssertionError("not a segment path: " + path);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static long segmentOffset(String path) {
    try {
      Matcher s = SEGMENT_PATH.matcher(path);
      assertThat(s.matches()).isTrue();
      byte[] file = trackFiles.get(s.group(3));
      SegmentPlan plan = Segmenter.plan(index(s.group(3), file), Long.parseLong(s.group(4)));
      return plan.segment(Long.parseLong(s.group(5))).ranges().get(0).offsetBytes();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static TrackIndex index(String trackId, byte[] file) throws Exception {
    return TrackIndexReader.read(trackId, RangeReader.ofBytes(file), file.length);
  }

  static byte[] array(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** URIs of a playlist: every non-tag line and every URI="..." attribute, resolved. */
  static List<URI> uris(URI base, String playlist) {
    List<URI> out = new ArrayList<>();
    Matcher attr = Pattern.compile("URI=\"([^\"]+)\"").matcher(playlist);
    while (attr.find()) {
      out.add(base.resolve(attr.group(1)));
    }
    for (String line : playlist.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(base.resolve(line.trim()));
      }
    }
    return out;
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String header(HttpResponse<byte[]> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }
}
