package dev.prism.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.prism.store.BlobStore;
import dev.prism.store.S3StoreSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {

  @TempDir Path dir;

  @Test
  void open_defaultFolderStore_writesUnderTheConfiguredPath() throws Exception {
    StoreConfig store = ConfigLoader.defaults(dir).store();
    try (BlobStore blobs = store.open()) {
      blobs.write("bbb/asset.json", "{}".getBytes(StandardCharsets.UTF_8)).get();
      assertThat(blobs.localFile("bbb/asset.json"))
          .contains(dir.resolve(".prism/store/bbb/asset.json"));
    }
    assertThat(Files.readString(dir.resolve(".prism/store/bbb/asset.json"))).isEqualTo("{}");
  }

  @Test
  void s3ToSettings_carriesEveryValue_emptyOptionalsAreNull() {
    StoreConfig.S3 s3 =
        ConfigLoader.load(
                null,
                Map.of(
                    "PRISM_STORE_TYPE", "s3",
                    "PRISM_STORE_S3_BUCKET", "media",
                    "PRISM_STORE_S3_PREFIX", "prism",
                    "PRISM_STORE_S3_ENDPOINT", "http://127.0.0.1:9000",
                    "PRISM_STORE_S3_PATH_STYLE_ACCESS", "true"),
                dir)
            .store()
            .s3();

    S3StoreSettings settings = s3.toSettings();

    assertThat(settings.bucket()).isEqualTo("media");
    assertThat(settings.prefix()).isEqualTo("prism/");
    assertThat(settings.region()).isEqualTo("us-east-1");
    assertThat(settings.endpointOverride()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(settings.pathStyleAccess()).isTrue();
    assertThat(settings.accessKeyId()).isNull();
    assertThat(settings.secretAccessKey()).isNull();
  }

  @Test
  void load_badPrefixOrPresignTtl_isNamed() {
    assertThat(catchThrowable(() -> ConfigLoader.fromYaml("store: {s3: {prefix: /abs}}", dir)))
        .hasMessageStartingWith("config error: store.s3.prefix = \"/abs\": expected a key prefix");
    assertThat(catchThrowable(() -> ConfigLoader.fromYaml("store: {s3: {presignTtl: 8d}}", dir)))
        .hasMessage(
            "config error: store.s3.presignTtl = \"8d\": expected at most 7d (the SigV4"
                + " presigned URL limit)");
  }
}
