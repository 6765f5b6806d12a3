package dev.prism.packager.cmaf;

import dev.prism.packager.Checks;

/**
 * Sound properties of an audio track.
 *
 * @param channelCount output channels (6 for 5.1); from the codec configuration when it says (AAC
 *     channelConfiguration, AC-3 acmod+lfeon, Opus OutputChannelCount), else the sample entry
 * @param sampleRateHz output sampling rate, from the codec configuration or the sample entry
 */
public record AudioFormat(int channelCount, int sampleRateHz) {

  public AudioFormat {
    Checks.argument(channelCount > 0, "channelCount <= 0: %s", channelCount);
    Checks.argument(sampleRateHz > 0, "sampleRateHz <= 0: %s", sampleRateHz);
  }
}
