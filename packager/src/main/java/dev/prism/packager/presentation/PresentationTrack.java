package dev.prism.packager.presentation;

import dev.prism.packager.Checks;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.naming.ResourceNaming;
import org.jspecify.annotations.Nullable;

/**
 * One track of a presentation: the ladder's metadata for it plus its index.
 *
 * @param trackId the ladder.json id, used in URLs and as DASH {@code Representation@id}
 * @param type the ladder.json type; must equal what the media says ({@code index.trackType()})
 * @param language the ladder.json language (any BCP 47 or ISO 639 code), or null to use the track's
 *     {@code mdhd} language
 * @param label the ladder.json label (HLS {@code NAME}, DASH {@code Label}), or null
 * @param index the track file's index
 */
public record PresentationTrack(
    String trackId,
    TrackType type,
    @Nullable String language,
    @Nullable String label,
    TrackIndex index) {

  public PresentationTrack {
    Checks.argument(
        ResourceNaming.isValidId(trackId),
        "invalid trackId '%s' (%s)",
        trackId,
        ResourceNaming.ID_REGEX);
    Checks.argument(
        type == index.trackType(),
        "track %s: ladder says %s but %s carries %s",
        trackId,
        type,
        index.trackName(),
        index.trackType());
  }

  /**
   * The language to announce (RFC 5646, shortest form: {@code en}, {@code pt-BR}), from the ladder
   * or else the {@code mdhd}; null when unknown ({@code und}).
   */
  public @Nullable String effectiveLanguage() {
    return Languages.toBcp47(language != null ? language : index.language());
  }
}
