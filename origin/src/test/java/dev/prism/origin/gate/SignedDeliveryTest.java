package dev.prism.origin.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.entitlement.signing.CloudCdnSigning;
import dev.prism.entitlement.signing.CloudFrontSigner;
import dev.prism.entitlement.signing.HashAlgorithm;
import dev.prism.entitlement.signing.IpRange;
import dev.prism.entitlement.signing.SignedGrant;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.origin.TestOrigin;
import dev.prism.origin.config.GateConfig;
import dev.prism.store.BlobStore;
import dev.prism.store.BlobStores;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, "Show it with" (origin side): a started origin on 127.0.0.1 over a folder store holding
 * the packager's real CMAF fixtures, with the gate installed from a {@link GateConfig} as {@code
 * prism serve} does. Credentials are minted by the signing package's {@link CloudFrontSigner} and
 * {@link CloudCdnSigning}, for the CDN's public URL, as the entitlement service would.
 */
class SignedDeliveryTest {
  static final String CDN = "https://d111111abcdef8.cloudfront.net";
  static final String RSA_ID = "K2JCJMDEHXQW5F";
  static final String EC_ID = "K3ECDSAP256ROT";
  static final String CDN_KEY_NAME = "prism-key-1";
  static final String SECRET_OLD = "old-origin-secret-0123456789";
  static final String SECRET_NEW = "new-origin-secret-9876543210";
  static final String FORBIDDEN = "Forbidden\n";

  static BlobStore store;
  static Path keys;
  static CloudFrontSigner rsaSigner;
  static CloudFrontSigner ecSigner;
  static byte[] cdnKey;

  /** X-Forwarded-For behind two trusted proxies; origin secret required on /v1/ only. */
  static TestOrigin origin;

  @BeforeAll
  static void start(@TempDir Path folder) throws Exception {
    store = BlobStores.folder(folder.resolve("store"));
    GatedOrigin.publishBbb240(store, "bbb240", "v0f1e2d3c");
    GatedOrigin.publishBbb240(store, "other", "v0a0b0c0d");

    keys = Files.createDirectories(folder.resolve("keys"));
    KeyPair rsa = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
    KeyPair ec = SigningKeys.generate(SigningKeys.KeyAlgorithm.ECDSA_P256);
    SigningKeys.writePublicKeyPem(rsa.getPublic(), keys.resolve(RSA_ID + ".pub.pem"));
    SigningKeys.writePublicKeyPem(ec.getPublic(), keys.resolve(EC_ID + ".pub.pem"));
    rsaSigner = new CloudFrontSigner(RSA_ID, rsa.getPrivate(), HashAlgorithm.SHA1);
    ecSigner = new CloudFrontSigner(EC_ID, ec.getPrivate(), HashAlgorithm.SHA256);
    cdnKey = new byte[16];
    new SecureRandom().nextBytes(cdnKey);
    Files.writeString(
        keys.resolve(CDN_KEY_NAME + ".b64"), Base64.getUrlEncoder().encodeToString(cdnKey) + "\n");

    origin =
        GatedOrigin.start(store, config("X-Forwarded-For", 2, false), List.of(URI.create(CDN)));
  }

  static GateConfig config(String viewerIpHeader, int trustedProxies, boolean protectOperations) {
    return config(
        viewerIpHeader,
        trustedProxies,
        List.of(),
        List.of(SECRET_OLD, SECRET_NEW),
        protectOperations);
  }

  static GateConfig config(
      String viewerIpHeader,
      int trustedProxies,
      List<String> trustedPeers,
      List<String> originSecrets,
      boolean protectOperations) {
    return new GateConfig(
        true,
        new GateConfig.CloudFront(
            List.of(
                new GateConfig.CloudFrontKey(RSA_ID, keys.resolve(RSA_ID + ".pub.pem")),
                new GateConfig.CloudFrontKey(EC_ID, keys.resolve(EC_ID + ".pub.pem")))),
        new GateConfig.CloudCdn(
            List.of(new GateConfig.CloudCdnKey(CDN_KEY_NAME, keys.resolve(CDN_KEY_NAME + ".b64")))),
        new GateConfig.ViewerIp(viewerIpHeader, trustedProxies, trustedPeers),
        new GateConfig.OriginSecret("X-Origin-Secret", originSecrets, protectOperations),
        1_000,
        GateConfig.VerifyFailureLimit.DEFAULTS);
  }

