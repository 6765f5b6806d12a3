package dev.prism.packager.cmaf;

import dev.prism.packager.Checks;

/**
 * Where one CMAF fragment ({@code moof}+{@code mdat}, possibly preceded by {@code styp}/{@code
 * emsg}) sits in its track file, and when it plays.
 *
 * @param offsetBytes offset of the fragment's first box from the start of the file
 * @param sizeBytes total size of the fragment's boxes
 * @param baseMediaDecodeTimeTicks {@code tfdt} of the fragment (ISO/IEC 14496-12 §8.8.12), in the
 *     track timescale
 * @param durationTicks sum of the fragment's sample durations, in the track timescale
 * @param startsWithSyncSample whether the first sample is a sync sample (SAP type 1 or 2)
 */
public record FragmentRef(
    long offsetBytes,
    long sizeBytes,
    long baseMediaDecodeTimeTicks,
    long durationTicks,
    boolean startsWithSyncSample) {

  public FragmentRef {
    Checks.argument(offsetBytes >= 0, "offsetBytes < 0: %s", offsetBytes);
    Checks.argument(sizeBytes > 0, "sizeBytes <= 0: %s", sizeBytes);
    Checks.argument(
        baseMediaDecodeTimeTicks >= 0,
        "baseMediaDecodeTimeTicks < 0: %s",
        baseMediaDecodeTimeTicks);
    Checks.argument(durationTicks > 0, "durationTicks <= 0: %s", durationTicks);
  }

  /** Decode time just after the fragment's last sample, in the track timescale. */
  public long endTicks() {
    return baseMediaDecodeTimeTicks + durationTicks;
  }

  /** The fragment's bytes in the track file. */
  public ByteRange byteRange() {
    return new ByteRange(offsetBytes, sizeBytes);
  }
}
