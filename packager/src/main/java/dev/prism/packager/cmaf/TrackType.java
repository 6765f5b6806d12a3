package dev.prism.packager.cmaf;

import java.util.Locale;

/**
 * What a track carries, from its {@code hdlr} handler type (ISO/IEC 14496-12 §8.4.3): {@code vide},
 * {@code soun}, {@code text}/{@code subt}. Also the {@code type} of a ladder.json track.
 */
public enum TrackType {
  VIDEO,
  AUDIO,
  TEXT;

  /**
   * The lower-case word used in ladder.json, DASH {@code @contentType} and HLS: "video", "audio".
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the ladder.json word.
   *
   * @throws IllegalArgumentException for anything but video, audio, text
   */
  public static TrackType ofWireName(String name) {
    for (TrackType t : values()) {
      if (t.wireName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown track type: " + name);
  }
}
