package dev.prism.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link FileBlobStoreTest}: adds 1 to the counter in {@code key}, {@code
 * times} times, each by read-tagged then write-if-match, retrying when another writer won.
 * Arguments: store root, key, times. Prints how many writes were refused.
 */
public final class CasCounterMain {
  private CasCounterMain() {}

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    String key = args[1];
    int times = Integer.parseInt(args[2]);
    int refused = 0;
    try (FileBlobStore store = new FileBlobStore(root)) {
      for (int done = 0; done < times; ) {
        TaggedBytes now = store.readTagged(key).join();
        int value = Integer.parseInt(new String(now.bytes(), StandardCharsets.UTF_8));
        byte[] next = Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8);
        try {
          store.writeIfMatch(key, next, now.etag()).join();
          done++;
        } catch (java.util.concurrent.CompletionException e) {
          if (!(e.getCause() instanceof PreconditionFailedException)) {
            throw e;
          }
          refused++;
        }
      }
    }
    System.out.println(refused);
  }
}
