package dev.prism.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decorator that overrides nothing keeps the whole contract of the store it forwards to. */
class ForwardingBlobStoreTest extends BlobStoreContractTest {
  @TempDir Path root;

  private static BlobStore forwarding(BlobStore delegate) {
    return new ForwardingBlobStore(delegate) {};
  }

  @Override
  protected BlobStore openStore() {
    return forwarding(new FileBlobStore(root.resolve("store")));
  }

  @Override
  protected BlobStore openBrokenStore() throws Exception {
    return forwarding(new FileBlobStore(Files.write(root.resolve("not-a-folder"), new byte[] {1})));
  }

  @Override
  protected long multipartThresholdBytes() {
    return 1 << 20; // a folder underneath: any size takes the same path
  }

  @Test
  void localFileAndDescribe_forwarded_areTheDelegates() throws Exception {
    BlobStore folder = new FileBlobStore(root.resolve("store"));
    store.write("asset/asset.json", new byte[] {'{', '}'}).get();

    assertThat(store.localFile("asset/asset.json")).isEqualTo(folder.localFile("asset/asset.json"));
    assertThat(store.describe()).isEqualTo(folder.describe());
    folder.close();
  }
}
