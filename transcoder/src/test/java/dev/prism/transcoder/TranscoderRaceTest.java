package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.store.BlobStore;
import dev.prism.store.BlobStoreException;
import dev.prism.store.BlobStores;
import dev.prism.store.ForwardingBlobStore;
import dev.prism.store.contract.AssetCatalog;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.LadderRecord;
import dev.prism.transcoder.testing.StoreSnapshot;
import dev.prism.transcoder.testing.TranscodedFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two publishes of one asset at once: nothing of either is lost, a lost race fails loudly. */
class TranscoderRaceTest {
  @TempDir Path dir;

  @Test
  void transcode_failingRunBesideAConcurrentRunOfTheSameEncode_deletesNothingOfTheOther()
      throws Exception {
    Path root = StoreSnapshot.copy(TranscodedFixture.get().storeRoot(), dir.resolve("store"));
    // The same new encode twice (a 4 s grid): both runs make the same version.
    TranscodeRequest request =
        TranscodeRequest.of(TranscodedFixture.get().source(), "bbb").withFragmentDurationMs(4000);
    CountDownLatch survivorUploaded = new CountDownLatch(1);
    CountDownLatch failedRunDone = new CountDownLatch(1);
    try (BlobStore folder = BlobStores.folder(root)) {
      // The failing run fails once the other run has uploaded its track files, and the other
      // run goes on only after the failing run has cleaned up.
      BlobStore failing =
          new Gate(folder) {
            @Override
            public CompletableFuture<Void> write(String key, byte[] data) {
              if (key.endsWith("ladder.json")) {
                await(survivorUploaded);
                return CompletableFuture.failedFuture(
                    new BlobStoreException("injected failure writing " + key, null));
              }
              return super.write(key, data);
            }
          };
      BlobStore surviving =
          new Gate(folder) {
            @Override
            public CompletableFuture<Void> write(String key, byte[] data) {
              if (key.endsWith("audit.json")) {
                survivorUploaded.countDown();
                await(failedRunDone);
              }
              return super.write(key, data);
            }
          };
      CompletableFuture<Object> failed =
          async(
              () -> {
                try {
                  return run(request.withWorkDir(dir.resolve("work-failing")), failing);
                } finally {
                  failedRunDone.countDown();
                }
              });
      CompletableFuture<Object> survived =
          async(() -> run(request.withWorkDir(dir.resolve("work-surviving")), surviving));

      assertThat(failed.get(600, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.STORE_FAILED));
      Object outcome = survived.get(600, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(PublishedVersion.class);
      PublishedVersion published = (PublishedVersion) outcome;

      AssetCatalog catalog = new AssetCatalog(folder);
      assertThat(catalog.asset("bbb").join().currentVersion()).isEqualTo(published.version());
      LadderRecord ladder = catalog.ladder("bbb", published.version()).join();
      for (LadderRecord.Track track : ladder.tracks()) {
        String key = AssetKeys.trackFile("bbb", published.version(), track.file());
        assertThat(folder.metadata(key).join().sizeBytes()).as(key).isPositive();
      }
      assertThat(folder.list("bbb/").join())
          .as("no staged objects left, and the version is whole")
          .containsAll(published.keys())
          .noneMatch(k -> k.contains("_staging"));
    }
  }

  @Test
  void transcode_twoRepublishesAtOnce_oneWinsTheOtherFailsWithAConflictNamingTheAsset()
      throws Exception {
    // The version exists already (the fixture's), so both runs only rewrite asset.json: they
    // both read it, then both write it at the same moment.
    Path root = StoreSnapshot.copy(TranscodedFixture.get().storeRoot(), dir.resolve("store"));
    Path source = TranscodedFixture.get().source();
    CyclicBarrier bothWriting = new CyclicBarrier(2);
    try (BlobStore folder = BlobStores.folder(root);
        BlobStore store =
            new Gate(folder) {
              @Override
              public CompletableFuture<Void> write(String key, byte[] data) {
                meet(key);
                return super.write(key, data);
              }

              @Override
              public CompletableFuture<String> writeIfMatch(String key, byte[] data, String tag) {
                meet(key);
                return super.writeIfMatch(key, data, tag);
              }

              @Override
              public CompletableFuture<String> writeIfAbsent(String key, byte[] data) {
                meet(key);
                return super.writeIfAbsent(key, data);
              }

              private void meet(String key) {
                if (key.equals("bbb/asset.json")) {
                  try {
                    bothWriting.await(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              }
            }) {
      List<CompletableFuture<Object>> runs = new ArrayList<>();
      for (String title : List.of("Title A", "Title B")) {
        runs.add(async(() -> run(TranscodeRequest.of(source, "bbb").withTitle(title), store)));
      }

      List<PublishedVersion> won = new ArrayList<>();
      List<TranscodeException> lost = new ArrayList<>();
      for (CompletableFuture<Object> r : runs) {
        Object outcome = r.get(300, TimeUnit.SECONDS);
        if (outcome instanceof PublishedVersion p) {
          won.add(p);
        } else {
          lost.add((TranscodeException) outcome);
        }
      }

      assertThat(won).hasSize(1);
      assertThat(lost)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.reason()).isEqualTo(TranscodeException.Reason.CONFLICT);
                assertThat(e)
                    .hasMessageContaining("asset bbb")
                    .hasMessageContaining("nothing was overwritten");
              });
      AssetRecord now = new AssetCatalog(folder).asset("bbb").join();
      assertThat(now).isEqualTo(won.get(0).asset());
    }
  }

  /** Runs a transcode; its value is the published version or the exception it threw. */
  private static Object run(TranscodeRequest request, BlobStore store) {
    try {
      return Transcoder.transcode(request, store, e -> {});
    } catch (TranscodeException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }

  private static CompletableFuture<Object> async(Supplier<Object> work) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    t.start();
    return result;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(600, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A store shared by both runs that the test can hold up; does not close the shared store. */
  private abstract static class Gate extends ForwardingBlobStore {
    Gate(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }
}
