package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStoreException;
import dev.prism.store.BlobStores;
import dev.prism.store.ForwardingBlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.LadderRecord;
import dev.prism.store.testing.S3ProxyFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish steps without an encode: staging, promotion into the version, and the clean-up of a
 * failed run, on a folder store and on S3.
 */
class StagedVersionTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();

  private static final LadderRecord LADDER =
      new LadderRecord(
          List.of(new LadderRecord.Track("v480", TrackType.VIDEO, "v480.cmfv", null, "480p", 0)));

  @TempDir Path dir;

  @Test
  void discard_ofAFailedRun_neverDeletesAnotherRunsStagedFiles_folder() throws Exception {
    try (BlobStore store = BlobStores.folder(dir.resolve("store"))) {
      assertFailedRunLeavesTheOtherAlone(store);
    }
  }

  @Test
  void discard_ofAFailedRun_neverDeletesAnotherRunsStagedFiles_s3() throws Exception {
    try (BlobStore store = BlobStores.s3(S3.newBucket())) {
      assertFailedRunLeavesTheOtherAlone(store);
    }
  }

  private void assertFailedRunLeavesTheOtherAlone(BlobStore store) throws Exception {
    // Two runs of the same encode (same version) at once; the first fails and cleans up.
    StagedVersion failing = new StagedVersion(store, "bbb", "v1", "jfailing");
    StagedVersion other = new StagedVersion(store, "bbb", "v1", "jother");
    stage(failing, "failing");
    stage(other, "other");

    failing.discard();

    assertThat(store.list("bbb/").join())
        .containsExactly("bbb/_staging/jother/audit.json", "bbb/_staging/jother/v480.cmfv");
    assertThat(other.promote(List.of("v480.cmfv", "audit.json"), LADDER))
        .isEqualTo(StagedVersion.Promotion.PROMOTED);
    other.discard();
    assertThat(store.list("bbb/").join())
        .containsExactly("bbb/v1/audit.json", "bbb/v1/ladder.json", "bbb/v1/v480.cmfv");
    assertThat(text(store, "bbb/v1/v480.cmfv")).isEqualTo("other track");
  }

  @Test
  void staging_isInvisibleUnderTheVersionUntilPromotedWhole() throws Exception {
    try (BlobStore store = BlobStores.folder(dir.resolve("store"))) {
      StagedVersion run = new StagedVersion(store, "bbb", "v1", StagedVersion.newJobId());
      stage(run, "run");
      assertThat(store.list("bbb/v1/").join()).isEmpty();

      assertThat(run.promote(List.of("v480.cmfv", "audit.json"), LADDER))
          .isEqualTo(StagedVersion.Promotion.PROMOTED);
      run.discard();

      assertThat(store.list("bbb/").join())
          .containsExactly("bbb/v1/audit.json", "bbb/v1/ladder.json", "bbb/v1/v480.cmfv");
      assertThat(Files.exists(dir.resolve("store/bbb/_staging/" + run.jobId()))).isFalse();
    }
  }

  @Test
  void promote_failingMidCopy_leavesNothingUnderTheVersionAndNoClaim() throws Exception {
    try (BlobStore store =
        new ForwardingBlobStore(BlobStores.folder(dir.resolve("store"))) {
          @Override
          public CompletableFuture<Void> copy(String sourceKey, String targetKey) {
            return targetKey.endsWith("audit.json")
                ? CompletableFuture.failedFuture(new BlobStoreException("injected", null))
                : super.copy(sourceKey, targetKey);
          }
        }) {
      StagedVersion run = new StagedVersion(store, "bbb", "v1", "jrun");
      stage(run, "run");

      assertThatThrownBy(() -> run.promote(List.of("v480.cmfv", "audit.json"), LADDER))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.STORE_FAILED));
      run.discard();

      assertThat(store.list("bbb/").join()).isEmpty();
      assertThat(Files.exists(dir.resolve("store/bbb/v1"))).isFalse();
    }
  }

  @Test
  void promote_twoRunsOfOneVersionAtOnce_oneCopiesTheOtherNeverOverwrites() throws Exception {
    CountDownLatch firstIsCopying = new CountDownLatch(1);
    CountDownLatch secondHasTried = new CountDownLatch(1);
    try (BlobStore plain = BlobStores.folder(dir.resolve("store"));
        BlobStore slowCopies =
            new ForwardingBlobStore(BlobStores.folder(dir.resolve("store"))) {
              @Override
              public CompletableFuture<Void> copy(String sourceKey, String targetKey) {
                firstIsCopying.countDown();
                await(secondHasTried);
                return super.copy(sourceKey, targetKey);
              }
            }) {
      StagedVersion first = new StagedVersion(slowCopies, "bbb", "v1", "jfirst");
      StagedVersion second = new StagedVersion(plain, "bbb", "v1", "jsecond");
      stage(first, "first");
      stage(second, "second");

      CompletableFuture<StagedVersion.Promotion> firstPromotes =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return first.promote(List.of("v480.cmfv", "audit.json"), LADDER);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await(firstIsCopying);
      assertThatThrownBy(() -> second.promote(List.of("v480.cmfv", "audit.json"), LADDER))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.CONFLICT))
          .hasMessageContaining("asset bbb: version v1 is being copied into place by another run")
          .hasMessageContaining("jfirst")
          .hasMessageContaining(AssetKeys.promotionClaim("bbb", "v1"));
      second.discard();
      secondHasTried.countDown();

      assertThat(firstPromotes.get(60, TimeUnit.SECONDS))
          .isEqualTo(StagedVersion.Promotion.PROMOTED);
      first.discard();
      assertThat(text(plain, "bbb/v1/v480.cmfv")).isEqualTo("first track");
      assertThat(plain.list("bbb/").join())
          .containsExactly("bbb/v1/audit.json", "bbb/v1/ladder.json", "bbb/v1/v480.cmfv");

      // A later run of the same version finds it complete and copies nothing.
      StagedVersion late = new StagedVersion(plain, "bbb", "v1", "jlate");
      stage(late, "late");
      assertThat(late.promote(List.of("v480.cmfv", "audit.json"), LADDER))
          .isEqualTo(StagedVersion.Promotion.ALREADY_COMPLETE);
      late.discard();
      assertThat(text(plain, "bbb/v1/v480.cmfv")).isEqualTo("first track");
    }
  }

  @Test
  void newJobId_isAValidIdAndUniquePerRun() {
    String a = StagedVersion.newJobId();
    String b = StagedVersion.newJobId();
    assertThat(AssetKeys.isValidId(a)).isTrue();
    assertThat(a).isNotEqualTo(b).matches("j\\d{8}T\\d{6}-[0-9a-f]{16}");
  }

  private static void stage(StagedVersion run, String who) throws Exception {
    run.write("v480.cmfv", (who + " track").getBytes(StandardCharsets.UTF_8)).join();
    run.write("audit.json", ("{\"by\":\"" + who + "\"}").getBytes(StandardCharsets.UTF_8)).join();
  }

  private static String text(BlobStore store, String key) {
    return new String(store.readAll(key).join(), StandardCharsets.UTF_8);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
