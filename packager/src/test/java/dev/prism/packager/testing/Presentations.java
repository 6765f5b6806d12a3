package dev.prism.packager.testing;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackIndexReader;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Ready-made presentations over fixtures, streams and synthetic tracks. */
public final class Presentations {
  private Presentations() {}

  /** Indexes {@code bytes} as track {@code name}. */
  public static TrackIndex index(String name, byte[] bytes) {
    try {
      return TrackIndexReader.read(name, RangeReader.ofBytes(bytes), bytes.length);
    } catch (PackagingException e) {
      throw new AssertionError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PresentationTrack track(
      String id, @Nullable String language, @Nullable String label, TrackIndex index) {
    return new PresentationTrack(id, index.trackType(), language, label, index);
  }

  /** The committed bbb240 fixtures: two H.264 renditions and English AAC stereo. */
  public static Presentation bbb240() {
    return new Presentation(
        "bbb",
        "vfixture1",
        List.of(
            track(
                "video-240",
                null,
                null,
                index("video-240", Fixtures.bytes("bbb240/video-240.cmfv"))),
            track(
                "video-120",
                null,
                null,
                index("video-120", Fixtures.bytes("bbb240/video-120.cmfv"))),
            track(
                "audio-en",
                "en",
                "English",
                index("audio-en", Fixtures.bytes("bbb240/audio-en.cmfa")))));
  }

  /**
   * CTA WAVE croatia (GPAC; avc3, one frame per fragment; AAC), no sidx: the first 4 s of video
   * (the two segments committed) and all 9.92 s of audio.
   */
  public static Presentation croatia() {
    String dir = "cta-wave-croatia-1080p25-dash/";
    byte[] video =
        Fixtures.concatenated(dir + "video25fps", "init.mp4", List.of("0.m4s", "25600.m4s"));
    byte[] audio =
        Fixtures.concatenated(
            dir + "aac",
            "init.mp4",
            List.of("0.m4s", "93184.m4s", "188416.m4s", "283648.m4s", "378880.m4s"));
    return new Presentation(
        "croatia",
        "vwave1",
        List.of(
            track("video-1080", null, null, index("croatia/video25fps", video)),
            track("audio", null, null, index("croatia/aac", audio))));
  }

  /** Big Buck Bunny HEVC + AC-3 from livesim2, no sidx. */
  public static Presentation hevcAc3() {
    String dir = "bbb-hevc-ac3-8s-dash";
    byte[] video =
        Fixtures.concatenated(
            dir,
            "video_init.mp4",
            List.of("video_1.m4s", "video_2.m4s", "video_3.m4s", "video_4.m4s"));
    byte[] audio =
        Fixtures.concatenated(
            dir,
            "audio_init.mp4",
            List.of("audio_1.m4s", "audio_2.m4s", "audio_3.m4s", "audio_4.m4s"));
    return new Presentation(
        "bbb-hevc",
        "vlivesim1",
        List.of(
            track("video-360", null, null, index("bbb-hevc/video", video)),
            track("audio-ac3", "en", null, index("bbb-hevc/audio", audio))));
  }

  /**
   * Synthetic: two 29.97 fps renditions with 2.002 s GOPs over 20.02 s, English stereo and French
   * 5.1 AAC at 48 kHz in 94-frame fragments (2.0053 s).
   */
  public static Presentation synthetic2997() {
    List<PresentationTrack> tracks =
        List.of(
            track("v720", null, null, index("v720", ntsc(1280, 720, 0x1f, 60_000).bytes())),
            track("v360", null, null, index("v360", ntsc(640, 360, 0x1e, 25_000).bytes())),
            track("aac-en", null, "English", index("aac-en", aac("eng", 2, 12_000).bytes())),
            track("aac-fr", null, "Français 5.1", index("aac-fr", aac("fra", 6, 30_000).bytes())));
    return new Presentation("synthetic", "v2997", tracks);
  }

  private static SyntheticTrack ntsc(int width, int height, int level, int fragmentBytes) {
    return SyntheticTrack.video()
        .timescale(30_000)
        .size(width, height)
        .avc(0x64, 0x00, level)
        .fragments(10, 60, 1001, fragmentBytes);
  }

  private static SyntheticTrack aac(String language, int channels, int fragmentBytes) {
    // 20.02 s of AAC at 48 kHz = 938.4 frames: 9 fragments of 94 frames and one of 92.
    return SyntheticTrack.audio()
        .language(language)
        .channels(channels)
        .sampleRate(48_000)
        .timescale(48_000)
        .sidx(false)
        .fragments(9, 94, 1024, fragmentBytes)
        .fragment(92, 1024, fragmentBytes);
  }

  /** Audio only: the fixture's AAC track, as a radio-style asset. */
  public static Presentation audioOnly() {
    return new Presentation(
        "radio",
        "vaudio1",
        List.of(
            track(
                "audio-en",
                "eng",
                null,
                index("audio-en", Fixtures.bytes("bbb240/audio-en.cmfa")))));
  }

  /**
   * Two aligned video renditions in different timescales (90 kHz and 12 288 Hz, 2 s fragments): the
   * MPD must give each Representation its own SegmentTemplate.
   */
  public static Presentation mixedTimescales() {
    SyntheticTrack a =
        SyntheticTrack.video().timescale(90_000).size(1280, 720).fragments(7, 48, 3750, 40_000);
    SyntheticTrack b =
        SyntheticTrack.video().timescale(12_288).size(640, 360).fragments(7, 48, 512, 15_000);
    SyntheticTrack audio = SyntheticTrack.audio().fragments(7, 94, 1024, 8_000);
    return new Presentation(
        "mixed",
        "v90k",
        List.of(
            track("v720-90k", null, null, index("v720-90k", a.bytes())),
            track("v360-12k", null, null, index("v360-12k", b.bytes())),
            track("aac", "de", "Deutsch", index("aac", audio.bytes()))));
  }

  /** The misc fixtures: 29.97 fps H.264 (flower) and AAC 5.1 (bbb 480p soundtrack). */
  public static Presentation misc() {
    return new Presentation(
        "misc",
        "vmisc1",
        List.of(
            track(
                "flower",
                null,
                null,
                index("misc/flower-2997", Fixtures.bytes("misc/flower-2997.cmfv"))),
            track("bbb-51", null, null, index("misc/bbb-51", Fixtures.bytes("misc/bbb-51.cmfa")))));
  }
}
