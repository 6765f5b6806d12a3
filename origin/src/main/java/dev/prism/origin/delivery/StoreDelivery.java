package dev.prism.origin.delivery;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.prism.cache.CacheSettings;
import dev.prism.cache.PrismCaches;
import dev.prism.cache.SingleFlightCache;
import dev.prism.origin.OriginSettings;
import dev.prism.origin.http.ETags;
import dev.prism.origin.http.Resource;
import dev.prism.origin.metrics.OriginMetrics;
import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.MissingResourceException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.ByteRange;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackIndexReader;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.dash.MpdWriter;
import dev.prism.packager.hls.MediaPlaylistWriter;
import dev.prism.packager.hls.MultivariantPlaylistWriter;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.segment.MediaSegment;
import dev.prism.packager.segment.SegmentBytes;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStoreException;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.ContractJson;
import dev.prism.store.contract.LadderRecord;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * {@link Delivery} over a {@link BlobStore}, with the packager and the caches of issue 5:
 *
 * <ul>
 *   <li>{@code asset.json} is cached for the manifest TTL, so a republish shows within it; an entry
 *       manifest is cached per (asset, current version), so it changes as soon as the record does;
 *   <li>a {@link Presentation} (ladder + one {@link TrackIndex} per track) is built once per
 *       (asset, version) on the packaging executor and kept until evicted by count;
 *   <li>segment plans, media playlists and init segments are immutable and kept by count;
 *   <li>a media segment of a store with local files is a {@link Resource.FileRegion} (zero copy);
 *       from a remote store its bytes are read once (single-flight) and kept in the byte-weighted
 *       segment cache.
 * </ul>
 */
public final class StoreDelivery implements Delivery {
  static final String HLS_TYPE = "application/vnd.apple.mpegurl";
  static final String DASH_TYPE = "application/dash+xml";
  static final String VIDEO_MP4 = "video/mp4";
  static final String AUDIO_MP4 = "audio/mp4";

  private final BlobStore store;
  private final OriginSettings settings;
  private final Executor packagingExecutor;
  private final OriginMetrics metrics;
  private final String manifestCacheControl;

  private final SingleFlightCache<String, AssetRecord> assets;
  private final SingleFlightCache<ManifestKey, Resource> manifests;
  private final SingleFlightCache<VersionKey, Loaded> presentations;
  private final SingleFlightCache<Object, Object> immutables;
  private final SingleFlightCache<SegmentKey, Resource> segments;

  /** Entry manifest kinds. */
  enum Kind {
    HLS,
    DASH
  }

  record VersionKey(String assetId, String version) {}

  /**
   * A loaded version: its presentation, and for a store with local files each track file opened
   * once (segments are sent from it with zero copy, without an open per request).
   *
   * @param presentation the ladder with one index per track
   * @param files track id → the open track file; empty for remote stores
   */
  record Loaded(Presentation presentation, Map<String, LocalFile> files) {
    void close() {
      files.values().forEach(LocalFile::close);
    }
  }

