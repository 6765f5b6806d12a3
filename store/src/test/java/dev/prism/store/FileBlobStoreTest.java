package dev.prism.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a local folder, plus what only a folder can do. */
class FileBlobStoreTest extends BlobStoreContractTest {
  @TempDir Path root;

  @Override
  protected BlobStore openStore() {
    return new FileBlobStore(root.resolve("store"));
  }

  @Override
  protected BlobStore openBrokenStore() throws Exception {
    Path notAFolder = Files.write(root.resolve("not-a-folder"), new byte[] {1});
    return new FileBlobStore(notAFolder);
  }

  @Override
  protected long multipartThresholdBytes() {
    return 1 << 20; // no multipart on a folder; any size takes the same path
  }

  @Test
  void writeIfMatch_threadsAndOtherProcessesIncrementingOneCounter_loseNoUpdate() throws Exception {
    // Compare-and-swap increments from two child JVMs and from threads of this one: every
    // successful write must have seen the previous value, so the total is exact.
    Path storeRoot = root.resolve("store");
    await(store.write("a/counter", "0".getBytes(StandardCharsets.UTF_8)));
    int perWriter = 40;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      children.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  CasCounterMain.class.getName(),
                  storeRoot.toString(),
                  "a/counter",
                  Integer.toString(perWriter))
              .redirectErrorStream(true)
              .start());
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t =
          new Thread(
              () ->
                  CasCounterMain.main(
                      new String[] {
                        storeRoot.toString(), "a/counter", Integer.toString(perWriter)
                      }));
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join(120_000);
    }
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    }

    assertThat(new String(await(store.readAll("a/counter")), StandardCharsets.UTF_8))
        .isEqualTo(Integer.toString(4 * perWriter));
    assertThat(await(store.list(""))).containsExactly("a/counter"); // lock file not listed
  }

  @Test
  void localFile_existingKey_isTheFileWithTheBytes() throws Exception {
    byte[] data = sequence(4096);
    await(store.write("asset/v1/video.cmfv", data));

    Path file = store.localFile("asset/v1/video.cmfv").orElseThrow();

    assertThat(file).isEqualTo(root.resolve("store/asset/v1/video.cmfv").toAbsolutePath());
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
  }

  @Test
  void localFile_missingKeyOrFolder_isEmpty() {
    await(store.write("asset/v1/video.cmfv", sequence(10)));

    assertThat(store.localFile("asset/v1/audio.cmfa")).isEmpty();
    assertThat(store.localFile("asset/v1")).isEmpty();
  }

  @Test
  void write_leavesNoTemporaryFileAndListSkipsStrayOnes() throws Exception {
    await(store.write("a/k.json", sequence(10)));
    Path folder = root.resolve("store/a");
    Files.write(folder.resolve(".k.json.tmp-0123456789abcdef"), sequence(5)); // a crashed write

    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("k.json", ".k.json.tmp-0123456789abcdef");
    }
    assertThat(await(store.list(""))).containsExactly("a/k.json");
  }

  @Test
  void list_filesThatAreNotValidKeys_areSkipped() throws Exception {
    await(store.write("a/ok", sequence(1)));
    Files.write(root.resolve("store/a/back\\slash"), sequence(1));

    assertThat(await(store.list("a/"))).containsExactly("a/ok");
  }

  @Test
  void calls_givenExecutor_runThereAndCloseLeavesItRunning() throws Exception {
    AtomicInteger tasks = new AtomicInteger();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      try (BlobStore own =
          BlobStores.folder(
              root.resolve("own"),
              task -> {
                tasks.incrementAndGet();
                executor.execute(task);
              })) {
        await(own.write("k", sequence(10)));
        assertThat(await(own.readAll("k"))).hasSize(10);
      }
      assertThat(tasks.get()).isEqualTo(2);
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void calls_afterClose_failWithBlobStoreException() {
    BlobStore closed = new FileBlobStore(root.resolve("closed"));
    closed.close();

    assertThat(failure(closed.readAll("k")))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void read_keyBelowAnObject_failsWithBlobNotFound() {
    await(store.write("a/obj", sequence(10)));

    assertThat(failure(store.readAll("a/obj/below"))).isInstanceOf(BlobNotFoundException.class);
    assertThat(failure(store.read("a/obj/below", 0, 1))).isInstanceOf(BlobNotFoundException.class);
    assertThat(failure(store.metadata("a/obj/below"))).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void write_keyBelowAnObject_failsWithBlobStoreException() {
    await(store.write("a/obj", sequence(10)));

    assertThat(failure(store.write("a/obj/below", sequence(1))))
        .isInstanceOf(BlobStoreException.class)
        .isNotInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining("a/obj/below");
  }

  @Test
  void list_symlinkedFolder_isFollowedLikeReads() throws Exception {
    Path media = Files.createDirectories(root.resolve("elsewhere/bbb"));
    Files.write(media.resolve("asset.json"), sequence(7));
    Files.createDirectories(root.resolve("store"));
    Files.createSymbolicLink(root.resolve("store/bbb"), media);

    assertThat(await(store.list(""))).containsExactly("bbb/asset.json");
    assertThat(await(store.readAll("bbb/asset.json"))).isEqualTo(sequence(7));
  }

  @Test
  void write_longestFileName_succeeds() {
    String name = "n".repeat(250);

    await(store.write("long/" + name, sequence(10)));

    assertThat(await(store.list("long/"))).containsExactly("long/" + name);
  }

  @Test
  void describe_namesTheFolder() {
    assertThat(store.describe()).isEqualTo("file:" + root.resolve("store").toAbsolutePath());
  }

  @Test
  void defaultFolder_isDotPrismStore() {
    assertThat(BlobStores.DEFAULT_FOLDER).isEqualTo(Path.of(".prism/store"));
  }

  /**
   * The folder store's compare-and-rename under a lock is atomic across writers. S3's atomicity is
   * the service's own (Amazon S3 User Guide, "Conditional writes"); S3Proxy, the S3 server the
   * tests run, compares the tag before its put rather than with it, so {@link S3BlobStoreTest}
   * shows only that the condition is sent and a stale writer refused by the server.
   */
  @Test
  void writeIfMatch_concurrentWritersFromOneTag_exactlyOneWinsAndTheOthersAreRefused() {
    await(store.write("a/asset.json", "base".getBytes(UTF8)));
    String base = await(store.readTagged("a/asset.json")).etag();
    int writers = 8;
    List<CompletableFuture<String>> attempts = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      attempts.add(store.writeIfMatch("a/asset.json", ("writer " + i).getBytes(UTF8), base));
    }

    List<Integer> winners = outcomes(attempts, "a/asset.json");

    assertThat(winners).hasSize(1);
    TaggedBytes now = await(store.readTagged("a/asset.json"));
    assertThat(new String(now.bytes(), UTF8)).isEqualTo("writer " + winners.get(0));
    assertThat(now.etag()).isEqualTo(await(attempts.get(winners.get(0))));
  }
}
