package dev.prism.packager.presentation;

import dev.prism.packager.Checks;
import dev.prism.packager.MissingResourceException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.packager.segment.Segmenter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One version of one asset, as both manifest writers see it. Track order is the ladder's order and
 * is kept in manifests.
 *
 * @param assetId the asset id of the URLs
 * @param version the content version id (immutable URLs embed it)
 * @param tracks every packaged track; at least one, ids unique
 */
public record Presentation(String assetId, String version, List<PresentationTrack> tracks) {

  public Presentation {
    tracks = List.copyOf(tracks);
    Checks.argument(ResourceNaming.isValidId(assetId), "invalid assetId '%s'", assetId);
    Checks.argument(ResourceNaming.isValidId(version), "invalid version '%s'", version);
    Checks.argument(!tracks.isEmpty(), "presentation %s/%s has no tracks", assetId, version);
    Set<String> ids = new HashSet<>();
    for (PresentationTrack t : tracks) {
      Checks.argument(ids.add(t.trackId()), "duplicate track id %s", t.trackId());
    }
  }

  /**
   * The track with id {@code trackId}.
   *
   * @throws MissingResourceException when there is none
   */
  public PresentationTrack track(String trackId) throws MissingResourceException {
    for (PresentationTrack t : tracks) {
      if (t.trackId().equals(trackId)) {
        return t;
      }
    }
    throw new MissingResourceException(
        "asset " + assetId + " version " + version + " has no track " + trackId);
  }

  /** The tracks of one type, in ladder order. */
  public List<PresentationTrack> tracksOf(TrackType type) {
    List<PresentationTrack> out = new ArrayList<>();
    for (PresentationTrack t : tracks) {
      if (t.type() == type) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The tracks grouped into switching sets (DASH adaptation sets, HLS rendition groups): same type,
   * same announced language, same codec family (the codecs string up to its first dot). Groups and
   * the tracks in them keep ladder order.
   */
  public List<List<PresentationTrack>> switchingSets() {
    Map<String, List<PresentationTrack>> sets = new LinkedHashMap<>();
    for (PresentationTrack t : tracks) {
      String codecs = t.index().codecs();
      int dot = codecs.indexOf('.');
      String family = dot < 0 ? codecs : codecs.substring(0, dot);
      String key = t.type() + "|" + Objects.toString(t.effectiveLanguage(), "") + "|" + family;
      sets.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
    }
    List<List<PresentationTrack>> out = new ArrayList<>();
    for (List<PresentationTrack> set : sets.values()) {
      out.add(List.copyOf(set));
    }
    return List.copyOf(out);
  }

  /**
   * Segments every track at {@code segMs} and checks that each switching set is aligned, and that
   * all video tracks are (so video segment <i>k</i> is the same instant in every rendition).
   *
   * @return track id → plan, in ladder order
   * @throws PackagingException MisalignedTracksException naming the tracks and the first differing
   *     time; MalformedMediaException when a video segment would not start with a sync sample
   */
  public Map<String, SegmentPlan> plan(long segMs) throws PackagingException {
    Map<String, SegmentPlan> plans = new LinkedHashMap<>();
    for (PresentationTrack t : tracks) {
      plans.put(t.trackId(), Segmenter.plan(t.index(), segMs));
    }
    List<SegmentPlan> video = new ArrayList<>();
    for (PresentationTrack t : tracksOf(TrackType.VIDEO)) {
      video.add(plans.get(t.trackId()));
    }
    Segmenter.checkAligned(video);
    for (List<PresentationTrack> set : switchingSets()) {
      List<SegmentPlan> setPlans = new ArrayList<>();
      for (PresentationTrack t : set) {
        setPlans.add(plans.get(t.trackId()));
      }
      Segmenter.checkAligned(setPlans);
    }
    return java.util.Collections.unmodifiableMap(plans);
  }
}
