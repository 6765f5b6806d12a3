package dev.prism.transcoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks the encoded track files before anything is uploaded (issue 4, step 4). */
final class OutputValidator {

  private OutputValidator() {}

  /** What validation learned about one track file. */
  record ValidatedTrack(
      String trackId, String file, String codecs, long durationMs, int fragments) {}

  static List<ValidatedTrack> validate(Path dir, LadderPlan plan, MediaProbe probe)
      throws TranscodeException {
    List<ValidatedTrack> out = new ArrayList<>();
    for (LadderPlan.VideoRendition v : plan.video()) {
      out.add(layout(dir, v.trackId(), v.fileName()));
    }
    for (LadderPlan.AudioRendition a : plan.audio()) {
      out.add(layout(dir, a.trackId(), a.fileName()));
    }
    return out;
  }

  private static ValidatedTrack layout(Path dir, String trackId, String file)
      throws TranscodeException {
    try {
      TrackFileLayout layout = TrackFileLayout.read(dir.resolve(file));
      if (!layout.sidxAtHead()) {
        throw new TranscodeException(
            TranscodeException.Reason.INVALID_OUTPUT,
            file + ": expected ftyp, moov, sidx before the first moof, found " + layout.boxTypes());
      }
      return new ValidatedTrack(trackId, file, "", 0, (int) layout.fragmentCount());
    } catch (IOException e) {
      throw new TranscodeException(
          TranscodeException.Reason.INVALID_OUTPUT, file + ": " + e.getMessage(), e);
    }
  }
}
