package dev.prism.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.store.testing.S3ProxyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The contract against a real S3-compatible server (S3Proxy, filesystem backend) on 127.0.0.1, plus
 * presigned URLs and what only S3 does. Each test gets its own bucket.
 */
class S3BlobStoreTest extends BlobStoreContractTest {
  /** Lowered so the multipart path runs with a 12 MiB file; 5 MiB is S3's smallest part. */
  private static final long THRESHOLD_BYTES = 6L << 20;

  private static final long PART_BYTES = 5L << 20;
  private static final int PAGE_SIZE = 10;

  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();

  private final HttpClient http = HttpClient.newHttpClient();
  private S3StoreSettings settings;

  @Override
  protected BlobStore openStore() {
    settings = S3.newBucket();
    return new S3BlobStore(settings, THRESHOLD_BYTES, PART_BYTES, PAGE_SIZE);
  }

  @Override
  protected BlobStore openBrokenStore() {
    return new S3BlobStore(S3.settings("no-such-bucket"));
  }

  @Override
  protected long multipartThresholdBytes() {
    return THRESHOLD_BYTES;
  }

  @Test
  void writeIfMatch_sendsTheConditionSoAStaleWriterIsRefusedByTheServer() {
    // The store does not compare tags itself on S3: the server's 412 is what refuses the write.
    await(store.write("a/asset.json", sequence(10)));
    String tag = await(store.readTagged("a/asset.json")).etag();
    await(store.write("a/asset.json", sequence(20))); // an unconditional writer got in between

    assertThat(failure(store.writeIfMatch("a/asset.json", sequence(30), tag)))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("412")
        .hasMessageContaining("a/asset.json");
    assertThat(await(store.readAll("a/asset.json"))).isEqualTo(sequence(20));
  }

  @Test
  void copy_aboveTheCopyThreshold_copiesInPartsExactly() {
    // This store's thresholds are lowered: a 12 MiB copy is three UploadPartCopy parts.
    byte[] data = sequence(12 << 20);
    await(store.write("a/_staging/j1/video.cmfv", data));

    await(store.copy("a/_staging/j1/video.cmfv", "a/v1/video.cmfv"));

    assertThat(await(store.readAll("a/v1/video.cmfv"))).isEqualTo(data);
  }

  @Test
  void list_moreKeysThanAPage_followsEveryPage() {
    List<String> expected =
        IntStream.range(0, 45).mapToObj(i -> String.format("p/%02d", i)).toList();
    expected.stream().map(key -> store.write(key, sequence(1))).toList().forEach(f -> await(f));
    long pagesBefore = ((S3BlobStore) store).listPagesFetched();

    assertThat(await(store.list("p/"))).containsExactlyElementsOf(expected);
    assertThat(((S3BlobStore) store).listPagesFetched() - pagesBefore).isEqualTo(5);
  }

  @Test
  void upload_aboveThreshold_isOneMultipartObject() throws Exception {
    byte[] data = sequence((int) (2 * PART_BYTES + 1000));
    Path file = Files.write(scratch.resolve("track.cmfv"), data);

    await(store.upload("a/v/track.cmfv", file));

    // A multipart object's ETag is "md5-of-part-md5s-{parts}": this one went up in three parts.
    assertThat(await(store.metadata("a/v/track.cmfv")).etag()).endsWith("-3");
    assertThat(await(store.readAll("a/v/track.cmfv"))).isEqualTo(data);
  }

  @Test
  void upload_withCrc32PartChecksumsAsOnAws_storesItsBytes() throws Exception {
    try (BlobStore withChecksums =
        new S3BlobStore(settings, THRESHOLD_BYTES, PART_BYTES, PAGE_SIZE, true)) {
      byte[] data = sequence((int) (2 * PART_BYTES + 77));
      Path file = Files.write(scratch.resolve("track.cmfv"), data);

      await(withChecksums.upload("a/track.cmfv", file));

      assertThat(await(store.metadata("a/track.cmfv")).etag()).endsWith("-3");
      assertThat(await(store.readAll("a/track.cmfv"))).isEqualTo(data);
    }
  }

  @Test
  void upload_completeRefused_abortsTheUploadAndLeavesNoObject() throws Exception {
    // Parts below S3's 5 MiB minimum: every part is accepted, CompleteMultipartUpload is refused.
    try (BlobStore tooSmallParts = new S3BlobStore(settings, 2L << 20, 1L << 20, PAGE_SIZE)) {
      Path file = Files.write(scratch.resolve("track.cmfv"), sequence(3 << 20));

      Throwable failure = failure(tooSmallParts.upload("a/track.cmfv", file));

      assertThat(failure)
          .isExactlyInstanceOf(BlobStoreException.class)
          .hasMessageContaining("a/track.cmfv")
          .hasCauseInstanceOf(S3Exception.class);
      assertThat(failure(store.metadata("a/track.cmfv"))).isInstanceOf(BlobNotFoundException.class);
      try (S3AsyncClient raw = S3Clients.configure(S3AsyncClient.builder(), settings).build()) {
        // A probe upload shows the listing works; the failed one is no longer there.
        raw.createMultipartUpload(b -> b.bucket(settings.bucket()).key("probe")).join();
        assertThat(raw.listMultipartUploads(b -> b.bucket(settings.bucket())).join().uploads())
            .extracting(MultipartUpload::key)
            .containsExactly("probe");
      }
    }
  }

