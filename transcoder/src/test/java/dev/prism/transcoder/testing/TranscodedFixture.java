package dev.prism.transcoder.testing;

import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.transcoder.PublishedVersion;
import dev.prism.transcoder.TranscodeException;
import dev.prism.transcoder.TranscodeRequest;
import dev.prism.transcoder.Transcoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One real transcode per JVM, shared by every test that needs a published asset: the first 4 s of
 * the demo clip ({@link MediaFixtures#BBB_480P}: 480/360/240 plus one stereo AAC track from 5.1)
 * transcoded into a folder store. Takes about 2-4 s the first time, nothing afterwards.
 *
 * <pre>{@code
 * TranscodedFixture f = TranscodedFixture.get();
 * BlobStore mine = BlobStores.folder(tempDir);
 * f.copyTo(mine);                    // the asset, with its asset.json, in another store
 * String asset = f.assetId();        // "bbb"
 * }</pre>
 *
 * <p>The store folder and the trimmed source are in a temporary folder deleted at JVM exit; treat
 * them as read-only (copy first to modify).
 *
 * @param assetId the asset id ({@code bbb})
 * @param storeRoot the folder store holding the asset
 * @param source the trimmed mezzanine that was transcoded
 * @param published what the transcode published
 */
public record TranscodedFixture(
    String assetId, Path storeRoot, Path source, PublishedVersion published) {

  /** The asset id of the shared fixture. */
  public static final String ASSET_ID = "bbb";

  /** The duration of the trimmed source, seconds (stream copy ends at 4.08 s). */
  public static final double SOURCE_SECONDS = 4;

  private static final Object LOCK = new Object();
  private static TranscodedFixture instance;

  /** The shared fixture, transcoded on first use. */
  public static TranscodedFixture get() {
    synchronized (LOCK) {
      if (instance == null) {
        instance = create();
      }
      return instance;
    }
  }

  private static TranscodedFixture create() {
    try {
      Path dir = Files.createTempDirectory("prism-transcoded-fixture-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      Path source =
          MediaFixtures.trimmed(MediaFixtures.clip(MediaFixtures.BBB_480P), SOURCE_SECONDS, dir);
      Path storeRoot = Files.createDirectories(dir.resolve("store"));
      try (BlobStore store = BlobStores.folder(storeRoot)) {
        PublishedVersion published =
            Transcoder.transcode(
                TranscodeRequest.of(source, ASSET_ID)
                    .withTitle("Big Buck Bunny (4 s)")
                    .withWorkDir(dir.resolve("work")),
                store,
                e -> {});
        return new TranscodedFixture(ASSET_ID, storeRoot, source, published);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TranscodeException e) {
      throw new IllegalStateException("fixture transcode failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The published version id. */
  public String version() {
    return published.version();
  }

  /** A new folder store over {@link #storeRoot()}; the caller closes it. */
  public BlobStore openStore() {
    return BlobStores.folder(storeRoot);
  }

  /** Copies every object of the fixture's store (the asset and its version) into {@code target}. */
  public void copyTo(BlobStore target) {
    try (BlobStore from = openStore()) {
      List<String> keys = from.list("").join();
      CompletableFuture<?>[] writes = new CompletableFuture<?>[keys.size()];
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        writes[i] = target.upload(key, from.localFile(key).orElseThrow());
      }
      CompletableFuture.allOf(writes).join();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
