package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.prism.transcoder.LadderPlan.VideoRendition;
import dev.prism.transcoder.MediaProbe.Rational;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodingLadderTest {
  private static final List<String> OPENH264 = List.of("libopenh264");

  private static MediaProbe probe(int w, int h, Rational sar, int rotation, Rational fps) {
    MediaProbe.VideoStream v =
        new MediaProbe.VideoStream(0, "h264", w, h, sar, fps, rotation, 10_000_000, false);
    List<MediaProbe.AudioStream> audio =
        List.of(
            new MediaProbe.AudioStream(1, "aac", 6, 48_000, "eng", 10_000_000),
            new MediaProbe.AudioStream(2, "ac3", 2, 48_000, "fre", 10_000_000),
            new MediaProbe.AudioStream(3, "aac", 2, 44_100, null, 10_000_000));
    return new MediaProbe(
        "mov", 10_000_000, v, audio, List.of(), JsonNodeFactory.instance.objectNode());
  }

  private static MediaProbe probe(int w, int h) {
    return probe(w, h, Rational.ONE, 0, new Rational(25, 1));
  }

  private static List<String> sizes(LadderPlan plan) {
    return plan.video().stream()
        .map(v -> v.widthPx() + "x" + v.heightPx() + "@" + v.maxBitrateBps() / 1000)
        .toList();
  }

  @Test
  void confLadderYaml_equalsDefaults() throws Exception {
    Path conf = Path.of("..", "conf", "ladder.yaml");
    assertThat(EncodingLadder.load(conf)).isEqualTo(EncodingLadder.defaults());
  }

  @Test
  void plan_1080pSource_allFiveRungs() throws Exception {
    LadderPlan plan = EncodingLadder.defaults().plan(probe(1920, 1080), 2000, OPENH264);
    assertThat(sizes(plan))
        .containsExactly(
            "1920x1080@6000", "1280x720@3500", "960x540@2000", "640x360@900", "426x240@400");
    assertThat(plan.videoEncoder()).isEqualTo("libopenh264");
  }

  @Test
  void plan_480pSource_sourceHeightBecomesTopRungNeverUpscales() throws Exception {
    LadderPlan plan = EncodingLadder.defaults().plan(probe(854, 480), 2000, OPENH264);
    // 540 is 12.5% taller than 480 (not within 10%): dropped, and 480 becomes the top rung.
    assertThat(sizes(plan)).containsExactly("854x480@1580", "640x360@900", "428x240@400");
  }

  @Test
  void plan_700pSource_rungWithinTenPercentIsTheTop() throws Exception {
    LadderPlan plan = EncodingLadder.defaults().plan(probe(1244, 700), 2000, OPENH264);
    // 720 is taller than 700 and dropped; 540 is not within 10% of 700, so 700 is added.
    assertThat(plan.video())
        .extracting(VideoRendition::heightPx)
        .containsExactly(700, 540, 360, 240);
    LadderPlan close = EncodingLadder.defaults().plan(probe(1136, 640), 2000, OPENH264);
    assertThat(close.video())
        .extracting(VideoRendition::heightPx)
        .containsExactly(640, 540, 360, 240);
    LadderPlan within = EncodingLadder.defaults().plan(probe(1024, 576), 2000, OPENH264);
    // 540 >= 0.9 * 576 = 518.4: 540 counts as the source's rung.
    assertThat(within.video()).extracting(VideoRendition::heightPx).containsExactly(540, 360, 240);
  }

  @Test
  void plan_240pSource_atLeastTwoRenditions() throws Exception {
    LadderPlan plan = EncodingLadder.defaults().plan(probe(426, 240), 2000, OPENH264);
    assertThat(sizes(plan)).containsExactly("426x240@400", "284x160@178");
  }

  @Test
  void plan_2160pSource_tallestRungIsTheCeiling() throws Exception {
    LadderPlan plan = EncodingLadder.defaults().plan(probe(3840, 2160), 2000, OPENH264);
    assertThat(plan.video())
        .extracting(VideoRendition::heightPx)
        .containsExactly(1080, 720, 540, 360, 240);
  }

  @Test
  void plan_rotatedPortraitPhone_swapsWidthAndHeight() throws Exception {
    // 1920x1080 coded, displayed rotated by 90 degrees: 1080 wide, 1920 tall.
    LadderPlan plan =
        EncodingLadder.defaults()
            .plan(probe(1920, 1080, Rational.ONE, 90, new Rational(30, 1)), 2000, OPENH264);
    assertThat(sizes(plan).get(0)).isEqualTo("608x1080@6000");
    assertThat(sizes(plan).get(1)).isEqualTo("406x720@3500");
  }

  @Test
  void plan_anamorphicSar_outputsSquarePixels() throws Exception {
    // DVD PAL 16:9: 720x576 with SAR 64:45 displays as 1024x576.
    LadderPlan plan =
        EncodingLadder.defaults()
            .plan(probe(720, 576, new Rational(64, 45), 0, new Rational(25, 1)), 2000, OPENH264);
    assertThat(sizes(plan)).containsExactly("960x540@2000", "640x360@900", "426x240@400");
  }

  @Test
  void plan_audio_oneStereoAacPerSourceStreamWithLanguage() throws Exception {
    LadderPlan plan = EncodingLadder.defaults().plan(probe(1920, 1080), 2000, OPENH264);
    assertThat(plan.audio())
        .extracting(
            LadderPlan.AudioRendition::trackId,
            LadderPlan.AudioRendition::sourceStreamIndex,
            LadderPlan.AudioRendition::language,
            LadderPlan.AudioRendition::label,
            LadderPlan.AudioRendition::channels,
            LadderPlan.AudioRendition::bitrateBps)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a0", 1, "en", "English", 2, 128_000L),
            org.assertj.core.groups.Tuple.tuple("a1", 2, "fr", "French", 2, 128_000L),
            org.assertj.core.groups.Tuple.tuple("a2", 3, null, "Audio 3", 2, 128_000L));
  }

  @Test
  void gop_2997fps_isSixtyFramesAndKeyframesNeverLate() {
    GopPlan gop = GopPlan.of(new Rational(30000, 1001), 2000);
    assertThat(gop.gopFrames()).isEqualTo(60);
    assertThat(gop.gopDurationUs()).isEqualTo(2_002_000);
    assertThat(gop.forceKeyFramesArg()).isEqualTo("expr:gte(t,n_forced*2.002-0.016683)");
    assertThat(gop.minFragmentDurationUs()).isEqualTo(2_002_000 - 16_683);
    GopPlan pal = GopPlan.of(new Rational(25, 1), 2000);
    assertThat(pal.gopFrames()).isEqualTo(50);
    assertThat(pal.forceKeyFramesArg()).isEqualTo("expr:gte(t,n_forced*2-0.02)");
  }

  @Test
  void plan_libx264WithoutGplNatives_failsNamingTheProfile() {
    EncodingLadder d = EncodingLadder.defaults();
    EncodingLadder x264 =
        new EncodingLadder(
            d.rungs(), "libx264", 0.1, 2, d.audioBitrateBps(), 2, d.audioSampleRateHz());
    assertThatThrownBy(() -> x264.plan(probe(1920, 1080), 2000, OPENH264))
        .isInstanceOf(TranscodeException.class)
        .hasMessageContaining("-Pgpl");
  }

  @Test
  void load_unknownKey_failsWithBadLadder(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("ladder.yaml");
    Files.writeString(
        f,
        "rungs: [{heightPx: 720, maxBitrateBps: 3000000}]\nvideoEncoder: auto\n"
            + "sourceRungTolerance: 0.1\nminVideoRenditions: 2\naudioBitrateBps: 128000\n"
            + "audioChannels: 2\naudioSampleRateHz: 48000\nbogus: 1\n");
    assertThatThrownBy(() -> EncodingLadder.load(f))
        .isInstanceOf(TranscodeException.class)
        .hasMessageContaining("bogus");
  }
}
