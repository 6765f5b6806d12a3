package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a client asking for HTTP/2 over cleartext (h2c upgrade, as java.net.http does for
 * {@code http://} with {@link HttpClient.Version#HTTP_2}) got 500 on media segments from a folder
 * store while HTTP/1.1 worked.
 */
class Http2DeliveryTest {
  static PlaybackFixture fixture;
  static TestOrigin origin;
  static final HttpClient HTTP2 =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_2)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start(@TempDir Path folder) {
    fixture = PlaybackFixture.packagerBbb240();
    BlobStore store = BlobStores.folder(folder);
    fixture.publish(store);
    origin = new TestOrigin(store, OriginPlaybackTest.settings());
  }

  @AfterAll
  static void stop() {
    if (origin != null) {
      origin.close();
      origin.store.close();
    }
  }

  @Test
  void http2Client_folderStore_manifestsInitAndSegmentsServed() throws Exception {
    String asset = fixture.assetId();
    HttpResponse<byte[]> multivariant = send("GET", "/v1/" + asset + "/hls/index.m3u8");
    assertThat(multivariant.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> gzipped =
        send("GET", "/v1/" + asset + "/dash/index.mpd", "Accept-Encoding", "gzip");
    assertThat(gzipped.statusCode()).isEqualTo(200);
    assertThat(gzipped.headers().firstValue("content-encoding")).contains("gzip");

    for (URI playlistUri :
        OriginPlaybackTest.uris(multivariant.uri(), OriginPlaybackTest.text(multivariant))) {
      HttpResponse<byte[]> playlist = send("GET", playlistUri.getPath());
      assertThat(playlist.statusCode()).isEqualTo(200);
      List<URI> resources = OriginPlaybackTest.uris(playlistUri, OriginPlaybackTest.text(playlist));
      for (URI resource : resources.subList(0, Math.min(3, resources.size()))) {
        String path = resource.getPath();
        HttpResponse<byte[]> r = send("GET", path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body())
            .as(path)
            .isEqualTo(OriginPlaybackTest.expectedBytes(fixture.filesByTrackId(), path));
      }
    }
  }

  @Test
  void http2Client_segmentHeadAndRange_lengthAndPartialBytes() throws Exception {
    String path = "/v1/" + fixture.assetId() + "/" + fixture.version() + "/audio-en/2000/1.m4s";
    byte[] whole = OriginPlaybackTest.expectedBytes(fixture.filesByTrackId(), path);

    HttpResponse<byte[]> head = send("HEAD", path);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("content-length"))
        .contains(Integer.toString(whole.length));
    assertThat(head.body()).isEmpty();

    HttpResponse<byte[]> range = send("GET", path, "Range", "bytes=100-199");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.headers().firstValue("content-range"))
        .contains("bytes 100-199/" + whole.length);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(whole, 100, 200));

    HttpResponse<byte[]> get = send("GET", path);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(get.body()).isEqualTo(whole);
  }

  private static HttpResponse<byte[]> send(String method, String path, String... headers) {
    return origin.send(HTTP2, method, path, headers);
  }
}
