package dev.prism.packager.cmaf;

import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.mp4parser.Box;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.boxes.iso14496.part12.SampleFlags;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;
import org.mp4parser.tools.ByteBufferByteChannel;

/** Timing of one {@code moof} (ISO/IEC 14496-12 §8.8), through mp4parser. */
final class MoofParser {
  /** Boxes of a moof that hold boxes (ISO/IEC 14496-12 §8.8). */
  private static final java.util.Set<String> CONTAINERS = java.util.Set.of("moof", "traf");

  private MoofParser() {}

  /**
   * @param baseMediaDecodeTimeTicks {@code tfdt}
   * @param durationTicks sum of the sample durations of every {@code trun}
   * @param sampleCount samples in the fragment
   * @param startsWithSyncSample the first sample's {@code sample_is_non_sync_sample} is 0
   */
  record MoofTiming(
      long baseMediaDecodeTimeTicks,
      long durationTicks,
      long sampleCount,
      boolean startsWithSyncSample) {}

  /**
   * @param moof the whole moof box, header included
   * @param offsetBytes its offset in the track file, for errors
   */
  static MoofTiming parse(
      String trackName,
      ByteBuffer moof,
      long offsetBytes,
      long trexDefaultSampleDurationTicks,
      int trexDefaultSampleFlags)
      throws PackagingException {
    BoxHeader.checkTree(trackName, moof.slice(), offsetBytes, CONTAINERS);
    try (IsoFile iso = new IsoFile(new ByteBufferByteChannel(moof.slice()))) {
      @Nullable Box box = iso.getBoxes().isEmpty() ? null : iso.getBoxes().get(0);
      if (!(box instanceof MovieFragmentBox)) {
        throw MalformedMediaException.atBox(trackName, "moof", offsetBytes, "not a moof");
      }
      List<TrackFragmentBox> trafs = ((MovieFragmentBox) box).getBoxes(TrackFragmentBox.class);
      if (trafs.size() != 1) {
        throw UnsupportedMediaException.atBox(
            trackName, "moof", offsetBytes, trafs.size() + " 'traf' boxes; CMAF has exactly one");
      }
      TrackFragmentBox traf = trafs.get(0);
      List<TrackFragmentHeaderBox> tfhds = traf.getBoxes(TrackFragmentHeaderBox.class);
      List<TrackFragmentBaseMediaDecodeTimeBox> tfdts =
          traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class);
      if (tfhds.isEmpty()) {
        throw MalformedMediaException.atBox(
            trackName, "moof", offsetBytes, "'traf' without 'tfhd'");
      }
      if (tfdts.isEmpty()) {
        // CMAF §7.5.16: every CMAF fragment carries a tfdt.
        throw MalformedMediaException.atBox(
            trackName, "moof", offsetBytes, "'traf' without 'tfdt' (required by CMAF)");
      }
      TrackFragmentHeaderBox tfhd = tfhds.get(0);
      long defaultDuration =
          tfhd.hasDefaultSampleDuration()
              ? tfhd.getDefaultSampleDuration()
              : trexDefaultSampleDurationTicks;
      boolean defaultSync =
          tfhd.hasDefaultSampleFlags()
              ? !tfhd.getDefaultSampleFlags().isSampleIsDifferenceSample()
              : (trexDefaultSampleFlags & 0x10000) == 0;
      long duration = 0;
      long count = 0;
      @Nullable Boolean firstSync = null;
      for (TrackRunBox trun : traf.getBoxes(TrackRunBox.class)) {
        List<TrackRunBox.Entry> entries = trun.getEntries();
        for (int i = 0; i < entries.size(); i++) {
          TrackRunBox.Entry e = entries.get(i);
          duration += trun.isSampleDurationPresent() ? e.getSampleDuration() : defaultDuration;
          if (firstSync == null) {
            if (trun.isFirstSampleFlagsPresent()) {
              firstSync = isSync(trun.getFirstSampleFlags());
            } else if (trun.isSampleFlagsPresent()) {
              firstSync = isSync(e.getSampleFlags());
            } else {
              firstSync = defaultSync;
            }
          }
        }
        count += entries.size();
      }
      if (count == 0 || duration <= 0) {
        throw MalformedMediaException.atBox(
            trackName, "moof", offsetBytes, "fragment with no samples or zero duration");
      }
      return new MoofTiming(
          tfdts.get(0).getBaseMediaDecodeTime(), duration, count, Boolean.TRUE.equals(firstSync));
    } catch (IOException | RuntimeException | AssertionError e) {
      throw MalformedMediaException.wrapping(trackName, "moof", offsetBytes, e);
    }
  }

  private static boolean isSync(SampleFlags flags) {
    return !flags.isSampleIsDifferenceSample();
  }
}
