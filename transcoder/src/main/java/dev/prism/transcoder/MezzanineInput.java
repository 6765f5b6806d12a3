package dev.prism.transcoder;

import dev.prism.store.BlobNotFoundException;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import dev.prism.store.S3StoreSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The mezzanine as a local file: a path as given, or an {@code http(s)} URL (for example a
 * presigned GET) or {@code s3://bucket/key} downloaded into a temporary file first (FFmpeg reads
 * the input twice, to probe and to encode, and the input's SHA-256 is needed before encoding).
 * Closing deletes a downloaded file.
 *
 * @param file the local file
 * @param name how the input is named in {@code audit.json}: the path, or the URL without its query
 *     (a presigned URL's signature is a credential and is never recorded)
 * @param downloaded whether {@code file} is a temporary download
 */
public record MezzanineInput(Path file, String name, boolean downloaded) implements AutoCloseable {
  private static final int S3_CHUNK_BYTES = 8 << 20;

  /**
   * Resolves {@code input}.
   *
   * @param input a path, an {@code http(s)://} URL or {@code s3://bucket/key}
   * @param workDir where a download goes (created if missing); null for the system temp folder
   * @param s3 endpoint, region and credentials for {@code s3://} inputs (the bucket and prefix are
   *     replaced by the URL's); null to use AWS S3 with the default credentials chain
   * @throws TranscodeException {@link TranscodeException.Reason#INPUT_UNREADABLE} when the file is
   *     missing or the download fails
   * @throws InterruptedException when interrupted while downloading (the partial file is removed)
   */
  public static MezzanineInput resolve(
      String input, @Nullable Path workDir, @Nullable S3StoreSettings s3)
      throws TranscodeException, InterruptedException {
    String lower = input.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      URI uri = uri(input);
      return download(workDir, withoutQuery(uri), target -> http(uri, target));
    }
    if (lower.startsWith("s3://")) {
      URI uri = uri(input);
      String bucket = uri.getHost();
      String key = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
      if (bucket == null || bucket.isEmpty() || key.isEmpty()) {
        throw unreadable("expected s3://bucket/key, got " + input, null);
      }
      S3StoreSettings settings =
          (s3 == null ? S3StoreSettings.aws(bucket, "us-east-1") : s3)
              .withBucket(bucket)
              .withPrefix("");
      return download(workDir, "s3://" + bucket + "/" + key, target -> s3(settings, key, target));
    }
    Path file = Path.of(input);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw unreadable(input + " is not a readable file", null);
    }
    return new MezzanineInput(file, input, false);
  }

  /** Deletes a downloaded file; a local input is left alone. */
  @Override
  public void close() {
    if (downloaded) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // best effort: the file is in a temporary folder
      }
    }
  }

  private interface Fetch {
    void into(Path target) throws TranscodeException, InterruptedException, IOException;
  }

  private static MezzanineInput download(@Nullable Path workDir, String name, Fetch fetch)
      throws TranscodeException, InterruptedException {
    Path target;
    try {
      if (workDir != null) {
        Files.createDirectories(workDir);
        target = Files.createTempFile(workDir, "prism-input-", ".media");
      } else {
        target = Files.createTempFile("prism-input-", ".media");
      }
    } catch (IOException e) {
      throw unreadable("cannot create a temporary file: " + e, e);
    }
    boolean ok = false;
    try {
      fetch.into(target);
      ok = true;
      return new MezzanineInput(target, name, true);
    } catch (IOException e) {
      throw unreadable("cannot download " + name + ": " + e.getMessage(), e);
    } finally {
      if (!ok) {
        try {
          Files.deleteIfExists(target);
        } catch (IOException e) {
          // best effort
        }
      }
    }
  }

  private static void http(URI uri, Path target)
      throws TranscodeException, InterruptedException, IOException {
    HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<Path> response =
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
    if (response.statusCode() / 100 != 2) {
      throw unreadable(
          "GET " + withoutQuery(uri) + " answered HTTP " + response.statusCode(), null);
    }
  }

  private static void s3(S3StoreSettings settings, String key, Path target)
      throws TranscodeException, InterruptedException, IOException {
    try (BlobStore store = BlobStores.s3(settings);
        OutputStream os = Files.newOutputStream(target);
        WritableByteChannel out = Channels.newChannel(os)) {
      long size = store.metadata(key).get().sizeBytes();
      for (long offset = 0; offset < size; offset += S3_CHUNK_BYTES) {
        ByteBuffer chunk = store.read(key, offset, S3_CHUNK_BYTES).get();
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof BlobNotFoundException) {
        throw unreadable("s3://" + settings.bucket() + "/" + key + " does not exist", cause);
      }
      throw unreadable(
          "cannot read s3://" + settings.bucket() + "/" + key + ": " + cause.getMessage(), cause);
    }
  }

  private static URI uri(String input) throws TranscodeException {
    try {
      return new URI(input);
    } catch (URISyntaxException e) {
      throw unreadable("not a valid URL: " + e.getMessage(), e);
    }
  }

  /** A URL without query and fragment: presigned URLs carry their signature in the query. */
  static String withoutQuery(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority()
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static TranscodeException unreadable(String message, @Nullable Throwable cause) {
    return new TranscodeException(TranscodeException.Reason.INPUT_UNREADABLE, message, cause);
  }
}
