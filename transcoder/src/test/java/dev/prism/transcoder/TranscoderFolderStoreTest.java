package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.store.BlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.LadderRecord;
import dev.prism.transcoder.testing.FfmpegChecks;
import dev.prism.transcoder.testing.TranscodedFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TranscoderFolderStoreTest {

  @Test
  void transcode_demoClipIntoFolderStore_publishesContract() throws Exception {
    TranscodedFixture f = TranscodedFixture.get();
    try (BlobStore store = f.openStore()) {
      AssetRecord asset = ContractJson.readAsset(store.readAll(AssetKeys.assetJson("bbb")).join());
      assertThat(asset.currentVersion()).isEqualTo(f.version()).matches("v[0-9a-f]{8}");
      assertThat(asset.state()).isEqualTo(AssetRecord.State.PUBLISHED);
      LadderRecord ladder =
          ContractJson.readLadder(store.readAll(AssetKeys.ladderJson("bbb", f.version())).join());
      assertThat(ladder.tracks())
          .extracting(LadderRecord.Track::id)
          .containsExactly("v480", "v360", "v240", "a0");
      for (LadderRecord.Track t : ladder.tracks()) {
        Path file =
            store.localFile(AssetKeys.trackFile("bbb", f.version(), t.file())).orElseThrow();
        assertThat(TrackFileLayout.read(file).sidxAtHead()).as(t.file()).isTrue();
        FfmpegChecks.Decode d = FfmpegChecks.decode(file);
        assertThat(d.clean()).as(t.file() + ": " + d.errors()).isTrue();
        if (t.type() == LadderRecord.TrackType.VIDEO) {
          assertThat(FfmpegChecks.videoFrameCount(file))
              .isEqualTo(FfmpegChecks.videoFrameCount(f.source()));
        }
      }
      JsonNode audit =
          ContractJson.mapper()
              .readTree(store.readAll(AssetKeys.auditJson("bbb", f.version())).join());
    }
  }
}
