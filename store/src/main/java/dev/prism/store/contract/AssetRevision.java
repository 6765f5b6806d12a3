package dev.prism.store.contract;

/**
 * An {@code asset.json} as read, with the store tag of exactly that document: the base a publish
 * names when it replaces the document ({@link AssetCatalog#writeAsset}), so that a publish that
 * lost a race is refused instead of overwriting the winner.
 *
 * @param record the parsed document
 * @param etag the object's tag when it was read ({@code BlobMetadata#etag()})
 */
public record AssetRevision(AssetRecord record, String etag) {}
