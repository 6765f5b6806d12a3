package dev.prism.transcoder;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.FragmentRef;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.Timescale;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackIndexReader;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.packager.segment.Segmenter;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the encoded track files with the packager's own index before anything is uploaded, so the
 * origin can never be handed a version it cannot serve:
 *
 * <ul>
 *   <li>every file indexes ({@link TrackIndexReader}) as one track of the planned type, with an
 *       H.264 or AAC-LC codec string, and has {@code ftyp}, {@code moov}, {@code sidx} at its head;
 *   <li>every video fragment starts with a sync sample, and the video fragment boundaries are
 *       identical across renditions (docs/ARCHITECTURE.md: video segments are identical across
 *       renditions); the packager's {@link Segmenter#checkAligned} agrees at the fragment grid;
 *   <li>each video track's duration matches the source video's within one frame, and each audio
 *       track's the source audio's within one AAC frame plus one video frame.
 * </ul>
 */
final class OutputValidator {

  private OutputValidator() {}

  /** What validation learned about one track file. */
  record ValidatedTrack(
      String trackId, String file, String codecs, long durationMs, int fragments) {}

  /**
   * Validates every planned track file in {@code dir}.
   *
   * @throws TranscodeException {@link TranscodeException.Reason#INVALID_OUTPUT} naming the track
   *     and the rule it breaks
   */
  static List<ValidatedTrack> validate(Path dir, LadderPlan plan, MediaProbe probe)
      throws TranscodeException {
    List<ValidatedTrack> out = new ArrayList<>();
    List<TrackIndex> videos = new ArrayList<>();
    long frameUs = probe.video().frameDurationUs();
    for (LadderPlan.VideoRendition v : plan.video()) {
      TrackIndex index = index(dir.resolve(v.fileName()), TrackType.VIDEO);
      requireCodec(index, "avc1.");
      for (int i = 0; i < index.fragments().size(); i++) {
        if (!index.fragments().get(i).startsWithSyncSample()) {
          throw invalid(v.fileName() + ": fragment " + i + " does not start with a sync sample");
        }
      }
      requireDuration(v.fileName(), index, probe.video().durationUs(), frameUs);
      if (!videos.isEmpty()) {
        requireSameBoundaries(videos.get(0), index);
      }
      videos.add(index);
      out.add(validated(v.trackId(), v.fileName(), index));
    }
    try {
      List<SegmentPlan> plans = new ArrayList<>();
      for (TrackIndex t : videos) {
        plans.add(Segmenter.plan(t, Math.max(1, plan.gop().gopDurationUs() / 1000)));
      }
      Segmenter.checkAligned(plans);
    } catch (PackagingException e) {
      throw new TranscodeException(
          TranscodeException.Reason.INVALID_OUTPUT, String.valueOf(e.getMessage()), e);
    }
    for (LadderPlan.AudioRendition a : plan.audio()) {
      TrackIndex index = index(dir.resolve(a.fileName()), TrackType.AUDIO);
      requireCodec(index, "mp4a.40.2");
      long sourceUs = probe.video().durationUs();
      for (MediaProbe.AudioStream s : probe.audio()) {
        if (s.index() == a.sourceStreamIndex()) {
          sourceUs = s.durationUs();
        }
      }
      long aacFrameUs = 1024L * 1_000_000 / a.sampleRateHz();
      requireDuration(a.fileName(), index, sourceUs, aacFrameUs + frameUs);
      out.add(validated(a.trackId(), a.fileName(), index));
    }
    return out;
  }

  /** Indexes one local track file with the packager and checks its head layout and type. */
  static TrackIndex index(Path file, TrackType expected) throws TranscodeException {
    String name = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      TrackFileLayout layout = TrackFileLayout.read(file);
      if (!layout.sidxAtHead()) {
        throw invalid(
            name + ": expected ftyp, moov, sidx before the first moof: " + layout.boxTypes());
      }
      RangeReader reader =
          (offset, length) -> {
            ByteBuffer buf =
                ByteBuffer.allocate((int) Math.min(length, Math.max(0, ch.size() - offset)));
            while (buf.hasRemaining()) {
              if (ch.read(buf, offset + buf.position()) < 0) {
                break;
              }
            }
            return buf.flip();
          };
      TrackIndex index = TrackIndexReader.read(name, reader, ch.size());
      if (index.trackType() != expected) {
        throw invalid(name + ": expected a " + expected + " track, found " + index.trackType());
      }
      return index;
    } catch (PackagingException e) {
      throw new TranscodeException(
          TranscodeException.Reason.INVALID_OUTPUT, "packager cannot index " + e.getMessage(), e);
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.INVALID_OUTPUT, name + ": " + e.getMessage(), e);
    }
  }

  private static void requireCodec(TrackIndex index, String prefix) throws TranscodeException {
    if (!index.codecs().startsWith(prefix)) {
      throw invalid(
          index.trackName() + ": codecs " + index.codecs() + ", expected " + prefix + "…");
    }
  }

  private static void requireDuration(
      String name, TrackIndex index, long sourceUs, long toleranceUs) throws TranscodeException {
    long us = durationUs(index);
    if (sourceUs > 0 && Math.abs(us - sourceUs) > toleranceUs) {
      throw invalid(
          String.format(
              Locale.ROOT,
              "%s: duration %d us differs from the source's %d us by more than %d us",
              name,
              us,
              sourceUs,
              toleranceUs));
    }
  }

  private static void requireSameBoundaries(TrackIndex a, TrackIndex b) throws TranscodeException {
    List<FragmentRef> fa = a.fragments();
    List<FragmentRef> fb = b.fragments();
    if (fa.size() != fb.size()) {
      throw invalid(
          b.trackName() + " has " + fb.size() + " fragments, " + a.trackName() + " " + fa.size());
    }
    long ta = a.timescale().ticksPerSecond();
    long tb = b.timescale().ticksPerSecond();
    for (int i = 0; i < fa.size(); i++) {
      // Exact comparison across timescales: start_a / ta == start_b / tb.
      if (fa.get(i).baseMediaDecodeTimeTicks() * tb != fb.get(i).baseMediaDecodeTimeTicks() * ta
          || fa.get(i).endTicks() * tb != fb.get(i).endTicks() * ta) {
        throw invalid(
            String.format(
                Locale.ROOT,
                "fragment %d of %s [%d+%d @%d] is not aligned with %s [%d+%d @%d]",
                i,
                b.trackName(),
                fb.get(i).baseMediaDecodeTimeTicks(),
                fb.get(i).durationTicks(),
                tb,
                a.trackName(),
                fa.get(i).baseMediaDecodeTimeTicks(),
                fa.get(i).durationTicks(),
                ta));
      }
    }
  }

  static long durationUs(TrackIndex index) {
    return index.timescale().rescale(index.durationTicks(), Timescale.MICROS, RoundingMode.HALF_UP);
  }

  private static ValidatedTrack validated(String trackId, String file, TrackIndex index) {
    return new ValidatedTrack(
        trackId, file, index.codecs(), durationUs(index) / 1000, index.fragments().size());
  }

  private static TranscodeException invalid(String message) {
    return new TranscodeException(TranscodeException.Reason.INVALID_OUTPUT, message);
  }
}
