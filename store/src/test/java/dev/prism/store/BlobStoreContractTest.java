package dev.prism.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The {@link BlobStore} contract, run against every implementation by a subclass. Each test gets a
 * fresh, empty store from {@link #openStore()}.
 */
abstract class BlobStoreContractTest {
  /** Size of the object overwritten in the atomicity test: several MiB, many network packets. */
  private static final int LARGE_BYTES = 3 << 20;

  @TempDir Path scratch;

  protected BlobStore store;

  /** A fresh, empty store. */
  protected abstract BlobStore openStore() throws Exception;

  /**
   * A store that exists but cannot work (its folder is a file, its bucket is missing), to tell an
   * I/O failure from a missing key.
   */
  protected abstract BlobStore openBrokenStore() throws Exception;

  /** Files larger than this are uploaded by a different path (S3 multipart). */
  protected abstract long multipartThresholdBytes();

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- ranged reads ----

  @Test
  void read_startOfObject_returnsFirstBytes() {
    byte[] data = sequence(1000);
    await(store.write("a/obj.bin", data));

    ByteBuffer read = await(store.read("a/obj.bin", 0, 10));

    assertThat(bytes(read)).isEqualTo(Arrays.copyOfRange(data, 0, 10));
  }

  @Test
  void read_lastBytesExactly_returnsThem() {
    byte[] data = sequence(1000);
    await(store.write("a/obj.bin", data));

    ByteBuffer read = await(store.read("a/obj.bin", 990, 10));

    assertThat(bytes(read)).isEqualTo(Arrays.copyOfRange(data, 990, 1000));
  }

  @Test
  void read_rangeCrossingEnd_returnsShorterTail() {
    byte[] data = sequence(1000);
    await(store.write("a/obj.bin", data));

    ByteBuffer read = await(store.read("a/obj.bin", 995, 100));

    assertThat(bytes(read)).isEqualTo(Arrays.copyOfRange(data, 995, 1000));
  }

  @Test
  void read_middleRange_returnsExactBytes() {
    byte[] data = sequence(100_000);
    await(store.write("obj", data));

    ByteBuffer read = await(store.read("obj", 12_345, 54_321));

    assertThat(bytes(read)).isEqualTo(Arrays.copyOfRange(data, 12_345, 12_345 + 54_321));
  }

  @Test
  void read_zeroLength_returnsEmpty() {
    await(store.write("obj", sequence(100)));

    assertThat(await(store.read("obj", 0, 0)).remaining()).isZero();
    assertThat(await(store.read("obj", 50, 0)).remaining()).isZero();
  }

  @Test
  void read_offsetAtEnd_returnsEmpty() {
    await(store.write("obj", sequence(100)));

    assertThat(await(store.read("obj", 100, 10)).remaining()).isZero();
  }

  @Test
  void read_offsetPastEnd_returnsEmpty() {
    await(store.write("obj", sequence(100)));

    assertThat(await(store.read("obj", 1_000_000, 10)).remaining()).isZero();
  }

  @Test
  void read_emptyObject_returnsEmpty() {
    await(store.write("empty", new byte[0]));

    assertThat(await(store.read("empty", 0, 10)).remaining()).isZero();
    assertThat(await(store.readAll("empty"))).isEmpty();
  }

  @Test
  void read_negativeOffsetOrLength_throwsIllegalArgument() {
    assertThatThrownBy(() -> store.read("obj", -1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.read("obj", 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readAll_existingObject_returnsWholeObject() {
    byte[] data = sequence(70_000);
    await(store.write("asset/v1/track.cmfv", data));

    assertThat(await(store.readAll("asset/v1/track.cmfv"))).isEqualTo(data);
  }

  // ---- missing keys vs failures ----

  @Test
  void readStream_givesTheSameBytesAsRead_underOneItemDemand() throws Exception {
    byte[] data = sequence(300_000);
    await(store.write("a/obj.bin", data));

    Publisher<ByteBuffer> body = await(store.readStream("a/obj.bin", 1_000, 250_000));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    CompletableFuture<Void> done = new CompletableFuture<>();
    body.subscribe(
        new Subscriber<ByteBuffer>() {
          private @Nullable Subscription subscription;

          @Override
          public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(1);
          }

          @Override
          public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            got.write(chunk, 0, chunk.length);
            Objects.requireNonNull(subscription).request(1);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            done.complete(null);
          }
        });
    done.get(60, TimeUnit.SECONDS);

    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1_000, 251_000));
    assertThat(failure(store.readStream("missing", 0, 10)))
        .isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void everyRead_missingKey_failsWithBlobNotFound() {
    await(store.write("present/obj", sequence(10)));

    List<CompletableFuture<?>> calls =
        List.of(
            store.read("missing", 0, 10),
            store.read("missing", 0, 0),
            store.readAll("missing"),
            store.metadata("missing"),
            store.readAll("present/other"),
            store.readAll("present")); // a "folder" of other keys is not an object

    for (CompletableFuture<?> call : calls) {
      assertThat(failure(call))
          .isInstanceOf(BlobNotFoundException.class)
          .hasMessageContaining("no such key");
    }
    assertThat(((BlobNotFoundException) failure(store.readAll("missing"))).key())
        .isEqualTo("missing");
  }

  @Test
  void everyCall_brokenStore_failsWithBlobStoreExceptionNotNotFound() throws Exception {
    try (BlobStore broken = openBrokenStore()) {
      List<CompletableFuture<?>> calls =
          List.of(
              broken.read("obj", 0, 10),
              broken.readAll("obj"),
              broken.metadata("obj"),
              broken.write("obj", sequence(10)),
              broken.list(""));

      for (CompletableFuture<?> call : calls) {
        assertThat(failure(call))
            .isInstanceOf(BlobStoreException.class)
            .isNotInstanceOf(BlobNotFoundException.class);
      }
    }
  }

  // ---- atomic writes ----

  @Test
  void write_existingKey_replacesContent() {
    await(store.write("k", "first".getBytes(StandardCharsets.UTF_8)));
    await(store.write("k", "second, longer".getBytes(StandardCharsets.UTF_8)));

    assertThat(new String(await(store.readAll("k")), StandardCharsets.UTF_8))
        .isEqualTo("second, longer");
  }

  @Test
  void write_concurrentReaders_neverSeeHalfOrMixedObject() throws Exception {
    String key = "asset/asset.json";
    await(store.write(key, filled(LARGE_BYTES, 0)));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<String> problems = new ArrayList<>();

    Thread reader =
        new Thread(
            () -> {
              while (writing.get() || reads.get() < 2) {
                byte[] whole = await(store.readAll(key));
                byte[] ranged = bytes(await(store.read(key, 0, LARGE_BYTES)));
                for (byte[] seen : List.of(whole, ranged)) {
                  String problem = checkUniform(seen);
                  if (problem != null) {
                    synchronized (problems) {
                      problems.add(problem);
                    }
                  }
                }
                reads.incrementAndGet();
              }
            },
            "contract-reader");
    reader.start();
    try {
      for (int version = 1; version <= 10; version++) {
        await(store.write(key, filled(LARGE_BYTES, version)));
      }
    } finally {
      writing.set(false);
      reader.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(problems).isEmpty();
    assertThat(reads.get()).isGreaterThanOrEqualTo(2);
    assertThat(await(store.readAll(key))).isEqualTo(filled(LARGE_BYTES, 10));
    assertThat(await(store.list(""))).containsExactly(key); // no temporary or partial objects left
  }

  @Test
  void write_manyConcurrentWritersOfOneKey_lastCompleteObjectWins() {
    List<CompletableFuture<Void>> writes =
        IntStream.range(1, 9)
            .mapToObj(version -> store.write("contended", filled(100_000, version)))
            .toList();
    writes.forEach(BlobStoreContractTest::await);

    byte[] result = await(store.readAll("contended"));

    assertThat(result).hasSize(100_000);
    assertThat(checkUniform(result)).isNull();
    assertThat(await(store.list(""))).containsExactly("contended");
  }

  // ---- upload ----

  @Test
  void upload_smallFile_storesItsBytes() throws Exception {
    byte[] data = sequence(10_000);
    Path file = Files.write(scratch.resolve("small.bin"), data);

    await(store.upload("up/small.bin", file));

    assertThat(await(store.readAll("up/small.bin"))).isEqualTo(data);
    assertThat(file).exists().hasBinaryContent(data);
  }

  @Test
  void upload_fileAboveMultipartThreshold_storesItsBytes() throws Exception {
    byte[] data = sequence((int) (2 * multipartThresholdBytes() + 12_345));
    Path file = Files.write(scratch.resolve("large.cmfv"), data);

    await(store.upload("asset/v1/large.cmfv", file));

    assertThat(await(store.metadata("asset/v1/large.cmfv")).sizeBytes()).isEqualTo(data.length);
    assertThat(await(store.readAll("asset/v1/large.cmfv"))).isEqualTo(data);
    int tail = data.length - 100;
    assertThat(bytes(await(store.read("asset/v1/large.cmfv", tail, 1000))))
        .isEqualTo(Arrays.copyOfRange(data, tail, data.length));
    assertThat(await(store.list("asset/"))).containsExactly("asset/v1/large.cmfv");
  }

  @Test
  void upload_missingSourceFile_failsWithBlobStoreException() {
    Path missing = scratch.resolve("does-not-exist.bin");

    assertThat(failure(store.upload("k", missing)))
        .isInstanceOf(BlobStoreException.class)
        .isNotInstanceOf(BlobNotFoundException.class);
    assertThat(failure(store.readAll("k"))).isInstanceOf(BlobNotFoundException.class);
  }

  // ---- listing ----

  @Test
  void list_prefix_returnsMatchingKeysSorted() {
    for (String key : List.of("b/y", "a/2", "ab/x", "a/10", "a/1", "a/sub/deep.json")) {
      await(store.write(key, sequence(3)));
    }

    assertThat(await(store.list("a/"))).containsExactly("a/1", "a/10", "a/2", "a/sub/deep.json");
    assertThat(await(store.list("a")))
        .containsExactly("a/1", "a/10", "a/2", "a/sub/deep.json", "ab/x");
    assertThat(await(store.list("a/1"))).containsExactly("a/1", "a/10");
    assertThat(await(store.list("")))
        .containsExactly("a/1", "a/10", "a/2", "a/sub/deep.json", "ab/x", "b/y");
    assertThat(await(store.list("zz/"))).isEmpty();
    assertThat(await(store.list("a/sub/deep.json/"))).isEmpty();
  }

  @Test
  void list_emptyStore_returnsEmpty() {
    assertThat(await(store.list(""))).isEmpty();
    assertThat(await(store.list("x/"))).isEmpty();
  }

  @Test
  void list_manyKeys_returnsEveryKey() {
    List<String> expected =
        IntStream.range(0, 45).mapToObj(i -> String.format("many/%03d.m4s", i)).toList();
    expected.stream().map(key -> store.write(key, sequence(1))).toList().forEach(f -> await(f));

    assertThat(await(store.list("many/"))).containsExactlyElementsOf(expected);
  }

  @Test
  void list_nonAsciiKeys_sortedByCodePoint() {
    // U+FFFD sorts before U+1F600 by code point (and in S3's UTF-8 order), after it in UTF-16.
    List<String> keys = List.of("u/\uFFFD", "u/\uD83D\uDE00", "u/z", "u/\u00e9");
    keys.forEach(key -> await(store.write(key, sequence(1))));

    assertThat(await(store.list("u/")))
        .containsExactly("u/z", "u/\u00e9", "u/\uFFFD", "u/\uD83D\uDE00");
  }

  // ---- delete ----

  @Test
  void delete_existingKey_removesIt() {
    await(store.write("d/k", sequence(10)));
    await(store.write("d/other", sequence(10)));

    await(store.delete("d/k"));

    assertThat(failure(store.readAll("d/k"))).isInstanceOf(BlobNotFoundException.class);
    assertThat(await(store.list("d/"))).containsExactly("d/other");
  }

  @Test
  void delete_missingKeyOrTwice_succeeds() {
    await(store.write("d/k", sequence(10)));

    await(store.delete("d/k"));
    await(store.delete("d/k"));
    await(store.delete("never/written"));
    await(store.delete("d/k/under/a/deleted/key"));

    assertThat(await(store.list(""))).isEmpty();
  }

  // ---- metadata ----

  @Test
  void metadata_existingKey_reportsSizeEtagAndTime() {
    Instant before = Instant.now().minusSeconds(5);
    await(store.write("m/obj", sequence(1234)));

    BlobMetadata metadata = await(store.metadata("m/obj"));

    assertThat(metadata.sizeBytes()).isEqualTo(1234);
    assertThat(metadata.etag()).isNotBlank().doesNotContain("\"");
    assertThat(metadata.lastModified()).isBetween(before, Instant.now().plusSeconds(5));
    assertThat(await(store.metadata("m/obj"))).isEqualTo(metadata); // stable while unchanged
  }

  @Test
  void metadata_afterOverwriteWithSameSize_etagChanges() {
    await(store.write("m/obj", filled(1000, 1)));
    String first = await(store.metadata("m/obj")).etag();

    await(store.write("m/obj", filled(1000, 2)));

    assertThat(await(store.metadata("m/obj")).etag()).isNotEqualTo(first);
  }

  // ---- keys ----

  static Stream<String> invalidKeys() {
    return Stream.of(
        "",
        "../etc/passwd",
        "a/../b",
        "a/..",
        "./a",
        "/leading",
        "a//b",
        "trailing/",
        "tab\there",
        "nul\u0000",
        "line\nbreak",
        "back\\slash");
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void everyMethod_invalidKey_throwsIllegalArgumentNamingKey(String key) throws Exception {
    Path file = Files.write(scratch.resolve("f.bin"), sequence(5));
    String printable = key.replace("\t", "\\u0009").replace("\u0000", "\\u0000");
    printable = printable.replace("\n", "\\u000a");
    List<Consumer<String>> calls =
        List.of(
            k -> store.read(k, 0, 1),
            k -> store.readAll(k),
            k -> store.write(k, new byte[1]),
            k -> store.upload(k, file),
            k -> store.delete(k),
            k -> store.metadata(k),
            k -> store.localFile(k));

    for (Consumer<String> call : calls) {
      assertThatThrownBy(() -> call.accept(key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + printable + "'");
    }
    assertThat(await(store.list(""))).isEmpty();
  }

  @Test
  void list_invalidPrefix_throwsIllegalArgument() {
    assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("/a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("a//")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describe_namesTheStore() {
    assertThat(store.describe()).isNotBlank();
  }

  // ---- helpers ----

  /** Waits for a store call; rethrows its failure unwrapped. */
  // ---- conditional writes and copies ----

  @Test
  void writeIfAbsent_concurrentCreators_exactlyOneWinsAndTheOthersAreRefused() {
    int writers = 8;
    List<CompletableFuture<String>> attempts = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      attempts.add(store.writeIfAbsent("a/asset.json", ("writer " + i).getBytes(UTF8)));
    }

    List<Integer> winners = outcomes(attempts, "a/asset.json");

    assertThat(winners).hasSize(1);
    assertThat(new String(await(store.readAll("a/asset.json")), UTF8))
        .isEqualTo("writer " + winners.get(0));
  }

  @Test
  void writeIfAbsent_existingObject_isRefusedAndKept() {
    await(store.write("a/asset.json", "first".getBytes(UTF8)));

    assertThat(failure(store.writeIfAbsent("a/asset.json", "second".getBytes(UTF8))))
        .isInstanceOfSatisfying(
            PreconditionFailedException.class,
            e -> {
              assertThat(e.key()).isEqualTo("a/asset.json");
              assertThat(e.expectedEtag()).isNull();
            })
        .hasMessageContaining("a/asset.json");
    assertThat(new String(await(store.readAll("a/asset.json")), UTF8)).isEqualTo("first");
  }

  @Test
  void writeIfMatch_staleTag_isRefusedAndTheNewerObjectKept() {
    await(store.write("a/asset.json", "one".getBytes(UTF8)));
    String stale = await(store.readTagged("a/asset.json")).etag();
    String current = await(store.writeIfMatch("a/asset.json", "two".getBytes(UTF8), stale));

    assertThat(current).isNotEqualTo(stale).isEqualTo(await(store.metadata("a/asset.json")).etag());
    assertThat(failure(store.writeIfMatch("a/asset.json", "three".getBytes(UTF8), stale)))
        .isInstanceOfSatisfying(
            PreconditionFailedException.class, e -> assertThat(e.expectedEtag()).isEqualTo(stale));
    assertThat(new String(await(store.readAll("a/asset.json")), UTF8)).isEqualTo("two");
  }

  @Test
  void writeIfMatch_missingObject_isRefusedAndNothingWritten() {
    assertThat(failure(store.writeIfMatch("a/asset.json", "x".getBytes(UTF8), "some-tag")))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(await(store.list("a/"))).isEmpty();
  }

  @Test
  void readTagged_givesTheBytesAndTheMetadataTag() {
    String written = await(store.writeIfAbsent("a/doc.json", sequence(100)));

    TaggedBytes read = await(store.readTagged("a/doc.json"));

    assertThat(read.bytes()).isEqualTo(sequence(100));
    assertThat(read.etag())
        .isEqualTo(written)
        .isEqualTo(await(store.metadata("a/doc.json")).etag());
    assertThat(failure(store.readTagged("a/missing.json")))
        .isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void copy_copiesTheObjectAndOverwritesTheTarget() {
    await(store.write("a/_staging/j1/video.cmfv", sequence(5000)));
    await(store.write("a/v1/video.cmfv", sequence(10)));

    await(store.copy("a/_staging/j1/video.cmfv", "a/v1/video.cmfv"));

    assertThat(await(store.readAll("a/v1/video.cmfv"))).isEqualTo(sequence(5000));
    assertThat(await(store.readAll("a/_staging/j1/video.cmfv"))).isEqualTo(sequence(5000));
    assertThat(failure(store.copy("a/missing", "a/v1/other")))
        .isInstanceOf(BlobNotFoundException.class);
    assertThat(await(store.list("a/")))
        .containsExactly("a/_staging/j1/video.cmfv", "a/v1/video.cmfv");
  }

  /**
   * Waits for every attempt; each either succeeded or failed with a precondition failure naming
   * {@code key} (anything else fails the test).
   *
   * @return the indexes of the attempts that succeeded
   */
  static List<Integer> outcomes(List<CompletableFuture<String>> attempts, String key) {
    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < attempts.size(); i++) {
      try {
        attempts.get(i).get(60, TimeUnit.SECONDS);
        winners.add(i);
      } catch (ExecutionException e) {
        assertThat(e.getCause())
            .isInstanceOfSatisfying(
                PreconditionFailedException.class, p -> assertThat(p.key()).isEqualTo(key));
      } catch (InterruptedException | TimeoutException e) {
        throw new AssertionError(e);
      }
    }
    return winners;
  }

  static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /** The exception a store call failed with, exactly as the future holds it. */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(60, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  /** Bytes that differ at most offsets, so a misplaced range shows. */
  static byte[] sequence(int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (i * 31 + (i >>> 8));
    }
    return data;
  }

  static byte[] filled(int length, int version) {
    byte[] data = new byte[length];
    Arrays.fill(data, (byte) version);
    return data;
  }

  /** Null when {@code seen} is one whole version of {@link #filled}; else what is wrong. */
  static @Nullable String checkUniform(byte[] seen) {
    if (seen.length != LARGE_BYTES && seen.length != 100_000) {
      return "length " + seen.length;
    }
    for (int i = 1; i < seen.length; i++) {
      if (seen[i] != seen[0]) {
        return "mixed versions " + seen[0] + " and " + seen[i] + " at byte " + i;
      }
    }
    return null;
  }
}