  @AfterAll
  static void stop() {
    if (origin != null) {
      origin.close();
    }
    if (store != null) {
      store.close();
    }
  }

  // ---------------------------------------------------------------- cookies: a whole playback

  @Test
  void cookieViewer_wholeHlsAndDashPlayback_everyResourceServed() {
    String[] player = cookieHeaders(wholeAsset(rsaSigner, "bbb240"));
    List<String> hls = playHls(origin, "/v1/bbb240/hls/index.m3u8", player);
    List<String> dash = playDash(origin, "/v1/bbb240/dash/index.mpd", player);

    assertThat(hls).anyMatch(p -> p.endsWith("/init.mp4")).anyMatch(p -> p.endsWith(".m4s"));
    assertThat(hls.stream().filter(p -> p.endsWith(".m4s")).count()).isGreaterThanOrEqualTo(12);
    // HLS and DASH name the same segment URLs (docs/ARCHITECTURE.md): one cached object per
    // segment.
    assertThat(Set.copyOf(dash))
        .isEqualTo(Set.copyOf(hls.stream().filter(p -> !p.endsWith(".m3u8")).toList()));
  }

  @Test
  void cookieViewer_ecdsaSha256KeyOfTheSameGroup_alsoPlays() {
    // Rotation: a second key in the key group (ECDSA P-256, SHA-256) is accepted alongside RSA.
    String[] player = cookieHeaders(wholeAsset(ecSigner, "bbb240"));
    assertThat(playHls(origin, "/v1/bbb240/hls/index.m3u8", player)).isNotEmpty();
  }

  // ---------------------------------------------------------------- hotlinkers

  @Test
  void hotlinker_withoutOrWithBadCookies_fixed403OnManifestsAndSegments() {
    List<String> paths = resourcePaths();
    SignedGrant expired =
        rsaSigner.mintCustom(CDN + "/v1/bbb240/*", Instant.now().minusSeconds(1), null, null);
    SignedGrant valid = wholeAsset(rsaSigner, "bbb240");
    String tampered =
        cookieHeader(valid).replace("CloudFront-Signature=", "CloudFront-Signature=AAAA");
    List<String[]> hotlinkers =
        List.of(
            new String[] {"X-Origin-Secret", SECRET_NEW},
            new String[] {
              "X-Origin-Secret",
              SECRET_NEW,
              "Cookie",
              cookieHeader(valid).replaceFirst("CloudFront-Policy=[^;]*", "CloudFront-Policy=@@@@")
            },
            new String[] {"X-Origin-Secret", SECRET_NEW, "Cookie", cookieHeader(expired)},
            new String[] {"X-Origin-Secret", SECRET_NEW, "Cookie", tampered},
            new String[] {
              "X-Origin-Secret",
              SECRET_NEW,
              "Cookie",
              cookieHeader(valid).replace(RSA_ID, "KUNKNOWN")
            });
    for (String[] hotlinker : hotlinkers) {
      for (String path : paths) {
        assertForbidden(origin.get(path, hotlinker), path);
      }
    }
    String metrics = origin.scrape();
    for (String reason :
        List.of("missing", "malformed", "expired", "bad_signature", "unknown_key")) {
      assertThat(metrics)
          .contains("prism_gate_denials_total{guard=\"signed_request\",reason=\"" + reason + "\"}");
    }
  }

  @Test
  void cookieForAssetA_doesNotOpenAssetB() {
    String[] playerOfA = cookieHeaders(wholeAsset(rsaSigner, "bbb240"));
    assertThat(origin.get("/v1/bbb240/hls/index.m3u8", playerOfA).statusCode()).isEqualTo(200);
    assertForbidden(origin.get("/v1/other/hls/index.m3u8", playerOfA), "B's playlist");
    assertForbidden(origin.get("/v1/other/dash/index.mpd", playerOfA), "B's MPD");
    assertForbidden(
        origin.get("/v1/other/v0a0b0c0d/video-240/2000/1.m4s", playerOfA), "B's segment");
    assertThat(origin.scrape())
        .contains(
            "prism_gate_denials_total{guard=\"signed_request\",reason=\"resource_mismatch\"}");
  }

