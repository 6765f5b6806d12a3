package dev.prism.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private PrismConfig loadFile(String yaml) throws IOException {
    return ConfigLoader.load(write(yaml), Map.of(), dir);
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("prism.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private String errorOf(String yaml) {
    return errorOf(yaml, Map.of());
  }

  private String errorOf(String yaml, Map<String, String> env) {
    Throwable thrown = null;
    try {
      ConfigLoader.load(write(yaml), env, dir);
    } catch (ConfigException e) {
      thrown = e;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(thrown).as("a ConfigException").isNotNull();
    String message = thrown.getMessage();
    assertThat(message).as("one line").doesNotContain("\n").startsWith("config error: ");
    return message;
  }

  @Test
  void defaults_fromClasspathCopy_haveTheDocumentedValues() {
    PrismConfig c = ConfigLoader.defaults(dir);

    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().tls().enabled()).isFalse();
    assertThat(c.server().tls().certFile()).isEmpty();
    assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.store().type()).isEqualTo(StoreConfig.Type.FOLDER);
    assertThat(c.store().folder().path()).isEqualTo(dir.resolve(".prism/store"));
    assertThat(c.store().s3().endpoint()).isEmpty();
    assertThat(c.store().s3().accessKeyId()).isEmpty();
    assertThat(c.cache().manifestTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.cache().segmentMaxBytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(c.delivery().publicBaseUrls()).containsExactly(URI.create("http://127.0.0.1:8080"));
    assertThat(c.delivery().segmentDurationMs()).isEqualTo(6000);
    assertThat(c.delivery().cors().allowedOrigins()).isEmpty();
    assertThat(c.gate().enabled()).isTrue();
    assertThat(c.gate().cloudfront().keys()).isEmpty();
    assertThat(c.gate().viewerIp().header()).isEqualTo("CloudFront-Viewer-Address");
    assertThat(c.gate().originSecret().header()).isEqualTo("X-Origin-Secret");
    assertThat(c.gate().originSecret().required()).isFalse();
    assertThat(c.entitlement().cookieTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.entitlement().cookie().sameSite().attributeValue()).isEqualTo("Lax");
    assertThat(c.entitlement().jwt().jwks()).isEqualTo(dir.resolve(".prism/dev-jwks.json").toUri());
    assertThat(c.entitlement().jwt().leeway()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.entitlement().jwt().claims().subscriptionStatus()).isEqualTo("subscription");
    assertThat(c.entitlement().viewerCountryHeader()).isEqualTo("CloudFront-Viewer-Country");
    assertThat(c.transcoder().ladder()).isEqualTo(dir.resolve("conf/ladder.yaml"));
    assertThat(c.transcoder().fragmentDuration()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void defaultsResource_isTheRepositoryConfFile() throws IOException {
    // Surefire runs in origin/, so ../conf is the repository's conf folder.
    String repository = Files.readString(Path.of("../conf/prism.yaml"), StandardCharsets.UTF_8);
    try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(repository);
    }
  }

  @Test
  void load_topLevelTypo_oneLineNamingKeyAllowedAndSuggestion() {
    assertThat(errorOf("cahce:\n  manifestTtl: 5s\n"))
        .isEqualTo(
            "config error: unknown key cahce (allowed: server, store, cache, delivery, gate,"
                + " entitlement, transcoder); did you mean cache?");
  }

  @Test
  void load_nestedTypo_namesFullDottedPath() {
    assertThat(errorOf("cache:\n  manifestTTL: 5s\n"))
        .isEqualTo(
            "config error: unknown key cache.manifestTTL (allowed: manifestTtl, segmentMaxBytes,"
                + " indexMaxEntries, immutableMaxEntries, staleIfError, corruptVerdictTtl); did you mean manifestTtl?");
  }

  @Test
  void load_badDuration_namesKeyValueAndSyntax() {
    assertThat(errorOf("cache:\n  manifestTtl: 10x\n"))
        .isEqualTo(
            "config error: cache.manifestTtl = \"10x\": expected a duration like 10s, 5m, 500ms");
  }

  @Test
  void load_unitlessDuration_isRefused() {
    assertThat(errorOf("entitlement:\n  cookieTtl: 300\n"))
        .isEqualTo(
            "config error: entitlement.cookieTtl = 300: expected a duration like 10s, 5m, 500ms");
  }

  @Test
  void load_badSize_namesKeyValueAndSyntax() {
    assertThat(errorOf("cache:\n  segmentMaxBytes: 512 megs\n"))
        .isEqualTo(
            "config error: cache.segmentMaxBytes = \"512 megs\": expected a size like 512MiB,"
                + " 64KiB, 1GiB or a number of bytes");
  }

  @Test
  void load_portNotANumber_namesKey() {
    assertThat(errorOf("server:\n  port: http\n"))
        .isEqualTo("config error: server.port = \"http\": expected a whole number");
  }

  @Test
  void load_numbersThatDoNotFit_areNamed() {
    assertThat(errorOf("server:\n  port: 99999999999\n"))
        .isEqualTo("config error: server.port = 99999999999: expected a whole number");
    assertThat(errorOf("server:\n  port: 80.5\n"))
        .isEqualTo("config error: server.port = 80.5: expected a whole number");
  }

  @Test
  void load_portOutOfRange_namesRange() {
    assertThat(errorOf("server:\n  port: 70000\n"))
        .isEqualTo(
            "config error: server.port = 70000: expected a port from 0 to 65535 (0 = any free"
                + " port)");
  }

  @Test
  void load_segmentDurationBelowWhatSegmentUrlsCarry_refused() {
    // Segment URLs carry {segMs} in 1000..60000: a shorter grid would publish playlists whose
    // every segment URL answers 404.
    assertThat(errorOf("delivery:\n  segmentDurationMs: 999\n"))
        .isEqualTo(
            "config error: delivery.segmentDurationMs = 999: expected milliseconds from 1000 to"
                + " 60000");
    assertThat(errorOf("delivery:\n  segmentDurationMs: 60001\n")).contains("1000 to 60000");
    assertThat(
            ConfigLoader.fromYaml("delivery:\n  segmentDurationMs: 1000\n", dir)
                .delivery()
                .segmentDurationMs())
        .isEqualTo(1000);
  }

  @Test
  void load_unknownEnumValue_listsAllowedValues() {
    assertThat(errorOf("store:\n  type: gcs\n"))
        .isEqualTo("config error: store.type = \"gcs\": expected one of folder, s3");
  }

  @Test
  void load_booleanTypo_isRefused() {
    assertThat(errorOf("gate:\n  enabled: ture\n"))
        .isEqualTo("config error: gate.enabled = \"ture\": expected true or false");
  }

  @Test
  void load_mappingWhereScalarExpected_isRefused() {
    assertThat(errorOf("server:\n  port:\n    http: 80\n"))
        .isEqualTo("config error: server.port = {\"http\":80}: expected a whole number");
  }

  @Test
  void load_scalarWhereSectionExpected_listsSectionKeys() {
    assertThat(errorOf("cache: 5\n"))
        .isEqualTo(
            "config error: cache = 5: expected a mapping with keys manifestTtl, segmentMaxBytes,"
                + " indexMaxEntries, immutableMaxEntries, staleIfError, corruptVerdictTtl");
  }

  @Test
  void load_emptyValue_isNamed() {
    assertThat(errorOf("server:\n  host:\n"))
        .isEqualTo("config error: server.host = (empty): expected a string");
  }

  @Test
  void load_listItemMissingKey_namesItem() {
    assertThat(errorOf("gate:\n  cloudfront:\n    keys:\n      - id: K1\n"))
        .isEqualTo("config error: gate.cloudfront.keys[0] has no key publicKeyFile");
  }

  @Test
  void load_listItemUnknownKey_namesItemPath() {
    assertThat(
            errorOf(
                "gate:\n  cloudfront:\n    keys:\n      - {id: K1, publicKeyFile: k.pem, pem: x}\n"))
        .isEqualTo(
            "config error: unknown key gate.cloudfront.keys[0].pem (allowed: id, publicKeyFile)");
  }

  @Test
  void load_badBaseUrl_namesListItem() {
    assertThat(errorOf("delivery:\n  publicBaseUrls: [https://cdn.example.com/]\n"))
        .startsWith(
            "config error: delivery.publicBaseUrls[0] = \"https://cdn.example.com/\": expected an"
                + " http(s) URL");
  }

  @Test
  void load_sameSiteNoneWithoutSecure_isRefused() {
    assertThat(errorOf("entitlement:\n  cookie: {secure: false, sameSite: None}\n"))
        .startsWith("config error: entitlement.cookie.sameSite = \"None\": expected Strict or Lax");
  }

  @Test
  void load_s3WithoutBucket_isRefused() {
    assertThat(errorOf("store:\n  type: s3\n"))
        .isEqualTo(
            "config error: store.s3.bucket = \"\": expected a bucket name when store.type is s3");
  }

  @Test
  void load_entitlementEnabledWithoutKey_namesTheKey() {
    assertThat(errorOf("entitlement:\n  enabled: true\n"))
        .startsWith("config error: entitlement.signingKey.id = \"\": expected the key pair id");
  }

  @Test
  void load_badSecret_isMaskedInTheError() {
    assertThat(errorOf("gate:\n  originSecret:\n    values: [short]\n"))
        .isEqualTo(
            "config error: gate.originSecret.values[0] = \"***\": expected a secret of at least 16"
                + " characters");
  }

  @Test
  void load_duplicateKey_isRefusedWithItsLine() {
    assertThat(errorOf("server:\n  port: 1\n  port: 2\n"))
        .startsWith("config error: ")
        .contains("line 3")
        .contains("port");
  }

  @Test
  void load_yamlSyntaxError_namesFileAndLine() throws IOException {
    Path file = write("server:\n  port: [8080\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config error: " + file + " line ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void load_missingFile_saysSo() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config error: " + missing + ": no such file");
  }

  @Test
  void load_fileLeavesKeysOut_theyKeepDefaults_listsAreReplacedWhole() throws IOException {
    PrismConfig c =
        loadFile(
            "server:\n"
                + "  port: 9090\n"
                + "delivery:\n"
                + "  publicBaseUrls: [https://d111.cloudfront.net, https://cdn.example.com]\n");

    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.delivery().publicBaseUrls())
        .containsExactly(
            URI.create("https://d111.cloudfront.net"), URI.create("https://cdn.example.com"));
    assertThat(c.delivery().primaryBaseUrl()).isEqualTo(URI.create("https://d111.cloudfront.net"));
  }

  @Test
  void load_emptySectionAndEmptyList_keepSectionDefaultsAndEmptyTheList() throws IOException {
    PrismConfig c =
        loadFile(
            "cache:\n"
                + "  # manifestTtl: 30s\n"
                + "entitlement:\n"
                + "  jwt:\n"
                + "    activeSubscriptionValues:\n"
                + "      # - active\n");
    assertThat(c.cache()).isEqualTo(ConfigLoader.defaults(dir).cache());
    assertThat(c.entitlement().jwt().activeSubscriptionValues()).isEmpty();
  }

  @Test
  void load_emptyFile_isTheDefaults() throws IOException {
    assertThat(loadFile("")).isEqualTo(ConfigLoader.defaults(dir));
  }

  @Test
  void load_gateKeysAndPaths_resolvedAgainstBaseDir() throws IOException {
    PrismConfig c =
        loadFile(
            "gate:\n"
                + "  cloudfront:\n"
                + "    keys:\n"
                + "      - id: K2JCJMDEHXQW5F\n"
                + "        publicKeyFile: conf/keys/K2JCJMDEHXQW5F.pub.pem\n"
                + "      - {id: KNEW, publicKeyFile: /etc/prism/knew.pem}\n"
                + "  cloudCdn:\n"
                + "    keys: [{name: prism-key-1, keyFile: keys/k1.b64}]\n"
                + "server:\n"
                + "  tls: {enabled: true, certFile: tls/cert.pem, keyFile: tls/key.pem}\n");

    assertThat(c.gate().cloudfront().keys())
        .containsExactly(
            new GateConfig.CloudFrontKey(
                "K2JCJMDEHXQW5F", dir.resolve("conf/keys/K2JCJMDEHXQW5F.pub.pem")),
            new GateConfig.CloudFrontKey("KNEW", Path.of("/etc/prism/knew.pem")));
    assertThat(c.gate().cloudCdn().keys())
        .containsExactly(new GateConfig.CloudCdnKey("prism-key-1", dir.resolve("keys/k1.b64")));
    assertThat(c.server().tls().certFile()).contains(dir.resolve("tls/cert.pem"));
  }

  @Test
  void load_jwksUrl_staysAUrl() throws IOException {
    PrismConfig c =
        loadFile("entitlement:\n  jwt:\n    jwks: https://id.example.com/.well-known/jwks.json\n");
    assertThat(c.entitlement().jwt().jwks())
        .isEqualTo(URI.create("https://id.example.com/.well-known/jwks.json"));
  }

  @Test
  void load_environment_overridesFileByTheNamingRule() throws IOException {
    Map<String, String> env =
        Map.of(
            "PRISM_SERVER_PORT", "9191",
            "PRISM_CACHE_MANIFEST_TTL", "30s",
            "PRISM_CACHE_SEGMENT_MAX_BYTES", "64MiB",
            "PRISM_STORE_TYPE", "s3",
            "PRISM_STORE_S3_BUCKET", "media",
            "PRISM_STORE_S3_ENDPOINT", "http://127.0.0.1:9000",
            "PRISM_STORE_S3_PATH_STYLE_ACCESS", "true",
            "PRISM_DELIVERY_PUBLIC_BASE_URLS", "https://d111.cloudfront.net, https://b.example.com",
            "PRISM_GATE_ORIGIN_SECRET_VALUES", "0123456789abcdef0123,fedcba9876543210fedc",
            "PRISM_GATE_CLOUDFRONT_KEYS", "[{id: K1, publicKeyFile: k1.pem}]");
    PrismConfig c = ConfigLoader.load(write("server:\n  port: 9090\n"), env, dir);

    assertThat(c.server().port()).isEqualTo(9191);
    assertThat(c.cache().manifestTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.cache().segmentMaxBytes()).isEqualTo(64L << 20);
    assertThat(c.store().type()).isEqualTo(StoreConfig.Type.S3);
    assertThat(c.store().s3().bucket()).isEqualTo("media");
    assertThat(c.store().s3().endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(c.store().s3().pathStyleAccess()).isTrue();
    assertThat(c.delivery().publicBaseUrls())
        .containsExactly(
            URI.create("https://d111.cloudfront.net"), URI.create("https://b.example.com"));
    assertThat(c.gate().originSecret().values())
        .containsExactly("0123456789abcdef0123", "fedcba9876543210fedc");
    assertThat(c.gate().cloudfront().keys())
        .containsExactly(new GateConfig.CloudFrontKey("K1", dir.resolve("k1.pem")));
  }

  @Test
  void load_environmentEmptyList_clearsTheList() {
    PrismConfig c =
        ConfigLoader.load(
            null, Map.of("PRISM_ENTITLEMENT_JWT_ACTIVE_SUBSCRIPTION_VALUES", ""), dir);
    assertThat(c.entitlement().jwt().activeSubscriptionValues()).isEmpty();
  }

  @Test
  void load_environmentBadValue_namesKeyAndVariable() {
    assertThat(errorOf("", Map.of("PRISM_CACHE_MANIFEST_TTL", "10x")))
        .isEqualTo(
            "config error: cache.manifestTtl = \"10x\" (from PRISM_CACHE_MANIFEST_TTL): expected"
                + " a duration like 10s, 5m, 500ms");
  }

  @Test
  void load_environmentTypoInASection_suggestsTheVariable() {
    assertThat(errorOf("", Map.of("PRISM_CACHE_MANIFESTTTL", "30s")))
        .isEqualTo(
            "config error: unknown environment variable PRISM_CACHE_MANIFESTTTL (no such key);"
                + " did you mean PRISM_CACHE_MANIFEST_TTL?");
  }

  @Test
  void load_environmentOutsideSections_isIgnored() {
    PrismConfig c =
        ConfigLoader.load(
            null, Map.of("PRISM_JAVA_OPTS", "-Xmx1g", "PATH", "/usr/bin", "HOME", "/root"), dir);
    assertThat(c).isEqualTo(ConfigLoader.defaults(dir));
  }

  @Test
  void load_commandOverrides_overFileUnderEnvironment() throws IOException {
    Path file = write("server:\n  port: 9090\n  host: 0.0.0.0\nentitlement:\n  enabled: false\n");
    Map<String, String> demo =
        Map.of(
            "server.port", "8080",
            "server.host", "127.0.0.1",
            "entitlement.enabled", "true",
            "entitlement.signingKey.id", "KDEV",
            "entitlement.signingKey.privateKeyFile", ".prism/keys/KDEV.pem",
            "gate.cloudfront.keys", "[{id: KDEV, publicKeyFile: .prism/keys/KDEV.pub.pem}]");

    PrismConfig c = ConfigLoader.load(file, demo, Map.of("PRISM_SERVER_HOST", "0.0.0.0"), dir);

    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().host()).isEqualTo("0.0.0.0");
    assertThat(c.entitlement().enabled()).isTrue();
    assertThat(c.entitlement().signingKey().privateKeyFile())
        .contains(dir.resolve(".prism/keys/KDEV.pem"));
    assertThat(c.gate().cloudfront().keys())
        .containsExactly(
            new GateConfig.CloudFrontKey("KDEV", dir.resolve(".prism/keys/KDEV.pub.pem")));
  }

  @Test
  void load_commandOverrideBadValue_namesTheCommand() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, Map.of("cache.manifestTtl", "soon"), Map.of(), dir))
        .hasMessage(
            "config error: cache.manifestTtl = \"soon\" (from the command): expected a duration"
                + " like 10s, 5m, 500ms");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("cache.ttl", "1s"), Map.of(), dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a configuration key: cache.ttl");
  }

  @Test
  void fromYaml_overlaysDefaults_forTests() {
    PrismConfig c = ConfigLoader.fromYaml("gate: {enabled: false}\nserver: {port: 0}", dir);
    assertThat(c.gate().enabled()).isFalse();
    assertThat(c.server().port()).isZero();
    assertThat(c.cache()).isEqualTo(ConfigLoader.defaults(dir).cache());
  }

  @Test
  void load_entitlementWithKey_bindsTheKeySource() {
    PrismConfig c =
        ConfigLoader.fromYaml(
            "entitlement:\n"
                + "  enabled: true\n"
                + "  signingKey: { id: K2JCJMDEHXQW5F, privateKeyFile: .prism/keys/K2JCJMDEHXQW5F.pem }\n",
            dir);
    assertThat(c.entitlement().signingKey().privateKeyFile())
        .isEqualTo(Optional.of(dir.resolve(".prism/keys/K2JCJMDEHXQW5F.pem")));
    assertThat(c.entitlement().signingKey().secretsManagerSecretId()).isEmpty();
  }

  @Test
  void load_entitlementWithCloudCdnKey_bindsNameAndKeyFile() {
    PrismConfig c =
        ConfigLoader.fromYaml(
            "entitlement:\n"
                + "  enabled: true\n"
                + "  signingKey: { scheme: cloudCdn, name: prism-key-1, keyFile: k/prism-key-1.b64 }\n",
            dir);
    EntitlementConfig.SigningKey key = c.entitlement().signingKey();
    assertThat(key.scheme()).isEqualTo(EntitlementConfig.SigningScheme.CLOUDCDN);
    assertThat(key.name()).isEqualTo("prism-key-1");
    assertThat(key.keyFile()).contains(dir.resolve("k/prism-key-1.b64"));
    assertThat(key.id()).isEmpty();
    assertThat(key.privateKeyFile()).isEmpty();
    assertThat(ConfigLoader.defaults(dir).entitlement().signingKey().scheme())
        .isEqualTo(EntitlementConfig.SigningScheme.CLOUDFRONT);
  }

  @Test
  void load_cloudCdnKeyMisconfigured_namesTheKey() {
    assertThat(errorOf("entitlement:\n  enabled: true\n  signingKey: {scheme: cloudCdn}\n"))
        .startsWith(
            "config error: entitlement.signingKey.name = \"\": expected the Cloud CDN key name");
    assertThat(
            errorOf("entitlement:\n  enabled: true\n  signingKey: {scheme: cloudCdn, name: k1}\n"))
        .startsWith("config error: entitlement.signingKey.keyFile = \"\": expected a file");
    assertThat(
            errorOf(
                "entitlement:\n  ipBinding: true\n"
                    + "  signingKey: {scheme: cloudCdn, name: k1, keyFile: k.b64}\n"))
        .startsWith("config error: entitlement.ipBinding = true: expected false");
    assertThat(
            errorOf(
                "entitlement:\n  signingKey: {scheme: cloudCdn, id: K1, name: k1, keyFile: k}\n"))
        .contains("expected name and keyFile with scheme cloudCdn");
    assertThat(errorOf("entitlement:\n  signingKey: {name: k1, keyFile: k.b64}\n"))
        .startsWith(
            "config error: entitlement.signingKey.scheme = \"cloudFront\": expected cloudCdn");
  }

  @Test
  void toString_neverPrintsSecrets() {
    PrismConfig c =
        ConfigLoader.load(
            null,
            Map.of(
                "PRISM_STORE_S3_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "PRISM_STORE_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMIsecret",
                "PRISM_GATE_ORIGIN_SECRET_VALUES", "originsecret-0123456789"),
            dir);
    assertThat(c.toString()).doesNotContain("wJalrXUtnFEMIsecret", "originsecret-0123456789");
    assertThat(List.of(c.store().s3().secretAccessKey().orElseThrow()))
        .containsExactly("wJalrXUtnFEMIsecret");
  }

  @Test
  void cacheConfig_toSettings_carriesEveryValue() {
    CacheConfig cache = ConfigLoader.defaults(dir).cache();
    assertThat(cache.toSettings().manifestTtl()).isEqualTo(cache.manifestTtl());
    assertThat(cache.toSettings().segmentMaxBytes()).isEqualTo(cache.segmentMaxBytes());
    assertThat(cache.toSettings().indexMaxEntries()).isEqualTo(cache.indexMaxEntries());
    assertThat(cache.toSettings().immutableMaxEntries()).isEqualTo(cache.immutableMaxEntries());
  }
}
