package dev.prism.origin.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.prism.cache.CacheSettings;
import dev.prism.cache.PrismCaches;
import dev.prism.cache.SingleFlightCache;
import dev.prism.origin.config.OriginSettings;
import dev.prism.origin.metrics.OriginMetrics;
import dev.prism.packager.MalformedMediaException;
import dev.prism.packager.MissingResourceException;
import dev.prism.packager.PackagingException;
import dev.prism.packager.UnsupportedMediaException;
import dev.prism.packager.cmaf.ByteRange;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackIndexReader;
import dev.prism.packager.cmaf.TrackType;
import dev.prism.packager.naming.PackagingRequest;
import dev.prism.packager.presentation.Presentation;
import dev.prism.packager.presentation.PresentationTrack;
import dev.prism.packager.resource.ContentTypes;
import dev.prism.packager.resource.PackagedResource;
import dev.prism.packager.resource.Packager;
import dev.prism.packager.resource.PackagingSource;
import dev.prism.packager.segment.SegmentBytes;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStoreException;
import dev.prism.store.contract.AssetCatalog;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.AssetRecord;
import dev.prism.store.contract.CorruptDocumentException;
import dev.prism.store.contract.LadderRecord;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * {@link Delivery} over a {@link BlobStore}: a cache around the packager's one entry ({@link
 * Packager#resource}) plus a store adapter that loads what it packages from. Nothing here knows a
 * resource kind; a new output kind needs no change in this class.
 *
 * <p>The caches, one typed cache per kind of value (docs/ARCHITECTURE.md, "The just-in-time core"):
 *
 * <ul>
 *   <li>{@code assets}: {@code asset.json} (via the {@link AssetCatalog}), for the manifest TTL, so
 *       a republish shows within it;
 *   <li>{@code manifests}: entry manifests, keyed by (request, current version), same TTL;
 *   <li>{@code indexes}: a {@link StoredVersion} (ladder + one {@link TrackIndex} per track, and
 *       the open track files of a folder store) per (asset, version), evicted by count;
 *   <li>{@code plans}: the segment plans of a version at one segment duration, by count;
 *   <li>{@code immutables}: what the packager answered for a versioned request, by count: a ready
 *       {@link Resource} (playlists, init segments, and from a folder store a media segment as a
 *       {@link Resource.FileRegion}, zero copy), or the byte ranges to read from a remote store;
 *   <li>{@code segments}: those ranges' bytes from a remote store, read once (single-flight) and
 *       weighted by their length. A segment of one range is streamed ({@link
 *       BlobStore#readStream}): the request that starts the read gets a {@link Resource.Streaming}
 *       body sent as the bytes arrive ({@link SegmentDownload}); requests that join it wait for the
 *       whole segment; a failed or short stream caches nothing;
 *   <li>{@code corruptVersions}: per (asset, version), the fault that made loading it fail as
 *       corrupt, for {@code cache.corruptVerdictTtl}: answered as a {@link CorruptVersionException}
 *       without reading the store, logged once per verdict.
 * </ul>
 *
 * <p>While the store fails ({@link BlobStoreException}: an error, a time bound, the open circuit
 * breaker, a full packaging queue), the last good {@code asset.json} record and entry manifest are
 * served for {@link dev.prism.origin.config.OutageSettings#staleIfError()} past their freshness
 * (RFC 5861 §4, {@code stale-if-error}; RFC 9111 §4.2.4 allows serving stale where the origin says
 * so), each serve counted in {@code prism_stale_serves_total{kind}}. So a mid-playback outage keeps
 * manifests and the segments held in memory serving; only what must come from the store fails
 * (503).
 *
 * <p>A folder store's track file is a {@link SharedFile} with one reference per holder: the loaded
 * version in {@code indexes}, each segment region in {@code immutables}, each response sending it.
 * Each cache gives its reference back when it lets the value go; the last release closes the file
 * after the close delay (docs/ARCHITECTURE.md, "Lifetimes and failure budgets in the origin").
 *
 * <p>Futures fail with the packager's {@link PackagingException}s (a {@link
 * MissingResourceException} as is; content faults inside a {@link CorruptTrackException} naming the
 * asset, version and track), the catalog's exceptions, or the store's; {@code HttpErrors} maps
 * them.
 */
public final class StoreDelivery implements Delivery {
  /**
   * How long a track file stays open after its last holder let it go: one minute. Holders are
   * counted ({@link SharedFile}), so this is a grace period, not what keeps a file open for a
   * cached segment or a send in progress.
   */
  public static final Duration DEFAULT_FILE_CLOSE_DELAY = Duration.ofMinutes(1);

  private final BlobStore store;
  private final AssetCatalog catalog;
  private final Packager packager;
  private final OriginSettings settings;
  private final Executor packagingExecutor;
  private final Executor requestExecutor;
  private final long storeWaitMillis;
  private final OriginMetrics metrics;
  private final String manifestCacheControl;
  private final Executor fileCloser;

  private final SingleFlightCache<String, AssetRecord> assets;
  private final SingleFlightCache<EntryKey, Resource> manifests;
  private final SingleFlightCache<VersionKey, StoredVersion> versions;
  private final SingleFlightCache<PlanKey, Map<String, SegmentPlan>> plans;
  private final SingleFlightCache<PackagingRequest, Packaged> immutables;
  private final SingleFlightCache<PackagingRequest, Resource> segments;
  private final SingleFlightCache<VersionKey, RuntimeException> corruptVersions;

  /** Last good copies for stale-if-error, kept until {@code manifestTtl + staleIfError}. */
  private final Cache<String, AssetRecord> lastGoodAssets;

  private final Cache<PackagingRequest, Resource> lastGoodManifests;

  record VersionKey(String assetId, String version) {}

  /** An entry manifest of one version: it changes as soon as {@code asset.json} does. */
  record EntryKey(PackagingRequest request, String version) {}

  record PlanKey(VersionKey version, long segMs) {}

  /** What the packager answered for a versioned request, as cached. */
  sealed interface Packaged permits Ready, RemoteRegions {}

  /** A resource ready to send. */
  record Ready(Resource resource) implements Packaged {}

  /**
   * Ranges of a remote store's track file, read into the {@code segments} cache.
   *
   * @param version the version the file belongs to
   * @param regions what the packager answered
   * @param storeKey the track file's key
   */
  record RemoteRegions(VersionKey version, PackagedResource.TrackRegions regions, String storeKey)
      implements Packaged {}

  /**
   * A loaded version: its presentation, and for a store with local files each track file opened
   * once (segments are sent from it with zero copy, without an open per request).
   *
   * @param presentation the ladder with one index per track
   * @param files track id → the open track file, of which this version holds one reference; empty
   *     for remote stores
   */
  record StoredVersion(Presentation presentation, Map<String, SharedFile> files) {
    /** Gives back this version's reference to each file (cached segments may still hold them). */
    void release() {
      files.values().forEach(SharedFile::release);
    }
  }

  /**
   * @param store the asset store
   * @param settings cache sizes, TTL, segment grid, compression, outage bounds
   * @param packagingExecutor where index reads and packaging run (never an event loop)
   * @param metrics where packaging times and stale serves go
   */
  public StoreDelivery(
      BlobStore store, OriginSettings settings, Executor packagingExecutor, OriginMetrics metrics) {
    this(
        store,
        settings,
        packagingExecutor,
        packagingExecutor,
        metrics,
        DEFAULT_FILE_CLOSE_DELAY,
        Ticker.systemTicker());
  }

  /**
   * @param store the asset store
   * @param settings cache sizes, TTL, segment grid, compression, outage bounds
   * @param packagingExecutor where cache maintenance and other internal work runs
   * @param requestExecutor where a request's index reads and packaging run; may refuse work with
   *     {@link java.util.concurrent.RejectedExecutionException} when its queue is full (503)
   * @param metrics where packaging times and stale serves go
   * @param fileCloseDelay how long a track file stays open after its last holder (the loaded
   *     version, a cached segment, a response sending it) let it go ({@link
   *     #DEFAULT_FILE_CLOSE_DELAY} in production; tests shorten it)
   */
  public StoreDelivery(
      BlobStore store,
      OriginSettings settings,
      Executor packagingExecutor,
      Executor requestExecutor,
      OriginMetrics metrics,
      Duration fileCloseDelay) {
    this(
        store,
        settings,
        packagingExecutor,
        requestExecutor,
        metrics,
        fileCloseDelay,
        Ticker.systemTicker());
  }

  StoreDelivery(
      BlobStore store,
      OriginSettings settings,
      Executor packagingExecutor,
      Executor requestExecutor,
      OriginMetrics metrics,
      Duration fileCloseDelay,
      Ticker ticker) {
    this.store = store;
    this.requestExecutor = requestExecutor;
    this.storeWaitMillis = settings.outage().storeCallTimeout().toMillis();
    this.catalog = new AssetCatalog(store);
    this.packager = new Packager(settings.segmentDurationMs());
    this.settings = settings;
    this.packagingExecutor = packagingExecutor;
    this.metrics = metrics;
    CacheSettings c = settings.caches();
    this.manifestCacheControl = "public, max-age=" + c.manifestTtl().toSeconds();
    PrismCaches caches = new PrismCaches(c, ticker, packagingExecutor);
    this.assets = caches.assetRecords();
    this.manifests = caches.manifests();
    // A track file has several holders: the loaded version, each segment cached as a region of
    // it, each response sending from it. Each cache gives its reference back when it lets the
    // value go; the last release closes the file after the grace period.
    this.fileCloser =
        CompletableFuture.delayedExecutor(
            fileCloseDelay.toNanos(), TimeUnit.NANOSECONDS, packagingExecutor);
    this.versions = caches.indexes(StoredVersion::release);
    this.plans = caches.plans();
    this.immutables = caches.immutables(StoreDelivery::releaseFile);
    this.segments = caches.segments(r -> (int) r.lengthBytes());
    Duration staleUntil = c.manifestTtl().plus(settings.outage().staleIfError());
    this.lastGoodAssets =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(packagingExecutor)
            .maximumSize(100_000)
            .expireAfterWrite(staleUntil)
            .build();
    this.lastGoodManifests =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(packagingExecutor)
            .maximumSize(10_000)
            .expireAfterWrite(staleUntil)
            .build();
    this.corruptVersions = caches.corruptVerdicts();
  }

  /** The caches, for metrics. */
  public List<SingleFlightCache<?, ?>> caches() {
    return List.of(assets, manifests, versions, plans, immutables, segments, corruptVersions);
  }

  @Override
  public CompletableFuture<Resource> resource(PackagingRequest request) {
    String version = request.version();
    if (version == null) {
      return entryManifest(request);
    }
    return publishedAsset(request.assetId()).thenCompose(record -> versioned(request, version));
  }

  private CompletableFuture<Resource> entryManifest(PackagingRequest request) {
    return publishedAsset(request.assetId())
        .thenCompose(
            record ->
                manifests.get(
                    new EntryKey(request, record.currentVersion()),
                    key ->
                        packaged(
                                request,
                                new VersionKey(request.assetId(), key.version()),
                                manifestCacheControl)
                            .thenCompose(packaged -> sendable(request, packaged))
                            .thenApply(
                                made -> {
                                  // Only a manifest made from a fresh asset.json is a good copy:
                                  // one made from a stale record must not extend the stale bound.
                                  if (assets.getIfReady(request.assetId()).isPresent()) {
                                    lastGoodManifests.put(request, made);
                                  }
                                  return made;
                                })))
        .exceptionallyCompose(
            failure -> stale(failure, lastGoodManifests.getIfPresent(request), "manifest"));
  }

  /**
   * {@code lastGood} in place of a store failure (stale-if-error), counted; else {@code failure} as
   * it was. Only store failures qualify: a missing or corrupt document is an answer.
   */
  private <T> CompletableFuture<T> stale(Throwable failure, @Nullable T lastGood, String kind) {
    if (lastGood != null && isStoreFailure(unwrap(failure))) {
      metrics.staleServe(kind);
      return CompletableFuture.completedFuture(lastGood);
    }
    return CompletableFuture.failedFuture(failure);
  }

  private static boolean isStoreFailure(Throwable f) {
    return f instanceof BlobStoreException || f instanceof RejectedExecutionException;
  }

  private CompletableFuture<Resource> versioned(PackagingRequest request, String version) {
    // The hot path: a resource already described (folder) or held (remote store).
    Optional<Packaged> ready = immutables.getIfReady(request);
    if (ready.isPresent() && ready.get() instanceof Ready r) {
      return CompletableFuture.completedFuture(r.resource());
    }
    Optional<Resource> held = segments.getIfReady(request);
    if (held.isPresent()) {
      return CompletableFuture.completedFuture(held.get());
    }
    VersionKey v = new VersionKey(request.assetId(), version);
    return immutables
        .get(request, k -> packaged(request, v, Resource.IMMUTABLE))
        .thenCompose(packaged -> sendable(request, packaged));
  }

  /** A ready resource as it is; remote ranges through the byte-weighted, single-flight cache. */
  private CompletableFuture<Resource> sendable(PackagingRequest request, Packaged packaged) {
    if (packaged instanceof Ready ready) {
      return CompletableFuture.completedFuture(ready.resource());
    }
    RemoteRegions remote = (RemoteRegions) packaged;
    if (remote.regions().ranges().size() != 1) {
      return segments.get(request, k -> readRemote(remote));
    }
    // One range: the request that starts the download is answered as the bytes arrive; requests
    // that join the load in flight wait for the whole segment (single-flight, one store read).
    SegmentDownload[] started = new SegmentDownload[1];
    CompletableFuture<?>[] answered = new CompletableFuture<?>[1];
    CompletableFuture<Resource> whole =
        segments.get(
            request,
            k -> {
              ByteRange r = remote.regions().ranges().get(0);
              SegmentDownload download =
                  new SegmentDownload(remote.storeKey(), remote.regions().sizeBytes());
              CompletableFuture<Void> subscribed =
                  store
                      .readStream(
                          remote.storeKey(), r.offsetBytes(), Math.toIntExact(r.lengthBytes()))
                      .thenAccept(body -> body.subscribe(download));
              started[0] = download;
              answered[0] = subscribed;
              return subscribed
                  .thenCompose(v -> download.whole())
                  .thenApply(bytes -> remoteResource(remote.regions(), bytes));
            });
    SegmentDownload download = started[0];
    CompletableFuture<?> subscribed = answered[0];
    if (download == null || subscribed == null) {
      return whole;
    }
    PackagedResource.TrackRegions regions = remote.regions();
    return subscribed.thenApply(
        v ->
            new Resource(
                regions.contentType(),
                etag(regions),
                Resource.IMMUTABLE,
                new Resource.Streaming(download),
                null));
  }

  private static Resource remoteResource(PackagedResource.TrackRegions regions, Buffer bytes) {
    return new Resource(
        regions.contentType(),
        etag(regions),
        Resource.IMMUTABLE,
        new Resource.InMemory(bytes),
        null);
  }

  /** Loads the version and runs the packager on the packaging executor. */
  private CompletableFuture<Packaged> packaged(
      PackagingRequest request, VersionKey v, String cacheControl) {
    return loaded(v)
        .thenApplyAsync(stored -> packageFrom(stored, request, cacheControl), requestExecutor);
  }

  /**
   * The loaded version, or its corrupt verdict: a version that failed to load as corrupt is
   * answered from the {@code corruptVersions} cache for {@code corruptVerdictTtl}, without reading
   * the store, and only the answer that reached the verdict is logged.
   */
  private CompletableFuture<StoredVersion> loaded(VersionKey v) {
    Optional<RuntimeException> known = corruptVersions.getIfReady(v);
    if (known.isPresent()) {
      return CompletableFuture.failedFuture(
          new CorruptVersionException(v.assetId(), v.version(), known.get(), false));
    }
    CompletableFuture<StoredVersion> load = versions.get(v, this::loadVersion);
    if (load.isDone() && !load.isCompletedExceptionally()) {
      return load; // the hot path: no extra stage
    }
    return load.exceptionallyCompose(
        failure -> {
          Throwable f = unwrap(failure);
          if (!(f instanceof CorruptTrackException || f instanceof CorruptDocumentException)) {
            return CompletableFuture.failedFuture(f);
          }
          // The loader runs once per verdict: every waiter of the failed load (and every request
          // until the verdict expires) gets the verdict, and only the one that stored it logs.
          AtomicBoolean stored = new AtomicBoolean();
          return corruptVersions
              .get(
                  v,
                  k -> {
                    stored.set(true);
                    return CompletableFuture.completedFuture((RuntimeException) f);
                  })
              .thenCompose(
                  verdict ->
                      CompletableFuture.failedFuture(
                          new CorruptVersionException(
                              v.assetId(), v.version(), verdict, stored.get())));
        });
  }

  private Packaged packageFrom(
      StoredVersion stored, PackagingRequest request, String cacheControl) {
    long start = System.nanoTime();
    Presentation p = stored.presentation();
    try {
      PackagedResource answer = packager.resource(request, source(stored));
      if (answer instanceof PackagedResource.Bytes bytes) {
        return new Ready(bytesResource(bytes, cacheControl));
      }
      PackagedResource.TrackRegions regions = (PackagedResource.TrackRegions) answer;
      String storeKey = storeKey(p.track(regions.trackId()));
      SharedFile local = stored.files().get(regions.trackId());
      if (local == null) {
        return new RemoteRegions(new VersionKey(p.assetId(), p.version()), regions, storeKey);
      }
      Resource.Body body;
      if (regions.ranges().size() == 1) {
        ByteRange r = regions.ranges().get(0);
        body = new Resource.FileRegion(held(local), r.offsetBytes(), r.lengthBytes());
      } else { // several ranges (e.g. boxes between fragments): assembled in memory
        try {
          ByteBuffer bytes = SegmentBytes.read(regions.ranges(), reader(storeKey));
          body = new Resource.InMemory(Buffer.buffer(toArray(bytes)));
        } catch (IOException e) {
          throw storeFailure(storeKey, e);
        }
      }
      return new Ready(
          new Resource(regions.contentType(), etag(regions), cacheControl, body, null));
    } catch (MissingResourceException e) {
      throw new CompletionException(e); // the client's: 404, as the packager said
    } catch (PackagingException e) {
      throw corrupt(p.assetId(), p.version(), trackOf(e), e);
    } catch (IOException e) {
      throw storeFailure(p.assetId() + "/" + p.version(), e);
    } finally {
      metrics.packaging(PackagingKinds.of(request), System.nanoTime() - start);
    }
  }

  private CompletableFuture<Resource> readRemote(RemoteRegions remote) {
    PackagedResource.TrackRegions regions = remote.regions();
    List<CompletableFuture<ByteBuffer>> parts = new ArrayList<>();
    for (ByteRange r : regions.ranges()) {
      parts.add(store.read(remote.storeKey(), r.offsetBytes(), Math.toIntExact(r.lengthBytes())));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<ByteBuffer> buffers = new ArrayList<>();
              for (CompletableFuture<ByteBuffer> f : parts) {
                buffers.add(f.join());
              }
              ByteBuffer bytes = SegmentBytes.concat(buffers);
              if (bytes.remaining() != regions.sizeBytes()) {
                long offsetBytes = regions.ranges().get(0).offsetBytes();
                throw corrupt(
                    remote.version().assetId(),
                    remote.version().version(),
                    regions.trackId(),
                    MalformedMediaException.truncated(
                        remote.storeKey(), offsetBytes, regions.sizeBytes(), bytes.remaining()));
              }
              return new Resource(
                  regions.contentType(),
                  etag(regions),
                  Resource.IMMUTABLE,
                  new Resource.InMemory(Buffer.buffer(toArray(bytes))),
                  null);
            });
  }

  // ---------------------------------------------------------------- the store adapter

  /**
   * The asset's record when it is published (cached for the manifest TTL; while the store fails,
   * the last good record for up to {@code staleIfError} more), else 404.
   */
  private CompletableFuture<AssetRecord> publishedAsset(String assetId) {
    return assets
        .get(
            assetId,
            id ->
                catalog
                    .asset(id)
                    .thenApply(
                        record -> {
                          lastGoodAssets.put(id, record);
                          return record;
                        }))
        .exceptionallyCompose(
            failure -> stale(failure, lastGoodAssets.getIfPresent(assetId), "asset"))
        .thenApply(
            record -> {
              if (!record.isPublished()) {
                throw new CompletionException(
                    new MissingResourceException("asset " + assetId + " is not published"));
              }
              return record;
            });
  }

  private CompletableFuture<StoredVersion> loadVersion(VersionKey v) {
    return catalog
        .ladder(v.assetId(), v.version())
        .thenApplyAsync(ladder -> indexTracks(v, ladder), requestExecutor);
  }

  /** Indexes every audio and video track of the ladder (blocking reads: packaging executor). */
  private StoredVersion indexTracks(VersionKey v, LadderRecord ladder) {
    long start = System.nanoTime();
    Map<String, SharedFile> files = new HashMap<>();
    try {
      List<PresentationTrack> tracks = new ArrayList<>();
      for (LadderRecord.Track t : ladder.tracks()) {
        if (t.type() == TrackType.TEXT) {
          continue; // text tracks are not packaged yet
        }
        String key = AssetKeys.trackFile(v.assetId(), v.version(), t.file());
        long size = await(store.metadata(key), key).sizeBytes();
        Optional<Path> local = store.localFile(key);
        if (local.isPresent()) {
          try {
            files.put(t.id(), SharedFile.open(local.get(), fileCloser));
          } catch (IOException e) {
            throw storeFailure(key, e);
          }
        }
        TrackIndex index;
        try {
          // The index is named by the store key: packager messages and reads name the file.
          index = TrackIndexReader.read(key, reader(key), size);
        } catch (PackagingException e) { // malformed or unsupported media in a published version
          throw corrupt(v.assetId(), v.version(), t.id(), e);
        } catch (IOException e) {
          throw storeFailure(key, e);
        }
        tracks.add(
            new PresentationTrack(
                t.id(), t.type(), t.language(), t.label().isEmpty() ? null : t.label(), index));
      }
      StoredVersion stored =
          new StoredVersion(new Presentation(v.assetId(), v.version(), tracks), Map.copyOf(files));
      files.clear(); // handed over: closed when the cache lets the version go
      return stored;
    } catch (IllegalArgumentException e) { // the ladder disagrees with the media, etc.
      throw new CorruptDocumentException(AssetKeys.ladderJson(v.assetId(), v.version()), e);
    } finally {
      files.values().forEach(SharedFile::release); // only on failure: nothing else holds them
      metrics.packaging("index", System.nanoTime() - start);
    }
  }

  /** The packager's view of a loaded version: plans memoised per segment duration. */
  private PackagingSource source(StoredVersion stored) {
    Presentation p = stored.presentation();
    return new PackagingSource() {
      @Override
      public Presentation presentation() {
        return p;
      }

      @Override
      public Map<String, SegmentPlan> plans(long segMs) throws PackagingException {
        PlanKey key = new PlanKey(new VersionKey(p.assetId(), p.version()), segMs);
        Optional<Map<String, SegmentPlan>> cached = plans.getIfReady(key);
        if (cached.isPresent()) {
          return cached.get();
        }
        Map<String, SegmentPlan> made = p.plan(segMs); // checked for alignment
        plans.get(key, k -> CompletableFuture.completedFuture(made));
        return made;
      }

      @Override
      public RangeReader reader(PresentationTrack track) {
        return StoreDelivery.this.reader(storeKey(track));
      }
    };
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A reference to {@code file} for a cached segment region: taken on the version's open file, or
   * from a fresh open when every holder has let that one go and it closed (the version left the
   * index cache while this request was packaging).
   */
  private SharedFile held(SharedFile file) {
    if (file.retain()) {
      return file;
    }
    try {
      return SharedFile.open(file.path(), fileCloser);
    } catch (IOException e) {
      throw storeFailure(file.path().toString(), e);
    }
  }

  /** Gives back the file reference a cached segment region holds, when the cache lets it go. */
  private static void releaseFile(Packaged packaged) {
    if (packaged instanceof Ready ready
        && ready.resource().body() instanceof Resource.FileRegion f) {
      f.file().release();
    }
  }

  private static String storeKey(PresentationTrack track) {
    return track.index().trackName(); // the reader was given the store key as the track's name
  }

  /** The one place a content fault gets its asset, version and track for HttpErrors' log line. */
  private static CorruptTrackException corrupt(
      String assetId, String version, String trackId, PackagingException e) {
    long offsetBytes =
        e instanceof MalformedMediaException m
            ? m.offsetBytes()
            : e instanceof UnsupportedMediaException u ? u.offsetBytes() : -1;
    return new CorruptTrackException(assetId, version, trackId, offsetBytes, e);
  }

  /** The track a packaging failure names, or {@code -} (misaligned tracks name two). */
  private static String trackOf(PackagingException e) {
    if (e instanceof MalformedMediaException m) {
      return m.trackName();
    } else if (e instanceof UnsupportedMediaException u) {
      return u.trackName();
    }
    return "-";
  }

  private static String etag(PackagedResource resource) {
    String identity = resource.identity();
    if (identity == null) {
      throw new IllegalStateException("track regions without an identity: " + resource);
    }
    return ETags.ofName(identity);
  }

  private Resource bytesResource(PackagedResource.Bytes packaged, String cacheControl) {
    byte[] bytes = packaged.bytes();
    String identity = packaged.identity();
    String etag = identity != null ? ETags.ofName(identity) : ETags.ofBytes(bytes);
    Buffer gzipped =
        settings.compressManifests() && ContentTypes.isText(packaged.contentType())
            ? Buffer.buffer(gzip(bytes))
            : null;
    return new Resource(
        packaged.contentType(),
        etag,
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
    return (offsetBytes, lengthBytes) -> await(store.read(key, offsetBytes, lengthBytes), key);
  }

  /**
   * Waits for a store call from a packaging thread, at most the store-call timeout (a backstop: the
   * store bounds its own calls), so no packaging thread is held by a silent store.
   *
   * @throws BlobStoreException when the wait runs out, is interrupted, or the call failed so
   * @throws BlobNotFoundException when the key is missing (404)
   */
  private <T> T await(CompletableFuture<T> call, String key) {
    try {
      return call.get(storeWaitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlobStoreException("interrupted reading " + key, e);
    } catch (TimeoutException e) {
      call.cancel(false);
      throw new BlobStoreException(
          "reading " + key + " took longer than " + storeWaitMillis + " ms", e);
    } catch (ExecutionException e) {
      Throwable f = unwrap(e);
      if (f instanceof RuntimeException r) {
        throw r; // BlobStoreException (503) or BlobNotFoundException (404) pass through
      }
      throw new BlobStoreException("reading " + key + " failed: " + f, f);
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
