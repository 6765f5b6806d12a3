package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.testing.S3ProxyFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on a real transcode: the transcoder's once-per-JVM fixture (the demo clip, 4 s,
 * 480/360/240 + AAC) served by the origin from a folder store and from S3 (in-process S3Proxy),
 * every resource fetched over HTTP and compared with the packager's bytes.
 */
class TranscodedClipPlaybackTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();

  @Test
  void playback_transcodedClipFromFolder_everyResourceServedWithPackagerBytes(@TempDir Path folder)
      throws Exception {
    PlaybackFixture fixture = PlaybackFixture.transcoded();
    assertThat(fixture.ladder().tracks()).hasSizeGreaterThanOrEqualTo(3);
    try (BlobStore store = BlobStores.folder(folder)) {
      fixture.publish(store);
      try (TestOrigin origin = new TestOrigin(store, OriginPlaybackTest.settings())) {
        OriginPlaybackTest.assertPlayback(origin, fixture);
      }
    }
  }

  @Test
  void playback_transcodedClipFromS3_everyResourceServedWithPackagerBytes() throws Exception {
    PlaybackFixture fixture = PlaybackFixture.transcoded();
    try (BlobStore store = BlobStores.s3(S3.newBucket())) {
      fixture.publish(store);
      try (TestOrigin origin = new TestOrigin(store, OriginPlaybackTest.settings())) {
        OriginPlaybackTest.assertPlayback(origin, fixture);
      }
    }
  }
}
