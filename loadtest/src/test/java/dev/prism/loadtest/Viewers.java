package dev.prism.loadtest;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.headerRegex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.prism.loadtest.Manifests.Ladder;
import dev.prism.loadtest.Manifests.Rendition;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A legitimate viewer, as a player behaves: mint signed cookies ({@code POST /play}), read the
 * multivariant playlist (HLS) or the MPD (DASH), choose a rendition, read its media playlist (HLS),
 * fetch the init segments (video and audio), then consecutive media segments (video and audio,
 * optionally in real time), switch rendition mid-stream (new media playlist and init segment, same
 * segment numbers), and re-mint before the grant expires.
 *
 * <p>Request names are the request kinds, so Gatling's report and assertions give percentiles per
 * kind: {@value #MINT}, {@value #REFRESH}, {@value #MANIFEST}, {@value #PLAYLIST}, {@value #INIT},
 * {@value #SEGMENT}.
 */
final class Viewers {
  static final String MINT = "mint";
  static final String REFRESH = "refresh";
  static final String MANIFEST = "manifest";
  static final String PLAYLIST = "playlist";
  static final String INIT = "init";
  static final String SEGMENT = "segment";

  private static final String LADDER = "ladder";
  private static final String VIDEO = "video";
  private static final String SWITCH_TO = "switchTo";
  private static final String AUDIO = "audio";
  private static final String SEG = "seg";
  private static final String SEG_COUNT = "segCount";
  private static final String SWITCH_AT = "switchAt";
  private static final String EXPIRES = "expiresEpochSeconds";
  private static final String BODY = "body";
  private static final String ANCHOR_MS = "anchorMs";
  private static final String MEDIA_MS = "mediaMs";
  private static final String GOAL_MS = "goalMs";

  private Viewers() {}

  /**
   * The HTTP protocol of legitimate viewers: the origin secret when one is configured (as a CDN
   * adds it) and each virtual viewer's own address in the trusted viewer-IP header (as CloudFront
   * adds {@code CloudFront-Viewer-Address}), so per-IP limits see many viewers, not one 127.0.0.1.
   */
  static HttpProtocolBuilder protocol(LoadSettings settings) {
    HttpProtocolBuilder protocol =
        http.baseUrl(settings.baseUrl())
            .acceptEncodingHeader("gzip, deflate")
            .userAgentHeader("prism-loadtest (Gatling)")
            .shareConnections()
            .warmUp(settings.baseUrl() + "/healthz");
    if (settings.viewerIpHeader() != null) {
      protocol = protocol.header(settings.viewerIpHeader(), "#{viewerAddress}");
    }
    if (settings.originSecret() != null) {
      protocol = protocol.header(settings.originSecretHeader(), settings.originSecret());
    }
    return protocol;
  }

  /** One viewer's whole playback (feeds a token, so it can start a scenario). */
  static ChainBuilder viewer(LoadSettings settings) {
    return exec(feed(settings))
        .exec(session -> start(session, settings))
        .exec(mint(settings, MINT))
        // A player without a grant gives up after a second, as a user would, rather than the
        // closed model replacing it at once and turning a refused mint into a flood of them.
        .exec(doIf(Session::isFailed).then(pause(Duration.ofSeconds(1))))
        .exitHereIfFailed()
        .exec(
            doIfOrElse(session -> session.getBoolean("hls"))
                .then(hlsStart(settings))
                .orElse(dashStart(settings)))
        .exec(session -> plan(session, settings))
        .exec(init(VIDEO))
        .exec(doIf(session -> session.contains(AUDIO)).then(init(AUDIO)))
        .exec(
            repeat(session -> session.getInt(SEG_COUNT), SEG)
                .on(
                    doIf(session -> refreshDue(session, settings)).then(mint(settings, REFRESH)),
                    doIf(session -> session.getInt(SEG) == session.getInt(SWITCH_AT))
                        .then(switchRendition()),
                    doIf(session ->
                            settings.pace() && session.getInt(SEG) >= settings.bufferSegments())
                        .then(pause(Viewers::untilDue)),
                    segment(VIDEO),
                    doIf(session -> session.contains(AUDIO)).then(segment(AUDIO)),
                    exec(session -> advanceClock(session, settings))));
  }

  private static ChainBuilder feed(LoadSettings settings) {
    return exec(
        io.gatling.javaapi.core.CoreDsl.feed(csv(settings.requireTokens().toString()).circular()));
  }

  private static Session start(Session session, LoadSettings settings) {
    long id = session.userId();
    // Exactly hlsPercent of every 100 consecutive viewers play HLS, spread evenly.
    boolean hls = (id * settings.hlsPercent()) / 100 != ((id - 1) * settings.hlsPercent()) / 100;
    return session.set("viewerAddress", settings.viewerAddress(id)).set("hls", hls);
  }

  /** {@code POST /play/{assetId}} with the viewer's JWT; the cookie jar keeps the grant. */
  static HttpRequestActionBuilder mint(LoadSettings settings, String name) {
    return http(name)
        .post(settings.mintBaseUrl() + "/play/" + settings.assetId())
        .header("Authorization", "Bearer #{token}")
        .check(
            status().is(200),
            headerRegex("Set-Cookie", "CloudFront-Signature=").exists(),
            jsonPath("$.expiresEpochSeconds").ofLong().saveAs(EXPIRES));
  }

  private static ChainBuilder hlsStart(LoadSettings settings) {
    String url = settings.baseUrl() + "/v1/" + settings.assetId() + "/hls/index.m3u8";
    return exec(http(MANIFEST).get(url).check(status().is(200), bodyString().saveAs(BODY)))
        .exitHereIfFailed()
        .exec(
            session ->
                choose(
                    session,
                    Manifests.multivariantPlaylist(session.getString(BODY), URI.create(url))))
        .exec(mediaPlaylist(VIDEO))
        .exec(doIf(session -> session.contains(AUDIO)).then(mediaPlaylist(AUDIO)));
  }

  private static ChainBuilder dashStart(LoadSettings settings) {
    String url = settings.baseUrl() + "/v1/" + settings.assetId() + "/dash/index.mpd";
    return exec(http(MANIFEST).get(url).check(status().is(200), bodyString().saveAs(BODY)))
        .exitHereIfFailed()
        .exec(session -> choose(session, Manifests.mpd(session.getString(BODY), URI.create(url))));
  }

  /** A rendition choice: a random video rendition now, another one for the mid-stream switch. */
  private static Session choose(Session session, Ladder ladder) {
    List<Rendition> video = ladder.video();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(video.size());
    int second =
        video.size() == 1 ? first : (first + 1 + random.nextInt(video.size() - 1)) % video.size();
    Session next =
        session
            .remove(BODY)
            .set(LADDER, ladder)
            .set(VIDEO, video.get(first))
            .set(SWITCH_TO, video.get(second));
    return ladder.audio() == null ? next : next.set(AUDIO, ladder.audio());
  }

  /** Reads the media playlist of the rendition under {@code key} and completes it. */
  private static ChainBuilder mediaPlaylist(String key) {
    return exec(http(PLAYLIST)
            .get(session -> rendition(session, key).playlistUrl())
            .check(status().is(200), bodyString().saveAs(BODY)))
        .exitHereIfFailed()
        .exec(
            session ->
                session
                    .remove(BODY)
                    .set(key, rendition(session, key).withMediaPlaylist(session.getString(BODY))));
  }

  private static Session plan(Session session, LoadSettings settings) {
    int assetSegments = rendition(session, VIDEO).segmentUrls().size();
    int count = settings.segments() > 0 ? settings.segments() : assetSegments;
    return session.set(SEG_COUNT, count).set(SWITCH_AT, count >= 2 ? count / 2 : -1);
  }

  private static ChainBuilder switchRendition() {
    return exec(session -> session.set(VIDEO, session.get(SWITCH_TO)))
        .exec(doIf(session -> !rendition(session, VIDEO).complete()).then(mediaPlaylist(VIDEO)))
        .exec(init(VIDEO));
  }

  private static HttpRequestActionBuilder init(String key) {
    return http(INIT).get(session -> rendition(session, key).initUrl()).check(status().is(200));
  }

  private static HttpRequestActionBuilder segment(String key) {
    return http(SEGMENT)
        .get(session -> at(rendition(session, key).segmentUrls(), session.getInt(SEG)))
        .check(status().is(200));
  }

  private static boolean refreshDue(Session session, LoadSettings settings) {
    long nowSeconds = System.currentTimeMillis() / 1000;
    return nowSeconds >= session.getLong(EXPIRES) - settings.refreshMarginSeconds();
  }

  /**
   * Real-time pacing: playback starts when {@code bufferSegments} segments are in, and segment k is
   * requested when it is within that buffer of the play head.
   */
  private static Session advanceClock(Session session, LoadSettings settings) {
    int seg = session.getInt(SEG);
    long mediaMs =
        (seg == 0 ? 0 : session.getLong(MEDIA_MS)) + at(rendition(session, VIDEO).segmentMs(), seg);
    Session next = session.set(MEDIA_MS, mediaMs);
    if (seg + 1 == settings.bufferSegments()) {
      next = next.set(ANCHOR_MS, System.currentTimeMillis()).set(GOAL_MS, mediaMs);
    }
    return next;
  }

  private static Duration untilDue(Session session) {
    if (!session.contains(ANCHOR_MS)) {
      return Duration.ZERO;
    }
    long dueMs = session.getLong(ANCHOR_MS) + session.getLong(MEDIA_MS) - session.getLong(GOAL_MS);
    return Duration.ofMillis(Math.max(0, dueMs - System.currentTimeMillis()));
  }

  private static Rendition rendition(Session session, String key) {
    return session.get(key);
  }

  /** Segment {@code index} of a list, looping it when a viewer watches longer than the asset. */
  private static <T> T at(List<T> list, int index) {
    return list.get(index % list.size());
  }
}
