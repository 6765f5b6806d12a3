package dev.prism.origin.demo;

import dev.prism.origin.config.PrismConfig;
import dev.prism.origin.launch.OriginLauncher;
import dev.prism.origin.player.PlayerRoutes;
import dev.prism.packager.naming.ResourceNaming;
import dev.prism.store.BlobStore;
import dev.prism.store.contract.AssetKeys;
import dev.prism.store.contract.LadderRecord;
import dev.prism.transcoder.ProgressEvent;
import dev.prism.transcoder.PublishedVersion;
import dev.prism.transcoder.TranscodeException;
import dev.prism.transcoder.TranscodeRequest;
import dev.prism.transcoder.Transcoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What {@code prism demo} does between parsing its command line and waiting for Ctrl-C
 * (docs/ARCHITECTURE.md, "Decisions"): reuse or create the development keys ({@link DemoKeys}),
 * load the configuration with the demo's own values ({@link #configOverrides}), transcode the clip
 * into the store unless that version is already there (the transcoder's version-id rule makes a
 * repeat a no-op), start the origin with the gate, the entitlement mint and the {@code /player}
 * page on {@code 127.0.0.1}, and mint the 24-hour development viewer token the printed command line
 * uses.
 *
 * <p>DEVELOPMENT ONLY. No origin secret is configured (a browser cannot send one) and the cookies
 * are not {@code Secure}, because the demo is plain {@code http://127.0.0.1}.
 */
public final class DemoRun implements AutoCloseable {

  /**
   * The demo clip kept in the repository's {@code media/} folder (docs/ARCHITECTURE.md, Decisions).
   */
  public static final String DEFAULT_CLIP = "bbb_480p_30s_h264_aac51.mp4";

  /** The asset id of the demo clip. */
  public static final String DEFAULT_ASSET_ID = "bbb";

  /** The title of the demo clip. */
  public static final String DEFAULT_TITLE = "Big Buck Bunny";

  /** The {@code sub} of the demo's development viewer tokens. */
  public static final String SUBJECT = "demo-viewer";

  /** Lifetime of the printed development token (docs/ARCHITECTURE.md: 24 hours). */
  public static final Duration PRINTED_TOKEN_TTL = Duration.ofHours(24);

  /** Lifetime of each token {@code /player/dev-token} hands the page. */
  static final Duration PAGE_TOKEN_TTL = Duration.ofHours(1);

  /** The default port (docs/ARCHITECTURE.md's command line names it). */
  public static final int DEFAULT_PORT = 8080;

  private static final String HOST = "127.0.0.1";

  /**
   * What to run.
   *
   * @param stateDir the development state folder (normally {@code .prism})
   * @param input the mezzanine, a local file
   * @param assetId the asset id; null derives it from {@code input} ({@link #assetIdFor})
   * @param port the port on 127.0.0.1; 0 picks a free one (before binding, because {@code
   *     delivery.publicBaseUrls} must name it)
   */
  public record Request(Path stateDir, Path input, @Nullable String assetId, int port) {
    public Request {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port not in 0..65535: " + port);
      }
      if (assetId != null) {
        AssetKeys.requireId(assetId, "--asset");
      }
    }
  }

  private final DemoKeys keys;
  private final PublishedVersion published;
  private final OriginLauncher.Running origin;
  private final String baseUrl;
  private final String token;

  private DemoRun(
      DemoKeys keys,
      PublishedVersion published,
      OriginLauncher.Running origin,
      String baseUrl,
      String token) {
    this.keys = keys;
    this.published = published;
    this.origin = origin;
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /**
   * Runs the demo's start-up path.
   *
   * @param request what to run
   * @param loadConfig loads the configuration with the given dotted-key values set by the command
   *     (over the file, under the environment), e.g. {@code ConfigOptions::load}
   * @param progress transcode progress (possibly from another thread)
   * @param clock issues the printed token
   * @return the running demo; close it to stop
   * @throws IOException when the keys cannot be created or read, or the input is not a file
   * @throws TranscodeException when the transcode fails (the store is as it was)
   * @throws InterruptedException when interrupted during the transcode (FFmpeg is stopped and the
   *     partial version removed)
   * @throws OriginLauncher.StartException when the gate or the mint cannot use the keys
   */
  public static DemoRun start(
      Request request,
      Function<Map<String, String>, PrismConfig> loadConfig,
      Consumer<ProgressEvent> progress,
      Clock clock)
      throws IOException, TranscodeException, InterruptedException, OriginLauncher.StartException {
    if (!Files.isRegularFile(request.input())) {
      throw new IOException("no such file: " + request.input());
    }
    String assetId = request.assetId() != null ? request.assetId() : assetIdFor(request.input());
    int port = request.port() == 0 ? freeLoopbackPort() : request.port();
    DemoKeys keys = DemoKeys.loadOrCreate(request.stateDir());
    PrismConfig cfg = loadConfig.apply(configOverrides(keys, port));

    BlobStore store = cfg.store().open();
    PublishedVersion published;
    try {
      published =
          Transcoder.transcode(transcodeRequest(cfg, request.input(), assetId), store, progress);
    } catch (TranscodeException | InterruptedException | RuntimeException e) {
      store.close();
      throw e;
    }
    OriginLauncher.Running origin =
        OriginLauncher.start(
            cfg,
            store,
            (server, vertx) ->
                server.addRoutes(
                    new PlayerRoutes(
                            assetId,
                            () ->
                                keys.identity()
                                    .mint(vertx, SUBJECT, "", PAGE_TOKEN_TTL, clock.instant()))
                        ::mount));
    try {
      String token =
          keys.identity().mint(origin.vertx(), SUBJECT, "", PRINTED_TOKEN_TTL, clock.instant());
      return new DemoRun(keys, published, origin, "http://" + HOST + ":" + port, token);
    } catch (RuntimeException e) {
      origin.close();
      throw e;
    }
  }

  /**
   * The values {@code prism demo} sets over the configuration file: the origin and the gate on
   * {@code 127.0.0.1:port}, that URL as the only public base URL, the demo key group and nothing
   * else trusted, no origin secret, the viewer IP from the TCP peer (no CDN in front), the
   * entitlement mint on with the demo signing key, cookies not {@code Secure} (plain http) and
   * host-only, and the development JWKS.
   */
  public static Map<String, String> configOverrides(DemoKeys keys, int port) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("server.host", HOST);
    o.put("server.port", Integer.toString(port));
    o.put("server.tls.enabled", "false");
    o.put("delivery.publicBaseUrls", "http://" + HOST + ":" + port);
    o.put("gate.enabled", "true");
    o.put(
        "gate.cloudfront.keys",
        "[{id: "
            + keys.keyPairId()
            + ", publicKeyFile: "
            + DemoKeys.yamlString(keys.publicKeyFile().toString())
            + "}]");
    o.put("gate.cloudCdn.keys", "");
    o.put("gate.originSecret.values", "");
    o.put("gate.originSecret.protectOperations", "false");
    o.put("gate.viewerIp.header", "");
    o.put("entitlement.enabled", "true");
    o.put("entitlement.signingKey.id", keys.keyPairId());
    o.put("entitlement.signingKey.privateKeyFile", keys.privateKeyFile().toString());
    o.put("entitlement.signingKey.secretsManagerSecretId", "");
    o.put("entitlement.signingKey.ssmParameterName", "");
    o.put("entitlement.cookie.domain", "");
    o.put("entitlement.cookie.secure", "false");
    o.put("entitlement.cookie.sameSite", "Lax");
    o.put("entitlement.jwt.jwks", keys.identity().jwksFile().toString());
    o.put("entitlement.jwt.issuer", dev.prism.entitlement.http.DevelopmentIdentity.ISSUER);
    o.put("entitlement.jwt.audience", dev.prism.entitlement.http.DevelopmentIdentity.AUDIENCE);
    return o;
  }

  /**
   * The asset id for an input file: {@value #DEFAULT_ASSET_ID} for the demo clip, else the file
   * name without its extension, with every character outside {@code [A-Za-z0-9._-]} replaced by
   * {@code -}, leading characters that are not letters or digits dropped, cut to 128 characters
   * ({@link ResourceNaming#isValidId}); {@code asset} when nothing is left, and {@code -asset}
   * appended to a reserved word of the URL grammar ({@code hls.mp4} gives {@code hls-asset}).
   */
  public static String assetIdFor(Path input) {
    String name = input.getFileName() == null ? "" : input.getFileName().toString();
    if (name.equals(DEFAULT_CLIP)) {
      return DEFAULT_ASSET_ID;
    }
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    String id = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
    if (id.length() > 128) {
      id = id.substring(0, 128);
    }
    if (ResourceNaming.isReservedWord(id)) {
      return id + "-asset";
    }
    return id.isEmpty() ? "asset" : id;
  }

  // TranscodeRequest's policy is declared AssetRecord.@Nullable Policy; javac 17 does not carry a
  // type annotation on a nested type across modules (compiled class files), so NullAway sees a
  // non-null parameter here. The null (no policy change) is intended and checked in the transcoder.
  @SuppressWarnings("NullAway")
  private static TranscodeRequest transcodeRequest(PrismConfig cfg, Path input, String assetId)
      throws TranscodeException {
    boolean demoClip =
        input.getFileName() != null && input.getFileName().toString().equals(DEFAULT_CLIP);
    return new TranscodeRequest(
        input,
        input.toString(),
        assetId,
        demoClip ? DEFAULT_TITLE : null,
        null,
        cfg.transcoder().loadLadder(),
        cfg.transcoder().fragmentDurationMs(),
        cfg.transcoder().workDir());
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The asset id. */
  public String assetId() {
    return published.assetId();
  }

  /** What the transcode did, and the published version. */
  public PublishedVersion published() {
    return published;
  }

  /** The keys in use. */
  public DemoKeys keys() {
    return keys;
  }

  /** The bound port. */
  public int port() {
    return origin.port();
  }

  /** {@code http://127.0.0.1:port}: the origin, and the demo's one public base URL. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The 24-hour development viewer token (a JWT, RFC 7519) in the printed command line. */
  public String token() {
    return token;
  }

  /** The player page for the asset. */
  public String playerUrl() {
    return baseUrl + "/player/?asset=" + assetId();
  }

  /** The multivariant playlist URL (403 without the signed cookies). */
  public String hlsUrl() {
    return baseUrl + ResourceNaming.multivariantPlaylistPath(assetId());
  }

  /** The MPD URL (403 without the signed cookies). */
  public String dashUrl() {
    return baseUrl + ResourceNaming.mpdPath(assetId());
  }

  /**
   * docs/ARCHITECTURE.md's command line (Decisions), exactly: mint the signed cookies into curl's
   * jar with the development token, then fetch the multivariant playlist with them.
   */
  public String curlCommand() {
    return "curl -s -c cookies.txt -X POST -H 'Authorization: Bearer "
        + token
        + "' "
        + baseUrl
        + "/play/"
        + assetId()
        + " && curl -s -b cookies.txt "
        + hlsUrl();
  }

  /** What {@code prism demo} prints once the origin is up (stdout). */
  public String banner() {
    String tracks =
        published.ladder().tracks().stream()
            .map(LadderRecord.Track::id)
            .collect(Collectors.joining(", "));
    String did;
    switch (published.outcome()) {
      case ENCODED:
        did = "transcoded";
        break;
      case REPUBLISHED:
        did = "republished (already transcoded)";
        break;
      default:
        did = "already transcoded";
        break;
    }
    String nl = System.lineSeparator();
    return String.format(
            Locale.ROOT,
            "prism demo: %s (%s) %s as version %s [%s] in %s%n",
            assetId(),
            published.asset().title(),
            did,
            published.version(),
            tracks,
            origin.store().describe())
        + String.format(
            Locale.ROOT,
            "prism demo: gate on, key pair %s (%s), viewer JWKS %s; keys %s%n",
            keys.keyPairId(),
            keys.keyGroupFile(),
            keys.identity().jwksFile(),
            keys.created() ? "created now" : "reused")
        + nl
        + "  asset id     "
        + assetId()
        + nl
        + "  player page  "
        + playerUrl()
        + nl
        + "  HLS          "
        + hlsUrl()
        + nl
        + "  DASH         "
        + dashUrl()
        + nl
        + "  (both answer 403 without the signed cookies; POST /play/"
        + assetId()
        + " mints them)"
        + nl
        + nl
        + "Signed cookies with a 24-hour development viewer token (DEVELOPMENT ONLY), then the"
        + " multivariant playlist:"
        + nl
        + nl
        + curlCommand()
        + nl
        + nl
        + "Ctrl-C stops the origin."
        + nl;
  }

  /** Stops the origin gracefully (drain, close Vert.x, close the store); blocks until done. */
  @Override
  public void close() {
    origin.close();
  }

  /**
   * Blocks until Ctrl-C or SIGTERM, then stops the origin gracefully from the shutdown hook.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public void awaitShutdownSignal() throws InterruptedException {
    origin.awaitShutdownSignal();
  }
}
