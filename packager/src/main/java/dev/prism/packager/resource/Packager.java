package dev.prism.packager.resource;

import dev.prism.packager.MissingResourceException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.dash.MpdWriter;
import dev.prism.packager.hls.MediaPlaylistWriter;
import dev.prism.packager.hls.MultivariantPlaylistWriter;
import dev.prism.packager.naming.InitSegmentRequest;
import dev.prism.packager.naming.MediaPlaylistRequest;
import dev.prism.packager.naming.MediaSegmentRequest;
import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.MediaSegment;
import dev.prism.packager.segment.SegmentBytes;
import dev.prism.packager.segment.SegmentPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The just-in-time packager: answers one {@link PackagingRequest} from a loaded version ({@link
 * PackagingSource}). Synchronous and deterministic: the same request over the same source gives the
 * same bytes (golden manifests depend on it). Blocking only in the source's reads; thread-safe.
 *
 * <p>One arm per request kind in {@link #resource}; a new output kind adds its request record, its
 * writer and one arm here (see {@code docs/ARCHITECTURE.md}).
 */
public final class Packager {
  private final long entrySegmentDurationMs;

  /**
   * @param entrySegmentDurationMs the segment grid the entry manifests (multivariant playlist, MPD)
   *     announce, in milliseconds; versioned URLs carry their own
   */
  public Packager(long entrySegmentDurationMs) {
    if (entrySegmentDurationMs <= 0) {
      throw new IllegalArgumentException("entrySegmentDurationMs <= 0: " + entrySegmentDurationMs);
    }
    this.entrySegmentDurationMs = entrySegmentDurationMs;
  }

  /** The segment grid of the entry manifests, in milliseconds. */
  public long entrySegmentDurationMs() {
    return entrySegmentDurationMs;
  }

  /**
   * Whether {@link #resource} answers {@code request}'s form: the clear, untiered kinds with an arm
   * below. Every other form the URL grammar recognises (a tier, a packaging configuration, I-frame
   * playlists, text segments, thumbnails, keys) is not served yet, so the origin answers 404
   * without touching the store. A new output kind adds itself here with its arm.
   */
  public static boolean serves(PackagingRequest request) {
    if (request.tier() != null || request.packagingConfig() != null) {
      return false;
    }
    return request instanceof MultivariantPlaylistRequest
        || request instanceof MpdRequest
        || request instanceof MediaPlaylistRequest
        || request instanceof InitSegmentRequest
        || request instanceof MediaSegmentRequest;
  }

  /**
   * The resource {@code request} names, from {@code source}'s version.
   *
   * <ul>
   *   <li>multivariant playlist (RFC 8216 §4.3.4), MPD (ISO/IEC 23009-1 §5.3), media playlist (RFC
   *       8216 §4.3.3), init segment ({@code ftyp}+{@code moov}, ISO/IEC 23000-19 §7.3.1): {@link
   *       PackagedResource.Bytes};
   *   <li>media segment: {@link PackagedResource.TrackRegions} of the stored track file.
   * </ul>
   *
   * @param request a parsed request; its version, when it has one, is {@code source}'s
   * @param source the loaded version
   * @throws PackagingException MissingResourceException (an unknown track, a segment past the end,
   *     a kind not served); MisalignedTracksException, MalformedMediaException or
   *     UnsupportedMediaException when the stored content cannot be packaged
   * @throws IOException when a read of the source fails
   */
  public PackagedResource resource(PackagingRequest request, PackagingSource source)
      throws PackagingException, IOException {
    if (!serves(request)) {
      throw new MissingResourceException("not served: " + ResourceNaming.path(request));
    }
    Presentation p = source.presentation();
    if (request instanceof MultivariantPlaylistRequest) {
      long segMs = entrySegmentDurationMs;
      return text(
          MultivariantPlaylistWriter.write(p, source.plans(segMs), segMs), ContentTypes.HLS);
    } else if (request instanceof MpdRequest) {
      long segMs = entrySegmentDurationMs;
      return text(MpdWriter.write(p, source.plans(segMs), segMs), ContentTypes.DASH);
    } else if (request instanceof MediaPlaylistRequest r) {
      SegmentPlan plan = plan(source, p.track(r.trackId()), r.segMs());
      return text(MediaPlaylistWriter.write(r.trackId(), plan), ContentTypes.HLS);
    } else if (request instanceof InitSegmentRequest r) {
      PresentationTrack track = p.track(r.trackId());
      ByteBuffer bytes = SegmentBytes.initSegment(track.index(), source.reader(track));
      return new PackagedResource.Bytes(
          toArray(bytes), ContentTypes.ofSegments(track.type()), identity(p, r.trackId(), "init"));
    } else if (request instanceof MediaSegmentRequest r) {
      PresentationTrack track = p.track(r.trackId());
      MediaSegment segment = plan(source, track, r.segMs()).segment(r.segmentNumber());
      return new PackagedResource.TrackRegions(
          r.trackId(),
          segment.ranges(),
          segment.sizeBytes(),
          ContentTypes.ofSegments(track.type()),
          identity(p, r.trackId(), Long.toString(r.segMs()), Long.toString(r.segmentNumber())));
    }
    throw new AssertionError("serves() admitted an unhandled kind: " + request);
  }

  private static SegmentPlan plan(PackagingSource source, PresentationTrack track, long segMs)
      throws PackagingException {
    Map<String, SegmentPlan> plans = source.plans(segMs);
    SegmentPlan plan = plans.get(track.trackId());
    if (plan == null) {
      throw new MissingResourceException("no plan for track " + track.trackId());
    }
    return plan;
  }

  private static PackagedResource.Bytes text(String text, String contentType) {
    return new PackagedResource.Bytes(
        text.getBytes(StandardCharsets.UTF_8), contentType, /* identity= */ null);
  }

  /** {@code {assetId}/{version}/{trackId}/{parts...}}: the version is a content hash. */
  private static String identity(Presentation p, String trackId, String... parts) {
    return p.assetId() + "/" + p.version() + "/" + trackId + "/" + String.join("/", parts);
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
