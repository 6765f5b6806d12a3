package dev.prism.origin;

import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.BlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.LadderRecord;
import dev.prism.transcoder.testing.TranscodedFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A published asset for origin tests: its ladder and its track files' bytes, written into any store
 * as the transcoder would (track files and ladder.json first, asset.json last).
 *
 * @param assetId the asset id
 * @param version the published version
 * @param ladder the version's ladder.json
 * @param filesByTrackId each track's file bytes, by track id
 */
public record PlaybackFixture(
    String assetId, String version, LadderRecord ladder, Map<String, byte[]> filesByTrackId) {

  /**
   * The packager's committed CMAF fixtures (first 8 s of Big Buck Bunny 240p, FFmpeg-made, with
   * sidx, edit list and trailing mfra) behind a hand-written ladder.json and asset.json.
   */
  public static PlaybackFixture packagerBbb240() {
    LadderRecord ladder =
        new LadderRecord(
            List.of(
                new LadderRecord.Track(
                    "video-240", TrackType.VIDEO, "video-240.cmfv", null, "240p", 120_000),
                new LadderRecord.Track(
                    "video-120", TrackType.VIDEO, "video-120.cmfv", null, "120p", 50_000),
                new LadderRecord.Track(
                    "audio-en", TrackType.AUDIO, "audio-en.cmfa", "en", "English", 48_000)));
    Map<String, byte[]> files = new HashMap<>();
    for (LadderRecord.Track t : ladder.tracks()) {
      files.put(t.id(), resource("fixtures/bbb240/" + t.file()));
    }
    return new PlaybackFixture("bbb240", "v0f1e2d3c", ladder, Map.copyOf(files));
  }

  /** The transcoder's once-per-JVM real transcode of the demo clip (480/360/240 + AAC). */
  static PlaybackFixture transcoded() {
    TranscodedFixture f = TranscodedFixture.get();
    LadderRecord ladder = f.published().ladder();
    Map<String, byte[]> files = new HashMap<>();
    try {
      for (LadderRecord.Track t : ladder.tracks()) {
        files.put(
            t.id(),
            Files.readAllBytes(
                f.storeRoot().resolve(f.assetId()).resolve(f.version()).resolve(t.file())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PlaybackFixture(f.assetId(), f.version(), ladder, Map.copyOf(files));
  }

  /** The same tracks under another asset id and version (nothing is written). */
  public PlaybackFixture as(String newAssetId, String newVersion) {
    return new PlaybackFixture(newAssetId, newVersion, ladder, filesByTrackId);
  }

  /** Publishes {@link #version()} into {@code store}. */
  public void publish(BlobStore store) {
    publishAs(store, version);
  }

  /**
   * Publishes the same tracks as version {@code newVersion}: the version folder is written
   * completely, then asset.json is replaced (docs/ARCHITECTURE.md, "The store contract").
   */
  void publishAs(BlobStore store, String newVersion) {
    for (LadderRecord.Track t : ladder.tracks()) {
      store
          .write(AssetKeys.trackFile(assetId, newVersion, t.file()), filesByTrackId.get(t.id()))
          .join();
    }
    store.write(AssetKeys.ladderJson(assetId, newVersion), ContractJson.write(ladder)).join();
    AssetRecord record =
        new AssetRecord(
            assetId,
            "Test asset",
            newVersion,
            AssetRecord.State.PUBLISHED,
            AssetRecord.Policy.OPEN);
    store.write(AssetKeys.assetJson(assetId), ContractJson.write(record)).join();
  }

  LadderRecord.Track track(String trackId) {
    for (LadderRecord.Track t : ladder.tracks()) {
      if (t.id().equals(trackId)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no track " + trackId);
  }

  private static byte[] resource(String name) {
    try (InputStream in = PlaybackFixture.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name + " (packager test-jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
