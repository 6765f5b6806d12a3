package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.packager.cmaf.FragmentRef;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.S3Presigning;
import dev.prism.store.S3StoreSettings;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.LadderRecord;
import dev.prism.store.testing.S3ProxyFixture;
import dev.prism.transcoder.testing.FfmpegChecks;
import dev.prism.transcoder.testing.SegmentedTracks;
import dev.prism.transcoder.testing.TranscodedFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real clip (4 s of the demo clip, 5.1 audio) transcoded into a folder store and into an S3
 * server, checked against the store contract of docs/ARCHITECTURE.md with the packager's own index
 * and an independent decoder.
 */
class TranscoderContractTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();

  @TempDir Path dir;

  @Test
  void transcode_intoFolderStore_publishesTheContract() throws Exception {
    TranscodedFixture f = TranscodedFixture.get();
    try (BlobStore store = f.openStore()) {
      assertContract(store, f.assetId(), f.published(), f.source());
      AssetRecord asset = readAsset(store, f.assetId());
      assertThat(asset.title()).isEqualTo("Big Buck Bunny (4 s)");
    }
  }

  @Test
  void transcode_intoS3_publishesTheContractAndReportsProgress() throws Exception {
    TranscodedFixture f = TranscodedFixture.get();
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    Path work = Files.createDirectories(dir.resolve("work"));
    try (BlobStore store = BlobStores.s3(S3.newBucket())) {
      PublishedVersion published =
          Transcoder.transcode(
              TranscodeRequest.of(f.source(), "bbb-s3").withWorkDir(work), store, events::add);
      assertThat(published.outcome()).isEqualTo(PublishedVersion.Outcome.ENCODED);
      // Same input, same ladder, same FFmpeg: the same version id in any store.
      assertThat(published.version()).isEqualTo(f.version());
      assertContract(store, "bbb-s3", published, f.source());
      assertThat(store.list("").join())
          .containsExactlyInAnyOrderElementsOf(
              concat(published.keys(), List.of(AssetKeys.assetJson("bbb-s3"))));
    }
    assertThat(events).extracting(ProgressEvent::stage).contains(ProgressEvent.Stage.ENCODING);
    assertThat(events.get(events.size() - 1).stage()).isEqualTo(ProgressEvent.Stage.PUBLISHED);
    ProgressEvent lastEncoding =
        events.stream()
            .filter(e -> e.stage() == ProgressEvent.Stage.ENCODING)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(lastEncoding.percent()).isEqualTo(100.0);
    assertThat(lastEncoding.speed()).isPositive();
    try (var left = Files.list(work)) {
      assertThat(left).as("work folder cleaned").isEmpty();
    }
  }

  @Test
  void mezzanineInput_s3UrlAndPresignedGet_downloadTheSameBytesAndHideTheSignature()
      throws Exception {
    TranscodedFixture f = TranscodedFixture.get();
    S3StoreSettings bucket = S3.newBucket();
    try (BlobStore store = BlobStores.s3(bucket);
        S3Presigning presigning = BlobStores.s3Presigning(bucket)) {
      store.upload("in/source.mp4", f.source()).join();
      Path work = dir.resolve("downloads");
      try (MezzanineInput in =
          MezzanineInput.resolve("s3://" + bucket.bucket() + "/in/source.mp4", work, bucket)) {
        assertThat(in.downloaded()).isTrue();
        assertThat(in.name()).isEqualTo("s3://" + bucket.bucket() + "/in/source.mp4");
        assertThat(Files.readAllBytes(in.file())).isEqualTo(Files.readAllBytes(f.source()));
      }
      String url = presigning.presignGet("in/source.mp4").uri().toString();
      assertThat(url).contains("X-Amz-Signature=");
      try (MezzanineInput in = MezzanineInput.resolve(url, work, null)) {
        assertThat(in.name())
            .doesNotContain("?")
            .doesNotContain("Signature")
            .endsWith("/in/source.mp4");
        assertThat(Files.readAllBytes(in.file())).isEqualTo(Files.readAllBytes(f.source()));
      }
      try (var left = Files.list(work)) {
        assertThat(left).as("downloads removed on close").isEmpty();
      }
      assertThatThrownBy(
              () ->
                  MezzanineInput.resolve(
                      "s3://" + bucket.bucket() + "/in/missing.mp4", work, bucket))
          .isInstanceOfSatisfying(
              TranscodeException.class,
              e -> assertThat(e.reason()).isEqualTo(TranscodeException.Reason.INPUT_UNREADABLE))
          .hasMessageContaining("does not exist");
      assertThatThrownBy(
              () -> MezzanineInput.resolve(url.replace("in/source", "in/missing"), work, null))
          .isInstanceOf(TranscodeException.class)
          .hasMessageContaining("answered HTTP 403");
    }
  }

  private void assertContract(
      BlobStore store, String asset, PublishedVersion published, Path source) throws Exception {
    String version = published.version();
    AssetRecord record = readAsset(store, asset);
    assertThat(record.currentVersion()).isEqualTo(version).matches("v[0-9a-f]{8}");
    assertThat(record.state()).isEqualTo(AssetRecord.State.PUBLISHED);
    assertThat(record.policy()).isEqualTo(AssetRecord.Policy.OPEN);

    LadderRecord ladder =
        ContractJson.readLadder(store.readAll(AssetKeys.ladderJson(asset, version)).join());
    assertThat(ladder.tracks())
        .extracting(LadderRecord.Track::id, LadderRecord.Track::file, LadderRecord.Track::label)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v480", "v480.cmfv", "480p"),
            org.assertj.core.groups.Tuple.tuple("v360", "v360.cmfv", "360p"),
            org.assertj.core.groups.Tuple.tuple("v240", "v240.cmfv", "240p"),
            org.assertj.core.groups.Tuple.tuple("a0", "a0.cmfa", "Audio 1"));

    JsonNode audit =
        ContractJson.mapper().readTree(store.readAll(AssetKeys.auditJson(asset, version)).join());
    assertThat(audit.path("input").path("sha256").asText()).isEqualTo(sha256(source));
    assertThat(audit.path("ffprobe").path("streams").size()).isEqualTo(2);
    assertThat(audit.path("ffmpeg").path("version").asText()).startsWith("ffmpeg version 8.0.1");
    // libopenh264 with the default (LGPL) natives, libx264 under -Pgpl.
    String encoder = audit.path("ffmpeg").path("videoEncoder").asText();
    assertThat(encoder).isIn("libopenh264", "libx264");
    assertThat(audit.path("ffmpeg").path("buildConfiguration").asText())
        .contains("--enable-" + encoder);
    assertThat(audit.path("command").get(0).asText()).endsWith("ffmpeg");
    assertThat(audit.path("command").toString()).contains("split=3", "global_sidx", encoder);
    assertThat(audit.path("startedAt").asText()).isNotEmpty();
    assertThat(audit.path("finishedAt").asText()).isNotEmpty();
    assertThat(audit.path("outputs").size()).isEqualTo(4);

    long sourceFrames = FfmpegChecks.videoFrameCount(source);
    List<TrackIndex> videos = new ArrayList<>();
    for (LadderRecord.Track t : ladder.tracks()) {
      String key = AssetKeys.trackFile(asset, version, t.file());
      Path local = dir.resolve(t.file());
      Files.write(local, store.read(key, 0, Integer.MAX_VALUE).join().array());
      JsonNode out = outputFor(audit, t.id());
      assertThat(sha256(local))
          .as("audit sha256 of " + t.file())
          .isEqualTo(out.path("sha256").asText());
      assertThat(Files.size(local)).isEqualTo(out.path("sizeBytes").asLong());
      assertThat(TrackFileLayout.read(local).sidxAtHead())
          .as("sidx at head of " + t.file())
          .isTrue();

      TrackIndex index = SegmentedTracks.index(store, key);
      assertThat(out.path("codecs").asText()).isEqualTo(index.codecs());
      double seconds = index.durationTicks() / (double) index.timescale().ticksPerSecond();
      if (t.type() == TrackType.VIDEO) {
        assertThat(index.trackType()).isEqualTo(TrackType.VIDEO);
        assertThat(index.codecs()).matches("avc1\\.64[0-9a-f]{4}");
        assertThat(index.video().heightPixels()).isEqualTo(Integer.parseInt(t.id().substring(1)));
        assertThat(seconds).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1 / 24.0));
        assertThat(index.fragments()).allMatch(FragmentRef::startsWithSyncSample);
        // Quality-targeted rate control stays under the rung's cap (ladder.json's bitrate hint).
        long mediaBytes = Files.size(local) - index.initSegmentSizeBytes();
        assertThat(mediaBytes * 8 / seconds)
            .as(t.id() + " bits/s")
            .isLessThan(t.bitrateBps() * 1.1);
        videos.add(index);
      } else {
        assertThat(index.codecs()).isEqualTo("mp4a.40.2");
        assertThat(index.audio().channelCount()).isEqualTo(2);
        assertThat(index.audio().sampleRateHz()).isEqualTo(48_000);
        assertThat(seconds).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.05));
      }

      // Init segment + the packager's media segments, decoded by FFmpeg: no error, every frame.
      Path joined = dir.resolve(t.id() + "-segments.mp4");
      int segments = SegmentedTracks.concatenate(store, key, 2000, joined);
      if (t.type() == TrackType.VIDEO) {
        // One fragment per GOP, one GOP per 2 s: every 2 s segment is exactly one fragment.
        assertThat(segments).isEqualTo(index.fragments().size());
      }
      assertThat(segments).isBetween(2, 3);
      FfmpegChecks.Decode decode = FfmpegChecks.decode(joined);
      assertThat(decode.clean()).as(t.file() + " decode errors: " + decode.errors()).isTrue();
      if (t.type() == TrackType.VIDEO) {
        assertThat(FfmpegChecks.videoFrameCount(joined)).isEqualTo(sourceFrames);
      }
    }
    // Aligned fragment boundaries: identical decode times across every video rendition.
    for (TrackIndex v : videos) {
      assertThat(boundariesUs(v)).isEqualTo(boundariesUs(videos.get(0)));
    }
    assertThat(boundariesUs(videos.get(0))).startsWith(0L, 2_000_000L, 4_000_000L);
  }

  private static List<Long> boundariesUs(TrackIndex index) {
    List<Long> out = new ArrayList<>();
    long ts = index.timescale().ticksPerSecond();
    for (FragmentRef f : index.fragments()) {
      out.add(f.baseMediaDecodeTimeTicks() * 1_000_000 / ts);
    }
    FragmentRef last = index.fragments().get(index.fragments().size() - 1);
    out.add(last.endTicks() * 1_000_000 / ts);
    return out;
  }

  private static JsonNode outputFor(JsonNode audit, String trackId) {
    for (JsonNode o : audit.path("outputs")) {
      if (o.path("trackId").asText().equals(trackId)) {
        return o;
      }
    }
    throw new AssertionError("no audit output for " + trackId);
  }

  private static AssetRecord readAsset(BlobStore store, String asset) {
    return ContractJson.readAsset(store.readAll(AssetKeys.assetJson(asset)).join());
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
