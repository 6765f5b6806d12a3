package dev.prism.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.FileBlobStore;
import dev.prism.store.testing.S3ProxyFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AssetCatalogTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();

  /** asset.json exactly as the transcoder wrote it before schemaVersion existed. */
  private static final String ASSET_JSON_WITHOUT_SCHEMA =
      """
      {
        "assetId" : "bbb",
        "title" : "Big Buck Bunny",
        "currentVersion" : "v3f9a1c2e",
        "state" : "published",
        "policy" : {
          "plans" : [ ],
          "availableFrom" : null,
          "availableUntil" : null,
          "countries" : {
            "allow" : [ ],
            "deny" : [ ]
          }
        }
      }""";

  /** ladder.json exactly as the transcoder wrote it before schemaVersion existed. */
  private static final String LADDER_JSON_WITHOUT_SCHEMA =
      """
      {
        "tracks" : [ {
          "id" : "v480",
          "type" : "video",
          "file" : "v480.cmfv",
          "language" : null,
          "label" : "480p",
          "bitrateBps" : 1400000
        }, {
          "id" : "a0",
          "type" : "audio",
          "file" : "a0.cmfa",
          "language" : "en",
          "label" : "English 5.1",
          "bitrateBps" : 384000
        } ]
      }""";

  @TempDir Path root;

  @Test
  void asset_writtenBeforeSchemaVersion_readsAsSchema1() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    store.write("bbb/asset.json", utf8(ASSET_JSON_WITHOUT_SCHEMA)).join();

    AssetRecord asset = new AssetCatalog(store).asset("bbb").join();

    assertThat(asset.schemaVersion()).isEqualTo(1);
    assertThat(asset.currentVersion()).isEqualTo("v3f9a1c2e");
    assertThat(asset.isPublished()).isTrue();
    assertThat(asset.policy()).isEqualTo(AssetRecord.Policy.OPEN);
  }

  @Test
  void ladder_writtenBeforeSchemaVersion_readsAsSchema1WithTheOneTrackType() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    store.write("bbb/v1/ladder.json", utf8(LADDER_JSON_WITHOUT_SCHEMA)).join();

    LadderRecord ladder = new AssetCatalog(store).ladder("bbb", "v1").join();

    assertThat(ladder.schemaVersion()).isEqualTo(1);
    assertThat(ladder.tracks())
        .extracting(LadderRecord.Track::type)
        .containsExactly(TrackType.VIDEO, TrackType.AUDIO);
  }

  @Test
  void write_thenRead_roundTripsAndDeclaresTheSchema() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    AssetCatalog catalog = new AssetCatalog(store);
    AssetRecord asset =
        new AssetRecord(
            "bbb", "Big Buck Bunny", "v1", AssetRecord.State.PUBLISHED, AssetRecord.Policy.OPEN);
    LadderRecord ladder =
        new LadderRecord(
            List.of(new LadderRecord.Track("v480", TrackType.VIDEO, "v480.cmfv", null, "480p", 0)));

    catalog.writeAsset(asset, null).join();
    catalog.createLadder("bbb", "v1", ladder).join();

    assertThat(catalog.asset("bbb").join()).isEqualTo(asset);
    assertThat(catalog.ladder("bbb", "v1").join()).isEqualTo(ladder);
    assertThat(new String(store.readAll("bbb/asset.json").join(), StandardCharsets.UTF_8))
        .startsWith("{\n  \"schemaVersion\" : 1,");
    assertThat(new String(store.readAll("bbb/v1/ladder.json").join(), StandardCharsets.UTF_8))
        .startsWith("{\n  \"schemaVersion\" : 1,")
        .contains("\"type\" : \"video\"");
  }

  @Test
  void asset_missing_isNotFoundAndFindAssetIsEmpty() {
    AssetCatalog catalog = new AssetCatalog(new FileBlobStore(root));

    assertThatThrownBy(() -> catalog.asset("nope").join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(AssetNotFoundException.class)
        .hasMessage("no asset nope");
    assertThat(catalog.findAsset("nope").join()).isEmpty();
    assertThatThrownBy(() -> catalog.ladder("bbb", "v9").join())
        .cause()
        .isInstanceOf(AssetNotFoundException.class)
        .hasMessage("asset bbb has no version v9");
  }

  @Test
  void asset_corruptOrNewerSchema_isCorruptNamingTheKey() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    store.write("bad/asset.json", utf8("{ not json")).join();
    store
        .write(
            "new/asset.json",
            utf8(ASSET_JSON_WITHOUT_SCHEMA.replaceFirst("\\{\n", "{\n  \"schemaVersion\" : 2,\n")))
        .join();
    AssetCatalog catalog = new AssetCatalog(store);

    assertThatThrownBy(() -> catalog.asset("bad").join())
        .cause()
        .isInstanceOf(CorruptDocumentException.class)
        .hasMessageStartingWith("bad/asset.json: invalid asset.json");
    assertThatThrownBy(() -> catalog.findAsset("new").join())
        .cause()
        .isInstanceOf(CorruptDocumentException.class)
        .hasMessageContaining("schemaVersion 2");
  }

  // ---- conditional publishing: a lost race fails loudly, the winner stays ----

  @Test
  void writeAsset_twoFirstPublishesAtOnce_oneWinsTheOtherConflictsNamingTheAsset_folder() {
    assertFirstPublishRace(new FileBlobStore(root));
  }

  @Test
  void writeAsset_twoFirstPublishesAtOnce_oneWinsTheOtherConflictsNamingTheAsset_s3() {
    try (BlobStore store = BlobStores.s3(S3.newBucket())) {
      assertFirstPublishRace(store);
    }
  }

  @Test
  void writeAsset_twoRepublishesFromOneRevision_oneWinsTheOtherConflicts_folder() {
    FileBlobStore store = new FileBlobStore(root);
    AssetCatalog catalog = new AssetCatalog(store);
    catalog.writeAsset(asset("v0", "Base"), null).join();
    AssetRevision base = catalog.findAssetRevision("bbb").join().orElseThrow();

    List<CompletableFuture<AssetRevision>> attempts = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      attempts.add(catalog.writeAsset(asset("v" + i, "Run " + i), base));
    }

    AssetRecord winner = exactlyOneWinner(attempts, "v0");
    assertThat(catalog.asset("bbb").join()).isEqualTo(winner);
  }

  @Test
  void writeAsset_republishFromAStaleRevision_conflictsAndKeepsTheWinner_s3() {
    // S3Proxy evaluates If-Match, but not atomically with the write: a sequential race only.
    try (BlobStore store = BlobStores.s3(S3.newBucket())) {
      AssetCatalog catalog = new AssetCatalog(store);
      catalog.writeAsset(asset("v0", "Base"), null).join();
      AssetRevision base = catalog.findAssetRevision("bbb").join().orElseThrow();
      catalog.writeAsset(asset("v1", "Winner"), base).join();

      assertThatThrownBy(() -> catalog.writeAsset(asset("v2", "Loser"), base).join())
          .cause()
          .isInstanceOfSatisfying(
              AssetConflictException.class, e -> assertThat(e.assetId()).isEqualTo("bbb"))
          .hasMessageContaining("asset bbb")
          .hasMessageContaining("expected version v0")
          .hasMessageContaining("now has version v1");
      assertThat(catalog.asset("bbb").join()).isEqualTo(asset("v1", "Winner"));
    }
  }

  @Test
  void createLadder_twice_secondConflictsAndTheFirstStays() {
    AssetCatalog catalog = new AssetCatalog(new FileBlobStore(root));
    LadderRecord first =
        new LadderRecord(
            List.of(new LadderRecord.Track("v480", TrackType.VIDEO, "v480.cmfv", null, "480p", 0)));
    LadderRecord second =
        new LadderRecord(
            List.of(new LadderRecord.Track("v360", TrackType.VIDEO, "v360.cmfv", null, "360p", 0)));
    catalog.createLadder("bbb", "v1", first).join();

    assertThatThrownBy(() -> catalog.createLadder("bbb", "v1", second).join())
        .cause()
        .isInstanceOf(AssetConflictException.class)
        .hasMessageContaining("asset bbb: version v1 is already complete");
    assertThat(catalog.ladder("bbb", "v1").join()).isEqualTo(first);
  }

  private static void assertFirstPublishRace(BlobStore store) {
    AssetCatalog catalog = new AssetCatalog(store);
    List<CompletableFuture<AssetRevision>> attempts = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      attempts.add(catalog.writeAsset(asset("v" + i, "Run " + i), null));
    }

    AssetRecord winner = exactlyOneWinner(attempts, null);
    assertThat(catalog.asset("bbb").join()).isEqualTo(winner);
  }

  /** Exactly one attempt succeeded; every other failed with a conflict naming the asset. */
  private static AssetRecord exactlyOneWinner(
      List<CompletableFuture<AssetRevision>> attempts, String expectedBase) {
    List<AssetRecord> winners = new ArrayList<>();
    for (CompletableFuture<AssetRevision> attempt : attempts) {
      try {
        winners.add(attempt.join().record());
      } catch (CompletionException e) {
        assertThat(e.getCause())
            .isInstanceOfSatisfying(
                AssetConflictException.class, c -> assertThat(c.assetId()).isEqualTo("bbb"))
            .hasMessageStartingWith("asset bbb: another publish changed bbb/asset.json first")
            .hasMessageContaining(
                expectedBase == null
                    ? "expected no asset.json"
                    : "expected version " + expectedBase)
            .hasMessageContaining("nothing was overwritten");
      }
    }
    assertThat(winners).hasSize(1);
    return winners.get(0);
  }

  private static AssetRecord asset(String version, String title) {
    return new AssetRecord(
        "bbb", title, version, AssetRecord.State.PUBLISHED, AssetRecord.Policy.OPEN);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
