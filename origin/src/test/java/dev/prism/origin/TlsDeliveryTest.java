package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.config.OutageSettings;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.tls.*}: segments from a folder store (sendFile of a file region) over HTTPS, whole
 * and ranged, as over plain HTTP.
 */
class TlsDeliveryTest {

  @Test
  void https_folderStoreSegment_wholeAndRangedBytes(@TempDir Path folder) throws Exception {
    PlaybackFixture fixture = PlaybackFixture.packagerBbb240();
    BlobStore store = BlobStores.folder(folder.resolve("store"));
    fixture.publish(store);
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    OriginSettings settings =
        new OriginSettings(
            "127.0.0.1",
            0,
            OriginPlaybackTest.SEG_MS,
            OriginSettings.defaults().caches(),
            true,
            List.of(),
            Duration.ofSeconds(1),
            2,
            2,
            Optional.of(
                new OriginSettings.Tls(
                    Path.of(cert.certificatePath()), Path.of(cert.privateKeyPath()))),
            OutageSettings.DEFAULTS);
    HttpClient https =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustAll())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try (TestOrigin origin = new TestOrigin(store, settings)) {
      String path = "/v1/" + fixture.assetId() + "/" + fixture.version() + "/video-240/2000/1.m4s";
      String url =
          URI.create("https://localhost:" + origin.base.getPort()).resolve(path).toString();
      byte[] whole = OriginPlaybackTest.expectedBytes(fixture.filesByTrackId(), path);

      HttpResponse<byte[]> get = origin.send(https, "GET", url);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(whole);

      HttpResponse<byte[]> range = origin.send(https, "GET", url, "Range", "bytes=10-99");
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(range.body()).isEqualTo(Arrays.copyOfRange(whole, 10, 100));
    } finally {
      store.close();
      cert.delete();
    }
  }

  private static SSLContext trustAll() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return ssl;
  }
}
