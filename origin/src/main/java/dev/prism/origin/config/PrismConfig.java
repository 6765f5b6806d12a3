package dev.prism.origin.config;

/**
 * The whole of Prism's configuration, shared by every command: one record per section of {@code
 * conf/prism.yaml}, whose keys are the record components' names.
 *
 * <p>Obtain one with {@link ConfigLoader}: the built-in defaults (the jar's copy of {@code
 * conf/prism.yaml}), the file given with {@code --config} over them, then the {@code PRISM_*}
 * environment variables. Relative paths are already resolved to absolute ones.
 *
 * @param server the HTTP listener
 * @param store where assets are read from and published to
 * @param cache the origin's in-memory caches
 * @param delivery public URLs, segmentation and CORS
 * @param gate the signed-delivery gate in front of {@code /v1/}
 * @param entitlement the {@code POST /play/{assetId}} mint
 * @param transcoder {@code prism transcode}'s settings
 */
public record PrismConfig(
    ServerConfig server,
    StoreConfig store,
    CacheConfig cache,
    DeliveryConfig delivery,
    GateConfig gate,
    EntitlementConfig entitlement,
    TranscoderConfig transcoder) {}
