package dev.prism.entitlement.http;

import dev.prism.store.BlobMetadata;
import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.StoreKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A minimal folder-backed store for these tests: {@code readAll} and {@code write} on real files.
 * Stands in for dev.prism.store.FileBlobStore until that lands; the other operations are not used
 * by the entitlement service.
 */
final class FolderStore implements BlobStore {
  private final Path root;

  FolderStore(Path root) {
    this.root = root;
  }

  @Override
  public CompletableFuture<byte[]> readAll(String key) {
    StoreKeys.validate(key);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Files.readAllBytes(root.resolve(key));
          } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  @Override
  public CompletableFuture<Void> write(String key, byte[] data) {
    StoreKeys.validate(key);
    try {
      Path file = root.resolve(key);
      Files.createDirectories(file.getParent());
      Files.write(file, data);
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<ByteBuffer> read(String key, long offsetBytes, int lengthBytes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> upload(String key, Path source) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> delete(String key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<BlobMetadata> metadata(String key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Path> localFile(String key) {
    return Optional.of(root.resolve(key));
  }

  @Override
  public String describe() {
    return "file:" + root;
  }

  @Override
  public void close() {}
}
