package dev.prism.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.packager.cmaf.TrackType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractJsonTest {
  /** The example of docs/ARCHITECTURE.md, "The store contract", verbatim. */
  private static final String DESIGN_ASSET_JSON =
      """
      {
        "assetId": "bbb",
        "title": "Big Buck Bunny",
        "currentVersion": "v3f9a1c2e",
        "state": "published",
        "policy": {
          "plans": [],
          "availableFrom": null,
          "availableUntil": null,
          "countries": { "allow": [], "deny": [] }
        }
      }
      """;

  private static final String LADDER_JSON =
      """
      {
        "tracks": [
          {"id": "v480", "type": "video", "file": "v480.cmfv", "language": null,
           "label": "480p", "bitrateBps": 1400000},
          {"id": "a0", "type": "audio", "file": "a0.cmfa", "language": "en",
           "label": "English 5.1", "bitrateBps": 384000}
        ]
      }
      """;

  @Test
  void readAsset_designExample_parses() {
    AssetRecord asset = ContractJson.readAsset(utf8(DESIGN_ASSET_JSON));

    assertThat(asset)
        .isEqualTo(
            new AssetRecord(
                "bbb",
                "Big Buck Bunny",
                "v3f9a1c2e",
                AssetRecord.State.PUBLISHED,
                AssetRecord.Policy.OPEN));
    assertThat(asset.isPublished()).isTrue();
  }

  @Test
  void writeAsset_thenRead_roundTrips() {
    AssetRecord asset =
        new AssetRecord(
            "bbb",
            "Big Buck Bunny",
            "v1",
            AssetRecord.State.UNPUBLISHED,
            new AssetRecord.Policy(
                List.of("premium"),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                new AssetRecord.Countries(List.of("fr", "DE"), List.of("us"))));

    byte[] json = ContractJson.write(asset);

    assertThat(ContractJson.readAsset(json)).isEqualTo(asset);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\"state\" : \"unpublished\"")
        .contains("\"availableFrom\" : \"2026-01-01T00:00:00Z\"")
        .contains("\"allow\" : [ \"FR\", \"DE\" ]");
  }

  @Test
  void writeLadder_thenRead_roundTripsWithLowerCaseTypes() {
    LadderRecord ladder = ContractJson.readLadder(utf8(LADDER_JSON));

    assertThat(ladder.tracks()).hasSize(2);
    assertThat(ladder.tracks().get(0).type()).isEqualTo(TrackType.VIDEO);
    assertThat(ladder.tracks().get(1).language()).isEqualTo("en");
    assertThat(new String(ContractJson.write(ladder), StandardCharsets.UTF_8))
        .contains("\"type\" : \"video\"")
        .contains("\"type\" : \"audio\"");
    assertThat(ContractJson.readLadder(ContractJson.write(ladder))).isEqualTo(ladder);
  }

  @Test
  void readAsset_unknownField_refusedNamingIt() {
    String typo = DESIGN_ASSET_JSON.replace("\"title\"", "\"titel\"");

    assertThatThrownBy(() -> ContractJson.readAsset(utf8(typo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid asset.json")
        .hasMessageContaining("\"titel\"");
  }

  @Test
  void readAsset_unknownNestedField_refusedNamingIt() {
    String typo = DESIGN_ASSET_JSON.replace("\"allow\"", "\"alow\"");

    assertThatThrownBy(() -> ContractJson.readAsset(utf8(typo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"alow\"");
  }

  @Test
  void readAsset_unknownState_refusedNamingTheValue() {
    String bad = DESIGN_ASSET_JSON.replace("\"published\"", "\"draft\"");

    assertThatThrownBy(() -> ContractJson.readAsset(utf8(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("draft");
  }

  @Test
  void readAsset_invalidVersionId_refusedNamingIt() {
    String bad = DESIGN_ASSET_JSON.replace("v3f9a1c2e", "../v1");

    assertThatThrownBy(() -> ContractJson.readAsset(utf8(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../v1'");
  }

  @Test
  void readAsset_missingState_refusedNamingIt() {
    String bad = DESIGN_ASSET_JSON.replace("\"state\": \"published\",", "");

    assertThatThrownBy(() -> ContractJson.readAsset(utf8(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state");
  }

  @Test
  void readAsset_optionalPartsLeftOut_defaultToOpen() {
    String minimal =
        """
        {"assetId": "bbb", "currentVersion": "v1", "state": "published"}
        """;

    AssetRecord asset = ContractJson.readAsset(utf8(minimal));

    assertThat(asset.title()).isEmpty();
    assertThat(asset.policy()).isEqualTo(AssetRecord.Policy.OPEN);
  }

  @Test
  void readAsset_notJson_refused() {
    assertThatThrownBy(() -> ContractJson.readAsset(utf8("{\"assetId\": ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid asset.json");
  }

  @Test
  void readLadder_noTracksOrPathAsFile_refused() {
    assertThatThrownBy(() -> ContractJson.readLadder(utf8("{\"tracks\": []}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tracks");
    String pathAsFile = LADDER_JSON.replace("\"v480.cmfv\"", "\"../other/v480.cmfv\"");
    assertThatThrownBy(() -> ContractJson.readLadder(utf8(pathAsFile)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../other/v480.cmfv");
  }

  @Test
  void readLadder_missingTypeOrTracks_refusedNamingTheField() {
    String noType = LADDER_JSON.replace("\"type\": \"video\", ", "");
    assertThatThrownBy(() -> ContractJson.readLadder(utf8(noType)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type");
    assertThatThrownBy(() -> ContractJson.readLadder(utf8("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tracks");
  }

  @Test
  void assetKeys_layout_matchesDesign() {
    assertThat(AssetKeys.assetJson("bbb")).isEqualTo("bbb/asset.json");
    assertThat(AssetKeys.ladderJson("bbb", "v1")).isEqualTo("bbb/v1/ladder.json");
    assertThat(AssetKeys.auditJson("bbb", "v1")).isEqualTo("bbb/v1/audit.json");
    assertThat(AssetKeys.trackFile("bbb", "v1", "v480.cmfv")).isEqualTo("bbb/v1/v480.cmfv");
    assertThatThrownBy(() -> AssetKeys.assetJson(".hidden"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'.hidden'");
  }

  /** The id rule is the URL grammar's: its reserved words are no asset, version or track ids. */
  @Test
  void assetKeys_reservedWordsOfTheUrlGrammar_refusedAsIds() {
    for (String word : new String[] {"t", "p", "hls", "dash", "keys", "thumbs"}) {
      assertThat(AssetKeys.isValidId(word)).as(word).isFalse();
      assertThatThrownBy(() -> AssetKeys.assetJson(word))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + word + "'")
          .hasMessageContaining("thumbs");
      assertThatThrownBy(() -> AssetKeys.ladderJson("bbb", word))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(AssetKeys.isValidId("hls2")).isTrue();
    assertThat(AssetKeys.isValidId(null)).isFalse();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
