package dev.prism.store.contract;

import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The asset catalog: {@code asset.json} and {@code ladder.json} of a {@link BlobStore}, read and
 * written in one place (docs/ARCHITECTURE.md, "The store contract"). Asynchronous like the store.
 *
 * <p>Reads fail with {@link AssetNotFoundException} when the document is absent, {@link
 * CorruptDocumentException} when it is present but unreadable, and the store's {@code
 * BlobStoreException} when the store cannot answer. Documents written before {@code schemaVersion}
 * existed read as schema 1.
 */
public final class AssetCatalog {
  private final BlobStore store;

  /**
   * @param store where the documents live
   */
  public AssetCatalog(BlobStore store) {
    this.store = store;
  }

  /**
   * The asset's {@code asset.json}.
   *
   * @throws IllegalArgumentException (thrown, not in the future) when {@code assetId} is not a
   *     valid id
   */
  public CompletableFuture<AssetRecord> asset(String assetId) {
    String key = AssetKeys.assetJson(assetId);
    return read(key, ContractJson::readAsset, () -> new AssetNotFoundException(assetId, null));
  }

  /**
   * The asset's {@code asset.json}, or empty when there is none (a first publish); fails like
   * {@link #asset} otherwise.
   */
  public CompletableFuture<Optional<AssetRecord>> findAsset(String assetId) {
    return asset(assetId)
        .handle(
            (record, failure) -> {
              if (failure == null) {
                return Optional.of(record);
              }
              Throwable f = unwrap(failure);
              if (f instanceof AssetNotFoundException) {
                return Optional.empty();
              }
              throw f instanceof RuntimeException r ? r : new CompletionException(f);
            });
  }

  /**
   * The {@code ladder.json} of a version.
   *
   * @throws IllegalArgumentException (thrown) when an id is not valid
   */
  public CompletableFuture<LadderRecord> ladder(String assetId, String version) {
    String key = AssetKeys.ladderJson(assetId, version);
    return read(key, ContractJson::readLadder, () -> new AssetNotFoundException(assetId, version));
  }

  /**
   * Replaces {@code asset.json} in one atomic write (the store's {@code write}); written last when
   * a version is published.
   */
  public CompletableFuture<Void> writeAsset(AssetRecord record) {
    return store.write(AssetKeys.assetJson(record.assetId()), ContractJson.write(record));
  }

  /**
   * Writes a version's {@code ladder.json}; it marks the version complete, so it is written after
   * every track file.
   */
  public CompletableFuture<Void> writeLadder(String assetId, String version, LadderRecord ladder) {
    return store.write(AssetKeys.ladderJson(assetId, version), ContractJson.write(ladder));
  }

  private <T> CompletableFuture<T> read(
      String key,
      Function<byte[], T> parse,
      java.util.function.Supplier<AssetNotFoundException> notFound) {
    return store
        .readAll(key)
        .handle(
            (bytes, failure) -> {
              if (failure != null) {
                Throwable f = unwrap(failure);
                if (f instanceof BlobNotFoundException) {
                  throw notFound.get();
                }
                throw f instanceof RuntimeException r ? r : new CompletionException(f);
              }
              try {
                return parse.apply(bytes);
              } catch (IllegalArgumentException e) {
                throw new CorruptDocumentException(key, e);
              }
            });
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable f = failure;
    while ((f instanceof CompletionException || f instanceof ExecutionException)
        && f.getCause() != null) {
      f = f.getCause();
    }
    return f;
  }
}
