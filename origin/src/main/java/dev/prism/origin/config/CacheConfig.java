package dev.prism.origin.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.prism.cache.CacheSettings;
import java.time.Duration;

/**
 * The origin's in-memory caches ({@code cache.*}).
 *
 * @param manifestTtl how long an entry manifest (and the {@code asset.json} behind it) is cached
 *     and the {@code max-age} it is sent with
 * @param segmentMaxBytes the byte budget of segments fetched from a remote store (YAML: a size such
 *     as {@code 512MiB})
 * @param indexMaxEntries the most (asset, version) indexes kept
 * @param immutableMaxEntries the most immutable small resources (media playlists, init segments)
 *     kept
 * @param staleIfError how long past {@code manifestTtl} the last good {@code asset.json} and entry
 *     manifest are served while the store fails (RFC 5861 §4); 0 = never
 * @param corruptVerdictTtl how long a version found corrupt is answered 502 from memory (one log
 *     line, no store read per request); 0 remembers nothing
 */
public record CacheConfig(
    Duration manifestTtl,
    @JsonDeserialize(using = ConfigDeserializers.Size.class) long segmentMaxBytes,
    long indexMaxEntries,
    long immutableMaxEntries,
    Duration staleIfError,
    Duration corruptVerdictTtl) {

  /** These values as the cache module's settings. */
  public CacheSettings toSettings() {
    return new CacheSettings(
        manifestTtl, segmentMaxBytes, indexMaxEntries, immutableMaxEntries, corruptVerdictTtl);
  }
}
