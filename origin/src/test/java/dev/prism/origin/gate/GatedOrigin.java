package dev.prism.origin.gate;

import dev.prism.origin.PlaybackFixture;
import dev.prism.origin.TestOrigin;
import dev.prism.origin.config.GateConfig;
import dev.prism.origin.config.OriginSettings;
import dev.prism.store.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/** Gate-test set-up: a {@link TestOrigin} with the gate installed from a {@link GateConfig}. */
final class GatedOrigin {
  static final int SEG_MS = 2_000;

  private GatedOrigin() {}

  /** Starts an origin with the gate installed from {@code config}, as {@code prism serve} does. */
  static TestOrigin start(BlobStore store, GateConfig config, List<URI> publicBaseUrls) {
    return new TestOrigin(
        store,
        OriginSettings.defaults().withSegmentDurationMs(SEG_MS),
        server -> {
          try {
            Gate.fromConfig(config, publicBaseUrls, server.metrics(), Clock.systemUTC())
                .install(server);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Publishes the packager's committed CMAF fixtures (8 s of Big Buck Bunny 240p/120p + AAC,
   * FFmpeg-made) as {@code assetId} at {@code version}, as the transcoder would.
   */
  static void publishBbb240(BlobStore store, String assetId, String version) {
    PlaybackFixture.packagerBbb240().as(assetId, version).publish(store);
  }
}