  /** An open track file of a folder store. */
  record LocalFile(Path path, FileChannel channel) {
    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do: the descriptor is released either way
      }
    }
  }

  record ManifestKey(String assetId, String version, Kind kind) {}

  record PlanKey(VersionKey version, long segMs) {}

  record PlaylistKey(VersionKey version, String trackId, long segMs) {}

  record InitKey(VersionKey version, String trackId) {}

  record SegmentKey(VersionKey version, String trackId, long segMs, long number) {}

  /**
   * @param store the asset store
   * @param settings cache sizes, TTL, segment grid, compression
   * @param packagingExecutor where index reads and manifest writing run (never an event loop)
   * @param metrics where packaging times go
   */
  public StoreDelivery(
      BlobStore store, OriginSettings settings, Executor packagingExecutor, OriginMetrics metrics) {
    this(store, settings, packagingExecutor, metrics, Ticker.systemTicker());
  }

  StoreDelivery(
      BlobStore store,
      OriginSettings settings,
      Executor packagingExecutor,
      OriginMetrics metrics,
      Ticker ticker) {
    this.store = store;
    this.settings = settings;
    this.packagingExecutor = packagingExecutor;
    this.metrics = metrics;
    CacheSettings c = settings.caches();
    this.manifestCacheControl = "public, max-age=" + c.manifestTtl().toSeconds();
    PrismCaches caches = new PrismCaches(c, ticker, packagingExecutor);
    this.assets = caches.assetRecords();
    this.manifests = caches.manifests();
    // An evicted version's files close a minute later: a sendFile may still be reading them.
    Executor later = CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS, packagingExecutor);
    this.presentations = caches.indexes(loaded -> later.execute(loaded::close));
    this.immutables = caches.immutables();
    this.segments = caches.segments(r -> (int) r.lengthBytes());
  }

  /** The caches, for metrics. */
  public List<SingleFlightCache<?, ?>> caches() {
    return List.of(assets, manifests, presentations, immutables, segments);
  }

  @Override
  public CompletableFuture<Resource> multivariantPlaylist(String assetId) {
    return entryManifest(assetId, Kind.HLS);
  }

  @Override
  public CompletableFuture<Resource> mpd(String assetId) {
    return entryManifest(assetId, Kind.DASH);
  }

  private CompletableFuture<Resource> entryManifest(String assetId, Kind kind) {
    return publishedAsset(assetId)
        .thenCompose(
            record ->
                manifests.get(
                    new ManifestKey(assetId, record.currentVersion(), kind),
                    key ->
                        presentation(new VersionKey(assetId, key.version()))
                            .thenApplyAsync(p -> writeEntryManifest(p, kind), packagingExecutor)));
  }

  private Resource writeEntryManifest(Presentation presentation, Kind kind) {
    long start = System.nanoTime();
    long segMs = settings.segmentDurationMs();
    try {
      String text;
      String type;
      Map<String, SegmentPlan> plans = plans(presentation, segMs);
      if (kind == Kind.HLS) {
        text = MultivariantPlaylistWriter.write(presentation, plans, segMs);
        type = HLS_TYPE;
      } else {
        text = MpdWriter.write(presentation, plans, segMs);
        type = DASH_TYPE;
      }
      return textResource(text, type, manifestCacheControl);
    } finally {
      metrics.packaging(kind == Kind.HLS ? "multivariant" : "mpd", System.nanoTime() - start);
    }
  }

  @Override
  public CompletableFuture<Resource> mediaPlaylist(
      String assetId, String version, int segmentDurationMs, String trackId) {
    VersionKey v = new VersionKey(assetId, version);
    return published(v)
        .thenCompose(
            p ->
                immutables.get(
                    new PlaylistKey(v, trackId, segmentDurationMs),
                    k ->
                        CompletableFuture.supplyAsync(
                            () -> writeMediaPlaylist(p, trackId, segmentDurationMs),
                            packagingExecutor)))
        .thenApply(Resource.class::cast);
  }

  private Resource writeMediaPlaylist(Presentation p, String trackId, long segMs) {
    long start = System.nanoTime();
    try {
      PresentationTrack track = track(p, trackId);
      SegmentPlan plan = plan(p, track, segMs);
      return textResource(MediaPlaylistWriter.write(trackId, plan), HLS_TYPE, Resource.IMMUTABLE);
    } finally {
      metrics.packaging("media_playlist", System.nanoTime() - start);
    }
  }

  @Override
  public CompletableFuture<Resource> initSegment(String assetId, String version, String trackId) {
    VersionKey v = new VersionKey(assetId, version);
    return published(v)
        .thenCompose(
            p ->
                immutables.get(
                    new InitKey(v, trackId),
                    k ->
                        CompletableFuture.supplyAsync(
                            () -> readInitSegment(p, trackId), packagingExecutor)))
        .thenApply(Resource.class::cast);
  }

  private Resource readInitSegment(Presentation p, String trackId) {
    long start = System.nanoTime();
    PresentationTrack track = track(p, trackId);
    String key = trackKey(p, track);
    try {
      ByteBuffer bytes = SegmentBytes.initSegment(track.index(), reader(key));
      Buffer body = Buffer.buffer(toArray(bytes));
      return new Resource(
          contentType(track),
          ETags.ofName(p.assetId(), p.version(), trackId, "init"),
          Resource.IMMUTABLE,
          new Resource.InMemory(body),
          null);
    } catch (IOException e) {
      throw storeFailure(key, e);
    } finally {
      metrics.packaging("init", System.nanoTime() - start);
    }
  }

  @Override
  public CompletableFuture<Resource> mediaSegment(
      String assetId, String version, String trackId, int segmentDurationMs, long segmentNumber) {
    VersionKey v = new VersionKey(assetId, version);
    SegmentKey key = new SegmentKey(v, trackId, segmentDurationMs, segmentNumber);
    return publishedAsset(assetId)
        .thenCompose(
            record -> {
              // The hot path: a segment already described (folder) or held (S3).
              Optional<Object> local = immutables.getIfReady(key);
              if (local.isPresent()) {
                return CompletableFuture.completedFuture((Resource) local.get());
              }
              Optional<Resource> remote = segments.getIfReady(key);
              if (remote.isPresent()) {
                return CompletableFuture.completedFuture(remote.get());
              }
              return loaded(v).thenCompose(l -> segment(l, key));
            });
  }

  private CompletableFuture<Resource> segment(Loaded loaded, SegmentKey key) {
    // Folder store: a small descriptor of a file region, kept by count; S3: the bytes, by weight.
    Presentation p = loaded.presentation();
    PresentationTrack track;
    try {
      track = track(p, key.trackId());
    } catch (UnknownResourceException e) {
      return CompletableFuture.failedFuture(e);
    }
    String storeKey = trackKey(p, track);
    LocalFile local = loaded.files().get(key.trackId());
    if (local != null) {
      return immutables
          .get(
              key,
              k ->
                  CompletableFuture.supplyAsync(
                      () -> localSegment(p, track, key, local, storeKey), packagingExecutor))
          .thenApply(Resource.class::cast);
    }
    return segments.get(
        key,
        k ->
            CompletableFuture.supplyAsync(() -> plan(p, track, key.segMs()), packagingExecutor)
                .thenCompose(plan -> readRemoteSegment(p, track, key, plan, storeKey)));
  }

  private Resource localSegment(
      Presentation p, PresentationTrack track, SegmentKey key, LocalFile file, String storeKey) {
    MediaSegment segment = segmentOf(plan(p, track, key.segMs()), key.number());
    String etag = segmentEtag(key);
    List<ByteRange> ranges = segment.ranges();
    if (ranges.size() == 1) {
      ByteRange r = ranges.get(0);
      return new Resource(
          contentType(track),
          etag,
          Resource.IMMUTABLE,
          new Resource.FileRegion(file.path(), file.channel(), r.offsetBytes(), r.lengthBytes()),
          null);
    }
    try { // several ranges (e.g. boxes between fragments): assembled in memory
      ByteBuffer bytes = SegmentBytes.mediaSegment(segment, reader(storeKey));
      return new Resource(
          contentType(track),
          etag,
          Resource.IMMUTABLE,
          new Resource.InMemory(Buffer.buffer(toArray(bytes))),
          null);
    } catch (IOException e) {
      throw storeFailure(storeKey, e);
    }
  }

  private CompletableFuture<Resource> readRemoteSegment(
      Presentation p, PresentationTrack track, SegmentKey key, SegmentPlan plan, String storeKey) {
    MediaSegment segment = segmentOf(plan, key.number());
    List<CompletableFuture<ByteBuffer>> parts = new ArrayList<>();
    for (ByteRange r : segment.ranges()) {
      parts.add(store.read(storeKey, r.offsetBytes(), Math.toIntExact(r.lengthBytes())));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<ByteBuffer> buffers = new ArrayList<>();
              for (CompletableFuture<ByteBuffer> f : parts) {
                buffers.add(f.join());
              }
              ByteBuffer bytes = SegmentBytes.concat(buffers);
              if (bytes.remaining() != segment.sizeBytes()) {
                throw new CorruptTrackException(
                    p.assetId(),
                    p.version(),
                    track.trackId(),
                    segment.ranges().get(0).offsetBytes(),
                    new IOException(
                        "short read: " + bytes.remaining() + " of " + segment.sizeBytes()));
              }
              return new Resource(
                  contentType(track),
                  segmentEtag(key),
                  Resource.IMMUTABLE,
                  new Resource.InMemory(Buffer.buffer(toArray(bytes))),
                  null);
            });
  }

  // ---------------------------------------------------------------- asset records, presentations

  /** The asset's record when it is published (cached for the manifest TTL), else 404. */
  private CompletableFuture<AssetRecord> publishedAsset(String assetId) {
    return assets
        .get(assetId, this::readAssetRecord)
        .thenApply(
            record -> {
              if (!record.isPublished()) {
                throw new UnknownResourceException("asset " + assetId + " is not published");
              }
              return record;
            });
  }

  private CompletableFuture<AssetRecord> readAssetRecord(String assetId) {
    String key = AssetKeys.assetJson(assetId);
    return store
        .readAll(key)
        .handle(
            (bytes, failure) -> {
              if (failure != null) {
                Throwable f = unwrap(failure);
                if (f instanceof BlobNotFoundException) {
                  throw new UnknownResourceException("no asset " + assetId);
                }
                throw f instanceof RuntimeException r ? r : new CompletionException(f);
              }
              try {
                return ContractJson.readAsset(bytes);
              } catch (IllegalArgumentException e) {
                throw new CorruptTrackException(assetId, "-", "asset.json", -1, e);
              }
            });
  }

  /** The presentation of a version of a published asset (versions need not be current). */
  private CompletableFuture<Presentation> published(VersionKey v) {
    return publishedAsset(v.assetId()).thenCompose(record -> presentation(v));
  }

  private CompletableFuture<Presentation> presentation(VersionKey v) {
    return loaded(v).thenApply(Loaded::presentation);
  }

  private CompletableFuture<Loaded> loaded(VersionKey v) {
    return presentations.get(v, this::loadPresentation);
  }

  private CompletableFuture<Loaded> loadPresentation(VersionKey v) {
    String ladderKey = AssetKeys.ladderJson(v.assetId(), v.version());
    return store
        .readAll(ladderKey)
        .handle(
            (bytes, failure) -> {
              if (failure != null) {
                Throwable f = unwrap(failure);
                if (f instanceof BlobNotFoundException) {
                  throw new UnknownResourceException(
                      "asset " + v.assetId() + " has no version " + v.version());
                }
                throw f instanceof RuntimeException r ? r : new CompletionException(f);
              }
              try {
                return ContractJson.readLadder(bytes);
              } catch (IllegalArgumentException e) {
                throw new CorruptTrackException(v.assetId(), v.version(), "ladder.json", -1, e);
              }
            })
        .thenApplyAsync(ladder -> indexTracks(v, ladder), packagingExecutor);
  }

  /** Indexes every audio and video track of the ladder (blocking reads: packaging executor). */
  private Loaded indexTracks(VersionKey v, LadderRecord ladder) {
    long start = System.nanoTime();
    Map<String, LocalFile> files = new HashMap<>();
    try {
      List<PresentationTrack> tracks = new ArrayList<>();
      for (LadderRecord.Track t : ladder.tracks()) {
        if (t.type() == TrackType.TEXT) {
          continue; // subtitles are not in this round (DESIGN.md, "Not in this round")
        }
        String key = AssetKeys.trackFile(v.assetId(), v.version(), t.file());
        long size = join(store.metadata(key)).sizeBytes();
        Optional<Path> local = store.localFile(key);
        if (local.isPresent()) {
          try {
            files.put(
                t.id(),
                new LocalFile(local.get(), FileChannel.open(local.get(), StandardOpenOption.READ)));
          } catch (IOException e) {
            throw storeFailure(key, e);
          }
        }
        TrackIndex index;
        try {
          index = TrackIndexReader.read(key, reader(key), size);
        } catch (MalformedMediaException e) {
          throw new CorruptTrackException(v.assetId(), v.version(), t.id(), e.offsetBytes(), e);
        } catch (PackagingException e) { // unsupported media in a published version
          throw new CorruptTrackException(v.assetId(), v.version(), t.id(), -1, e);
        } catch (IOException e) {
          throw storeFailure(key, e);
        }
        tracks.add(
            new PresentationTrack(
                t.id(), t.type(), t.language(), t.label().isEmpty() ? null : t.label(), index));
      }
      Loaded loaded =
          new Loaded(new Presentation(v.assetId(), v.version(), tracks), Map.copyOf(files));
      files.clear(); // handed over: closed when the cache lets the version go
      return loaded;
    } catch (IllegalArgumentException e) { // ladder type disagrees with the media, etc.
      throw new CorruptTrackException(v.assetId(), v.version(), "ladder.json", -1, e);
    } finally {
      files.values().forEach(LocalFile::close); // only on failure: nothing else holds them
      metrics.packaging("index", System.nanoTime() - start);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static PresentationTrack track(Presentation p, String trackId) {
    try {
      return p.track(trackId);
    } catch (MissingResourceException e) {
      throw new UnknownResourceException(e.getMessage());
    }
  }

  /**
   * The segment plans of every track of {@code p} at {@code segMs}, checked for alignment across
   * each switching set; computed once per (version, segMs).
   */
  @SuppressWarnings("unchecked")
  private Map<String, SegmentPlan> plans(Presentation p, long segMs) {
    PlanKey key = new PlanKey(new VersionKey(p.assetId(), p.version()), segMs);
    Optional<Object> cached = immutables.getIfReady(key);
    if (cached.isPresent()) {
      return (Map<String, SegmentPlan>) cached.get();
    }
    Map<String, SegmentPlan> plans;
    try {
      plans = p.plan(segMs);
    } catch (PackagingException e) {
      throw packagingFailure(p, "-", e);
    }
    immutables.get(key, k -> CompletableFuture.completedFuture(plans));
    return plans;
  }

  private SegmentPlan plan(Presentation p, PresentationTrack track, long segMs) {
    SegmentPlan plan = plans(p, segMs).get(track.trackId());
    if (plan == null) {
      throw new UnknownResourceException("no plan for track " + track.trackId());
    }
    return plan;
  }

  /** Maps the packager's taxonomy: missing → 404, anything else is the content's fault → 502. */
  private static RuntimeException packagingFailure(
      Presentation p, String trackId, PackagingException e) {
    if (e instanceof MissingResourceException) {
      return new UnknownResourceException(e.getMessage());
    } else if (e instanceof MalformedMediaException m) {
      return new CorruptTrackException(p.assetId(), p.version(), trackId, m.offsetBytes(), e);
    }
    return new CorruptTrackException(p.assetId(), p.version(), trackId, -1, e);
  }

  private static MediaSegment segmentOf(SegmentPlan plan, long number) {
    try {
      return plan.segment(number);
    } catch (MissingResourceException e) {
      throw new UnknownResourceException(e.getMessage());
    }
  }

  private static String trackKey(Presentation p, PresentationTrack track) {
    return track.index().trackName(); // the reader was given the store key as the track's name
  }

  private static String segmentEtag(SegmentKey key) {
    return ETags.ofName(
        key.version().assetId(),
        key.version().version(),
        key.trackId(),
        Long.toString(key.segMs()),
        Long.toString(key.number()));
  }

  private static String contentType(PresentationTrack track) {
    return track.type() == TrackType.AUDIO ? AUDIO_MP4 : VIDEO_MP4;
  }

  private Resource textResource(String text, String contentType, String cacheControl) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Buffer gzipped = settings.compressManifests() ? Buffer.buffer(gzip(bytes)) : null;
    return new Resource(
        contentType,
        ETags.ofBytes(bytes),
        cacheControl,
        new Resource.InMemory(Buffer.buffer(bytes)),
        gzipped);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
    return out.toByteArray();
  }

  /** Blocking ranged reads of a store object, for the packager (packaging executor only). */
  private RangeReader reader(String key) {
    return (offsetBytes, lengthBytes) -> {
      try {
        return store.read(key, offsetBytes, lengthBytes).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted reading " + key, e);
      } catch (ExecutionException e) {
        Throwable f = unwrap(e);
        if (f instanceof RuntimeException r) {
          throw r; // BlobStoreException (503) or BlobNotFoundException (404) pass through
        }
        throw new IOException(f);
      }
    };
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable f = unwrap(e);
      throw f instanceof RuntimeException r ? r : e;
    }
  }

  private static BlobStoreException storeFailure(String key, IOException e) {
    return new BlobStoreException(
        String.format(Locale.ROOT, "reading %s failed: %s", key, e.getMessage()), e);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable f = failure;
    while ((f instanceof CompletionException || f instanceof ExecutionException)
        && f.getCause() != null) {
      f = f.getCause();
    }
    return f;
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