  @Test
  void cookieForAssetA_dotSegmentsOrEscapesTowardsB_refused() {
    String[] playerOfA = cookieHeaders(wholeAsset(rsaSigner, "bbb240"));
    // The raw path starts with A's prefix (which the policy covers); its normalised form is B's.
    for (String path :
        List.of(
            "/v1/bbb240/%2e%2e/other/hls/index.m3u8",
            "/v1/bbb240/../other/hls/index.m3u8",
            "/v1/bbb240//hls/index.m3u8",
            "/v1/bbb240/hls/%69ndex.m3u8")) {
      assertForbidden(origin.get(path, playerOfA), path);
    }
  }

  // ---------------------------------------------------------------- origin secret

  @Test
  void originSecret_missingWrongOrRepeated_403_bothRotationValuesAccepted() {
    String cookie = cookieHeader(wholeAsset(rsaSigner, "bbb240"));
    String path = "/v1/bbb240/v0f1e2d3c/video-120/2000/1.m4s";
    assertForbidden(origin.get(path, "Cookie", cookie), "no secret");
    assertForbidden(origin.get(path, "Cookie", cookie, "X-Origin-Secret", "guess"), "wrong");
    assertForbidden(
        origin.get(path, "Cookie", cookie, "X-Origin-Secret", SECRET_OLD + "x"), "longer");
    assertForbidden(
        origin.get(
            path, "Cookie", cookie, "X-Origin-Secret", SECRET_OLD, "X-Origin-Secret", SECRET_NEW),
        "repeated");
    assertThat(origin.get(path, "Cookie", cookie, "X-Origin-Secret", SECRET_OLD).statusCode())
        .isEqualTo(200);
    assertThat(origin.get(path, "Cookie", cookie, "X-Origin-Secret", SECRET_NEW).statusCode())
        .isEqualTo(200);
    // Operations routes stay open unless protectOperations.
    assertThat(origin.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(origin.scrape())
        .contains("prism_gate_denials_total{guard=\"origin_secret\",reason=\"origin_secret\"}");
  }

  @Test
  void originSecret_protectOperations_healthzAndMetricsNeedIt() throws Exception {
    try (TestOrigin guarded =
        GatedOrigin.start(store, config("", 0, true), List.of(URI.create(CDN)))) {
      assertForbidden(guarded.get("/healthz"), "/healthz");
      assertForbidden(guarded.get("/metrics"), "/metrics");
      assertThat(guarded.get("/healthz", "X-Origin-Secret", SECRET_OLD).statusCode())
          .isEqualTo(200);
      assertThat(guarded.get("/metrics", "X-Origin-Secret", SECRET_NEW).statusCode())
          .isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------- cookie-less players

  @Test
  void signedUrlViewer_rewrittenManifestPrivate_neverServedToAnotherViewer() {
    String[] cdn = {"X-Origin-Secret", SECRET_NEW};
    SignedGrant first = wholeAsset(rsaSigner, "bbb240");
    SignedGrant second =
        rsaSigner.mintCustom(CDN + "/v1/bbb240/*", Instant.now().plusSeconds(600), null, null);
    String entry = "/v1/bbb240/hls/index.m3u8";

    HttpResponse<byte[]> a = origin.get(entry + "?" + first.signedUrlQuery(), cdn);
    double manifestMissesAfterFirst = cacheMisses(origin);
    HttpResponse<byte[]> b = origin.get(entry + "?" + second.signedUrlQuery(), cdn);
    HttpResponse<byte[]> cookie = origin.get(entry, cookieHeaders(first));
    HttpResponse<byte[]> aAgain = origin.get(entry + "?" + first.signedUrlQuery(), cdn);

    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(header(a, "cache-control")).isEqualTo("private, no-store");
    assertThat(header(a, "content-encoding")).isNull();
    assertThat(uris(text(a)))
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u).endsWith("?" + first.signedUrlQuery()));
    assertThat(header(b, "cache-control")).isEqualTo("private, no-store");
    assertThat(text(b)).contains(second.signedUrlQuery()).doesNotContain(first.signature());
    assertThat(header(cookie, "cache-control")).isEqualTo("public, max-age=10");
    assertThat(text(cookie)).doesNotContain("Signature=").doesNotContain("Policy=");
    assertThat(text(aAgain)).isEqualTo(text(a));
    assertThat(header(a, "etag"))
        .isNotEqualTo(header(b, "etag"))
        .isNotEqualTo(header(cookie, "etag"));
    // All three came from one cached manifest: the signing parameters are not part of any cache
    // key (the second signed viewer caused no new miss).
    assertThat(cacheMisses(origin)).isEqualTo(manifestMissesAfterFirst);
  }

  @Test
  void signedUrlViewer_withoutCookies_playsWholeHlsAndDash() {
    SignedGrant grant = wholeAsset(rsaSigner, "bbb240");
    String[] cdn = {"X-Origin-Secret", SECRET_NEW};
    List<String> hls = playHls(origin, "/v1/bbb240/hls/index.m3u8?" + grant.signedUrlQuery(), cdn);
    List<String> dash =
        playDash(origin, "/v1/bbb240/dash/index.mpd?" + grant.signedUrlQuery(), cdn);
    assertThat(hls)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).endsWith("?" + grant.signedUrlQuery()));
    assertThat(dash)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).endsWith("?" + grant.signedUrlQuery()));
    // The media playlists were rewritten too, and kept private.
    String mediaPlaylist = hls.stream().filter(p -> p.contains(".m3u8")).findFirst().orElseThrow();
    assertThat(header(origin.get(mediaPlaylist, cdn), "cache-control"))
        .isEqualTo("private, no-store");
  }

  @Test
  void signedUrl_exactCannedGrant_manifestNotRewritten() {
    String entry = "/v1/bbb240/hls/index.m3u8";
    SignedGrant canned = rsaSigner.mintCanned(CDN + entry, Instant.now().plusSeconds(300));
    HttpResponse<byte[]> r =
        origin.get(entry + "?" + canned.signedUrlQuery(), "X-Origin-Secret", SECRET_NEW);
    assertThat(r.statusCode()).isEqualTo(200);
    // A grant for one URL cannot authorise the playlists it names: nothing is appended.
    assertThat(header(r, "cache-control")).isEqualTo("public, max-age=10");
    assertThat(text(r)).doesNotContain("Signature=");
  }

  // ---------------------------------------------------------------- viewer IP

  @Test
  void ipBoundPolicy_xForwardedForTwoTrustedProxies_viewerIsSecondFromRight() {
    SignedGrant grant =
        rsaSigner.mintCustom(
            CDN + "/v1/bbb240/*",
            Instant.now().plusSeconds(300),
            null,
            IpRange.parse("203.0.113.0/24"));
    String cookie = cookieHeader(grant);
    String path = "/v1/bbb240/v0f1e2d3c/audio-en/2000/1.m4s";
    String[] viaCdn = {"X-Origin-Secret", SECRET_NEW, "Cookie", cookie};

    assertThat(
            get(path, viaCdn, "X-Forwarded-For", "198.51.100.20, 203.0.113.9, 10.0.0.1")
                .statusCode())
        .isEqualTo(200);
    // The viewer wrote the allowed address itself, at the left: ignored.
    assertForbidden(
        get(path, viaCdn, "X-Forwarded-For", "203.0.113.9, 198.51.100.20, 10.0.0.1"),
        "spoofed XFF");
    assertForbidden(get(path, viaCdn, "X-Forwarded-For", "203.0.113.9"), "too few hops");
    assertForbidden(origin.get(path, viaCdn), "no XFF");
    assertThat(origin.scrape())
        .contains("prism_gate_denials_total{guard=\"signed_request\",reason=\"ip_mismatch\"}");
  }

  @Test
  void ipBoundPolicy_cloudFrontViewerAddress_onlyThatHeaderCounts() throws Exception {
    SignedGrant grant =
        rsaSigner.mintCustom(
            CDN + "/v1/bbb240/*",
            Instant.now().plusSeconds(300),
            null,
            IpRange.parse("203.0.113.9/32"));
    String[] viaCdn = {"X-Origin-Secret", SECRET_NEW, "Cookie", cookieHeader(grant)};
    String path = "/v1/bbb240/dash/index.mpd";
    try (TestOrigin cf =
        GatedOrigin.start(
            store, config("CloudFront-Viewer-Address", 0, false), List.of(URI.create(CDN)))) {
      assertThat(
              cf.get(path, concat(viaCdn, "CloudFront-Viewer-Address", "203.0.113.9:51234"))
                  .statusCode())
          .isEqualTo(200);
      assertForbidden(
          cf.get(path, concat(viaCdn, "CloudFront-Viewer-Address", "198.51.100.20:51234")),
          "other IP");
      assertForbidden(
          cf.get(path, concat(viaCdn, "X-Forwarded-For", "203.0.113.9")),
          "XFF is not trusted here");
      assertForbidden(cf.get(path, viaCdn), "header absent");
    }
  }

  @Test
  void ipBoundPolicy_noOriginSecret_addressHeaderBelievedOnlyFromATrustedPeer() throws Exception {
    SignedGrant grant =
        rsaSigner.mintCustom(
            CDN + "/v1/bbb240/*",
            Instant.now().plusSeconds(300),
            null,
            IpRange.parse("203.0.113.9/32"));
    String[] viewer = {
      "Cookie", cookieHeader(grant), "CloudFront-Viewer-Address", "203.0.113.9:51234"
    };
    String path = "/v1/bbb240/dash/index.mpd";
    // No origin secret and no trusted peer: the header may have been written by the viewer.
    try (TestOrigin direct =
        GatedOrigin.start(
            store,
            config("CloudFront-Viewer-Address", 0, List.of(), List.of(), false),
            List.of(URI.create(CDN)))) {
      assertForbidden(direct.get(path, viewer), "address header from an unvouched request");
    }
    // The test client is the load balancer on a trusted peer address: believed.
    try (TestOrigin proxied =
        GatedOrigin.start(
            store,
            config("CloudFront-Viewer-Address", 0, List.of("127.0.0.0/8"), List.of(), false),
            List.of(URI.create(CDN)))) {
      assertThat(proxied.get(path, viewer).statusCode()).isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------- Cloud CDN

  @Test
  void cloudCdn_cookieOpensTheAsset_urlPrefixSignedUrlRewritesTheManifest() {
    long expires = Instant.now().plusSeconds(300).getEpochSecond();
    String cookie =
        CloudCdnSigning.COOKIE_NAME
            + "="
            + CloudCdnSigning.signCookieValue(CDN + "/v1/bbb240/", CDN_KEY_NAME, cdnKey, expires);
    String[] player = {"X-Origin-Secret", SECRET_NEW, "Cookie", cookie};
    assertThat(playDash(origin, "/v1/bbb240/dash/index.mpd", player)).isNotEmpty();
    assertForbidden(origin.get("/v1/other/dash/index.mpd", player), "Cloud CDN cookie for A on B");

    String signed =
        CloudCdnSigning.signUrlPrefix(
            CDN + "/v1/bbb240/hls/index.m3u8", CDN + "/v1/bbb240/", CDN_KEY_NAME, cdnKey, expires);
    String query = signed.substring(signed.indexOf('?') + 1);
    List<String> hls =
        playHls(origin, "/v1/bbb240/hls/index.m3u8?" + query, "X-Origin-Secret", SECRET_NEW);
    assertThat(hls).isNotEmpty().allSatisfy(p -> assertThat(p).endsWith("?" + query));
  }

  // ---------------------------------------------------------------- players

  /**
   * Plays an HLS presentation as a player would: the multivariant playlist, every media playlist,
   * then every URI they name; every response must be 200. Returns the paths fetched after the entry
   * playlist.
   */
  static List<String> playHls(TestOrigin o, String entry, String... headers) {
    HttpResponse<byte[]> multivariant = o.get(entry, headers);
    assertThat(multivariant.statusCode()).as(entry).isEqualTo(200);
    List<String> fetched = new ArrayList<>();
    for (String playlist : resolveAll(entry, uris(text(multivariant)))) {
      HttpResponse<byte[]> media = o.get(playlist, headers);
      assertThat(media.statusCode()).as(playlist).isEqualTo(200);
      fetched.add(playlist);
      for (String resource : resolveAll(playlist, uris(text(media)))) {
        if (!fetched.contains(resource)) {
          HttpResponse<byte[]> r = o.get(resource, headers);
          assertThat(r.statusCode()).as(resource).isEqualTo(200);
          assertThat(header(r, "content-type")).as(resource).matches("(video|audio)/mp4");
          assertThat(r.body()).isNotEmpty();
          fetched.add(resource);
        }
      }
    }
    return fetched;
  }

  /**
   * Plays a DASH presentation: the MPD, then every init and media segment its SegmentTemplate and
   * SegmentTimeline name for every Representation. Returns the paths fetched.
   */
  static List<String> playDash(TestOrigin o, String entry, String... headers) {
    HttpResponse<byte[]> mpd = o.get(entry, headers);
    assertThat(mpd.statusCode()).as(entry).isEqualTo(200);
    String xml = text(mpd);
    List<String> fetched = new ArrayList<>();
    Matcher sets =
        Pattern.compile("<AdaptationSet\\b.*?</AdaptationSet>", Pattern.DOTALL).matcher(xml);
    while (sets.find()) {
      String set = sets.group();
      String init = attribute(set, "initialization");
      String media = attribute(set, "media");
      int start = Integer.parseInt(attribute(set, "startNumber"));
      int count = 0;
      Matcher s = Pattern.compile("<S\\b[^>]*>").matcher(set);
      while (s.find()) {
        Matcher r = Pattern.compile("\\br=\"([0-9]+)\"").matcher(s.group());
        count += 1 + (r.find() ? Integer.parseInt(r.group(1)) : 0);
      }
      Matcher reps = Pattern.compile("<Representation\\b[^>]*\\bid=\"([^\"]+)\"").matcher(set);
      while (reps.find()) {
        String id = reps.group(1);
        List<String> uris = new ArrayList<>();
        uris.add(init.replace("$RepresentationID$", id));
        for (int n = start; n < start + count; n++) {
          uris.add(
              media.replace("$RepresentationID$", id).replace("$Number$", Integer.toString(n)));
        }
        for (String resource : resolveAll(entry, uris)) {
          HttpResponse<byte[]> r = o.get(resource, headers);
          assertThat(r.statusCode()).as(resource).isEqualTo(200);
          assertThat(r.body()).isNotEmpty();
          fetched.add(resource);
        }
      }
    }
    assertThat(fetched).isNotEmpty();
    return fetched;
  }

  /** Every manifest and a few segments of asset bbb240, for the hotlink checks. */
  static List<String> resourcePaths() {
    return List.of(
        "/v1/bbb240/hls/index.m3u8",
        "/v1/bbb240/dash/index.mpd",
        "/v1/bbb240/v0f1e2d3c/hls/2000/video-240.m3u8",
        "/v1/bbb240/v0f1e2d3c/video-240/init.mp4",
        "/v1/bbb240/v0f1e2d3c/video-240/2000/1.m4s",
        "/v1/bbb240/v0f1e2d3c/audio-en/2000/4.m4s");
  }

  // ---------------------------------------------------------------- helpers

  static SignedGrant wholeAsset(CloudFrontSigner signer, String assetId) {
    return signer.mintCustom(
        CDN + "/v1/" + assetId + "/*", Instant.now().plusSeconds(300), null, null);
  }

  static String cookieHeader(SignedGrant grant) {
    return grant.cookies().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
  }

  /** What a player behind the CDN sends: its cookies, plus the secret the CDN adds. */
  static String[] cookieHeaders(SignedGrant grant) {
    return new String[] {"Cookie", cookieHeader(grant), "X-Origin-Secret", SECRET_NEW};
  }

  static HttpResponse<byte[]> get(String path, String[] headers, String... more) {
    return origin.get(path, concat(headers, more));
  }

  static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static void assertForbidden(HttpResponse<byte[]> r, String what) {
    assertThat(r.statusCode()).as(what).isEqualTo(403);
    assertThat(text(r)).as(what).isEqualTo(FORBIDDEN);
    assertThat(header(r, "cache-control")).as(what).isEqualTo("no-store");
    assertThat(header(r, "content-type")).as(what).isEqualTo("text/plain; charset=utf-8");
  }

  /** Sum of the manifest caches' misses. */
  static double cacheMisses(TestOrigin o) {
    double sum = 0;
    for (String line : o.scrape().split("\n")) {
      if (line.startsWith("prism_cache_misses_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** URI lines and URI="…" attributes of an HLS playlist. */
  static List<String> uris(String playlist) {
    List<String> out = new ArrayList<>();
    Matcher attr = Pattern.compile("URI=\"([^\"]+)\"").matcher(playlist);
    for (String line : playlist.split("\n")) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      if (!l.startsWith("#")) {
        out.add(l);
      }
    }
    while (attr.find()) {
      out.add(attr.group(1));
    }
    return out;
  }

  /** {@code refs} resolved against {@code base} (a path with query), as origin paths + query. */
  static List<String> resolveAll(String base, List<String> refs) {
    Set<String> out = new LinkedHashSet<>();
    URI b = URI.create("http://origin" + base);
    for (String ref : refs) {
      URI u = b.resolve(ref.replace("&amp;", "&"));
      out.add(u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    }
    return new ArrayList<>(out);
  }

  static String attribute(String xml, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(xml);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1).replace("&amp;", "&");
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static @Nullable String header(HttpResponse<byte[]> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }
}
