package dev.prism.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.FileBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetCatalogTest {
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

    catalog.writeAsset(asset).join();
    catalog.writeLadder("bbb", "v1", ladder).join();

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

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
