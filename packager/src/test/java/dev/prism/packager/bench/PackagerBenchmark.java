package dev.prism.packager.bench;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackIndexReader;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.dash.MpdWriter;
import dev.prism.packager.hls.MediaPlaylistWriter;
import dev.prism.packager.hls.MultivariantPlaylistWriter;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.testing.SyntheticTrack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 2-hour asset with 5 video renditions (1080p to 234p, 2 s GOPs at 90 kHz) and one AAC track (48
 * kHz, 94-frame fragments), each track file with a 3600-entry sidx at its head: index it from the
 * heads alone, then write its manifests at 6 s segments. Issue 3's target: under 5 ms per manifest.
 * Sample time mode, so JMH reports the median (p0.50).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PackagerBenchmark {
  static final long SEG_MS = 6000;
  static final int FRAGMENTS = 3600;
  static final int[][] LADDER = {
    {1920, 1080, 5_000_000},
    {1280, 720, 3_000_000},
    {854, 480, 1_500_000},
    {640, 360, 800_000},
    {416, 234, 400_000}
  };

  private final List<String> names = new ArrayList<>();
  private final List<byte[]> heads = new ArrayList<>();
  private final List<Long> sizes = new ArrayList<>();
  private Presentation presentation;

  @Setup
  public void setUp() throws Exception {
    for (int[] rung : LADDER) {
      SyntheticTrack t =
          SyntheticTrack.video()
              .timescale(90_000)
              .size(rung[0], rung[1])
              .avc(0x64, 0, 0x28)
              .fragments(FRAGMENTS, 48, 3750, rung[2] / 4);
      add("video-" + rung[1], t);
    }
    // 2 h = 345 600 000 ticks at 48 kHz = 3590 fragments of 94 AAC frames + one of 40.
    SyntheticTrack audio =
        SyntheticTrack.audio().fragments(3590, 94, 1024, 32_000).fragment(40, 1024, 14_000);
    add("audio-en", audio);
    presentation = new Presentation("bench", "v1", tracks(indexAll()));
  }

  private void add(String name, SyntheticTrack track) {
    names.add(name);
    heads.add(track.head());
    sizes.add(track.sizeBytes());
  }

  private List<TrackIndex> indexAll() throws PackagingException, IOException {
    List<TrackIndex> out = new ArrayList<>();
    for (int i = 0; i < heads.size(); i++) {
      RangeReader file = SyntheticTrack.virtualFile(heads.get(i), sizes.get(i));
      out.add(TrackIndexReader.read(names.get(i), file, sizes.get(i)));
    }
    return out;
  }

  private List<PresentationTrack> tracks(List<TrackIndex> indexes) {
    List<PresentationTrack> out = new ArrayList<>();
    for (int i = 0; i < indexes.size(); i++) {
      TrackIndex index = indexes.get(i);
      out.add(
          new PresentationTrack(
              names.get(i),
              index.trackType(),
              index.trackType() == TrackType.AUDIO ? "en" : null,
              null,
              index));
    }
    return out;
  }

  /** All six track indexes from their sidx heads (one 64 KiB read each). */
  @Benchmark
  public List<TrackIndex> indexAsset() throws Exception {
    return indexAll();
  }

  /** The 1080p media playlist: segmentation of 3600 fragments plus 1200 EXTINF lines. */
  @Benchmark
  public String hlsMediaPlaylist() throws Exception {
    return MediaPlaylistWriter.write(presentation, "video-1080", SEG_MS);
  }

  /** The MPD: segmentation and alignment check of all six tracks, then the timelines. */
  @Benchmark
  public String mpd() throws Exception {
    return MpdWriter.write(presentation, SEG_MS);
  }

  /** The multivariant playlist: needs every track's peak and average bit rate. */
  @Benchmark
  public String hlsMultivariantPlaylist() throws Exception {
    return MultivariantPlaylistWriter.write(presentation, SEG_MS);
  }
}