  @Test
  void upload_belowThreshold_isASinglePut() throws Exception {
    Path file = Files.write(scratch.resolve("small.bin"), sequence(1000));

    await(store.upload("small.bin", file));

    assertThat(await(store.metadata("small.bin")).etag()).doesNotContain("-");
  }

  @Test
  void prefix_keysLiveUnderItAndListWithoutIt() {
    try (BlobStore prefixed = new S3BlobStore(settings.withPrefix("tenant"))) {
      await(prefixed.write("a/k", sequence(10)));

      assertThat(await(prefixed.list(""))).containsExactly("a/k");
      assertThat(await(store.list(""))).containsExactly("tenant/a/k");
      assertThat(await(prefixed.readAll("a/k"))).isEqualTo(sequence(10));
    }
  }

  @Test
  void calls_missingBucket_failWithBlobStoreExceptionKeepingTheCause() {
    try (BlobStore broken = openBrokenStore()) {
      Throwable read = failure(broken.readAll("k"));
      Throwable head = failure(broken.metadata("k"));

      assertThat(read)
          .isExactlyInstanceOf(BlobStoreException.class)
          .hasMessageContaining("no-such-bucket")
          .hasCauseInstanceOf(S3Exception.class);
      assertThat(head)
          .isExactlyInstanceOf(BlobStoreException.class)
          .hasMessageContaining("no-such-bucket")
          .hasCauseInstanceOf(S3Exception.class);
    }
  }

  @Test
  void metadata_missingKeyInExistingBucket_isNotFoundEveryTime() {
    assertThat(failure(store.metadata("a"))).isInstanceOf(BlobNotFoundException.class);
    assertThat(failure(store.metadata("b"))).isInstanceOf(BlobNotFoundException.class);
    assertThat(failure(store.read("c", 0, 0))).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void localFile_anyKey_isEmpty() {
    await(store.write("k", sequence(10)));

    assertThat(store.localFile("k")).isEmpty();
  }

  @Test
  void describe_namesBucketAndEndpoint() {
    assertThat(store.describe()).isEqualTo("s3://" + settings.bucket() + "/ at " + S3.endpoint());
  }

  @Test
  void presignedPutThenGet_plainHttpClient_roundTripsTheObject() throws Exception {
    byte[] body = "{\"assetId\":\"bbb\"}".getBytes(StandardCharsets.UTF_8);
    try (S3Presigning presigning = BlobStores.s3Presigning(settings)) {
      PresignedRequest put = presigning.presignPut("bbb/asset.json");
      HttpRequest.Builder putRequest =
          HttpRequest.newBuilder(put.uri()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
      put.headers().forEach((name, values) -> values.forEach(v -> putRequest.header(name, v)));

      HttpResponse<String> putResponse =
          http.send(putRequest.build(), HttpResponse.BodyHandlers.ofString());

      assertThat(put.method()).isEqualTo("PUT");
      assertThat(putResponse.statusCode()).as(putResponse.body()).isEqualTo(200);
      assertThat(await(store.readAll("bbb/asset.json"))).isEqualTo(body);

      PresignedRequest get = presigning.presignGet("bbb/asset.json");
      HttpResponse<byte[]> getResponse =
          http.send(
              HttpRequest.newBuilder(get.uri()).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(get.method()).isEqualTo("GET");
      assertThat(getResponse.statusCode()).isEqualTo(200);
      assertThat(getResponse.body()).isEqualTo(body);
      assertThat(get.expiration())
          .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plusSeconds(3601));
    }
  }

  @Test
  void presignedGet_tamperedUrl_isForbidden() throws Exception {
    await(store.write("secret/a.json", sequence(10)));
    await(store.write("secret/b.json", sequence(10)));
    try (S3Presigning presigning = new S3Presigning(settings)) {
      URI signed = presigning.presignGet("secret/a.json", Duration.ofMinutes(5)).uri();
      URI otherKey = URI.create(signed.toString().replace("/a.json?", "/b.json?"));
      URI otherSignature = flipFirstSignatureDigit(signed);

      assertThat(status(signed)).isEqualTo(200);
      assertThat(otherKey).isNotEqualTo(signed);
      assertThat(otherSignature).isNotEqualTo(signed);
      assertThat(status(otherKey)).isEqualTo(403);
      assertThat(status(otherSignature)).isEqualTo(403);
    }
  }

  @Test
  void presign_invalidKeyOrTtl_throwsIllegalArgument() {
    try (S3Presigning presigning = new S3Presigning(settings)) {
      assertThatThrownBy(() -> presigning.presignGet("../x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'../x'");
      assertThatThrownBy(() -> presigning.presignPut("k", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> presigning.presignPut("k", Duration.ofDays(8)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void settings_toString_hidesTheSecret() {
    assertThat(settings.toString())
        .doesNotContain(S3ProxyFixture.SECRET_ACCESS_KEY)
        .contains(S3ProxyFixture.ACCESS_KEY_ID);
  }

  private static URI flipFirstSignatureDigit(URI signed) {
    String url = signed.toString();
    int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
    char flipped = url.charAt(at) == '0' ? '1' : '0';
    return URI.create(url.substring(0, at) + flipped + url.substring(at + 1));
  }

  private int status(URI uri) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
