package dev.prism.store.contract;

import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.PreconditionFailedException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The asset catalog: {@code asset.json} and {@code ladder.json} of a {@link BlobStore}, read and
 * written in one place (docs/ARCHITECTURE.md, "The store contract"). Asynchronous like the store.
 *
 * <p>Reads fail with {@link AssetNotFoundException} when the document is absent, {@link
 * CorruptDocumentException} when it is present but unreadable, and the store's {@code
 * BlobStoreException} when the store cannot answer. Documents written before {@code schemaVersion}
 * existed read as schema 1.
 *
 * <p>Writes are conditional (docs/ARCHITECTURE.md, "Publishing a version"): {@code asset.json} is
 * replaced only if it is still the revision the writer read, and a version's {@code ladder.json} is
 * written only once; a writer that lost a race gets {@link AssetConflictException} naming the
 * asset, and the winner's document stays.
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
   * The asset's {@code asset.json} with its store tag, or empty when there is none (a first
   * publish): the base for {@link #writeAsset}. Fails like {@link #asset}.
   *
   * @throws IllegalArgumentException (thrown) when {@code assetId} is not a valid id
   */
  public CompletableFuture<Optional<AssetRevision>> findAssetRevision(String assetId) {
    String key = AssetKeys.assetJson(assetId);
    return store
        .readTagged(key)
        .handle(
            (tagged, failure) -> {
              if (failure != null) {
                Throwable f = unwrap(failure);
                if (f instanceof BlobNotFoundException) {
                  return Optional.<AssetRevision>empty();
                }
                throw f instanceof RuntimeException r ? r : new CompletionException(f);
              }
              try {
                return Optional.of(
                    new AssetRevision(ContractJson.readAsset(tagged.bytes()), tagged.etag()));
              } catch (IllegalArgumentException e) {
                throw new CorruptDocumentException(key, e);
              }
            });
  }

  /**
   * Writes {@code asset.json} only if it is still {@code base}: created when {@code base} is null
   * and no document exists ({@code writeIfAbsent}, S3 {@code If-None-Match: *}), replaced when its
   * tag is still {@code base.etag()} ({@code writeIfMatch}, S3 {@code If-Match}). One atomic write;
   * a publish writes it last.
   *
   * @param next the document to write
   * @param base the revision {@code next} was derived from, or null for a first publish
   * @return the revision written
   * @throws IllegalArgumentException (thrown) when {@code base} is another asset's
   * @throws AssetConflictException (in the future) when another writer changed, created or removed
   *     {@code asset.json} since {@code base} was read; the message names the asset and the version
   *     the document now points at, and nothing was written
   */
  public CompletableFuture<AssetRevision> writeAsset(
      AssetRecord next, @Nullable AssetRevision base) {
    String assetId = next.assetId();
    if (base != null && !base.record().assetId().equals(assetId)) {
      throw new IllegalArgumentException(
          "base is asset " + base.record().assetId() + ", not " + assetId);
    }
    String key = AssetKeys.assetJson(assetId);
    byte[] json = ContractJson.write(next);
    CompletableFuture<String> write =
        base == null ? store.writeIfAbsent(key, json) : store.writeIfMatch(key, json, base.etag());
    return write
        .thenApply(tag -> new AssetRevision(next, tag))
        .exceptionallyCompose(
            failure -> {
              Throwable f = unwrap(failure);
              if (!(f instanceof PreconditionFailedException)) {
                return CompletableFuture.failedFuture(f);
              }
              return describeNow(assetId)
                  .thenApply(
                      now -> {
                        throw new AssetConflictException(
                            assetId,
                            "asset "
                                + assetId
                                + ": another publish changed "
                                + key
                                + " first (this publish expected "
                                + (base == null
                                    ? "no asset.json"
                                    : "version " + base.record().currentVersion())
                                + ", the store now has "
                                + now
                                + "); nothing was overwritten",
                            f);
                      });
            });
  }

  /** What asset.json holds now, in words, for a conflict's message; never fails. */
  private CompletableFuture<String> describeNow(String assetId) {
    return findAsset(assetId)
        .handle(
            (record, failure) ->
                failure != null
                    ? "an unreadable asset.json (" + unwrap(failure).getMessage() + ")"
                    : record.map(r -> "version " + r.currentVersion()).orElse("no asset.json"));
  }

  /**
   * Writes a version's {@code ladder.json} only if the version has none yet ({@code
   * writeIfAbsent}): it marks the version complete, so it is written after every track file, once.
   *
   * @throws IllegalArgumentException (thrown) when an id is not valid
   * @throws AssetConflictException (in the future) when the version already has a {@code
   *     ladder.json}; nothing was written
   */
  public CompletableFuture<Void> createLadder(String assetId, String version, LadderRecord ladder) {
    String key = AssetKeys.ladderJson(assetId, version);
    return store
        .writeIfAbsent(key, ContractJson.write(ladder))
        .<Void>thenApply(tag -> null)
        .exceptionallyCompose(
            failure -> {
              Throwable f = unwrap(failure);
              return CompletableFuture.failedFuture(
                  f instanceof PreconditionFailedException
                      ? new AssetConflictException(
                          assetId,
                          "asset "
                              + assetId
                              + ": version "
                              + version
                              + " is already complete ("
                              + key
                              + " exists); nothing was overwritten",
                          f)
                      : f);
            });
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
