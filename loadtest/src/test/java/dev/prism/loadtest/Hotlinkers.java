package dev.prism.loadtest;

import dev.prism.entitlement.signing.CloudFrontSigner;
import dev.prism.entitlement.signing.HashAlgorithm;
import dev.prism.entitlement.signing.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What hotlinkers replay: the URLs of one real playback, scraped once before the run by a
 * legitimate viewer (mint, multivariant playlist, MPD, a media playlist, its init segment and first
 * segments), and the cookies they present instead of a valid grant:
 *
 * <ul>
 *   <li>{@link #forgedCookies()}: a real grant with one character of its signature changed;
 *   <li>{@link #expiredCookies()}: a grant correctly signed with the mint's own key that expired a
 *       minute ago (needs the signing key: {@code prism.signingKeyFile} and {@code
 *       prism.keyPairId}, or {@code prism.config});
 *   <li>{@link #validCookies()}: the real grant, for the direct hits without the origin secret.
 * </ul>
 */
final class Hotlinkers {
  private static final Pattern SET_COOKIE = Pattern.compile("^([^=;\\s]+)=([^;]*)");
  private static final Pattern EXPIRES = Pattern.compile("\"expiresEpochSeconds\"\\s*:\\s*(\\d+)");
  private static final Pattern HLS_URL = Pattern.compile("\"hls\"\\s*:\\s*\"([^\"]+)\"");
  private static final String SIGNATURE = "CloudFront-Signature";
  private static final int SEGMENTS = 3;

  private final List<String> urls;
  private final Map<String, String> validCookies;
  private final @Nullable Map<String, String> expiredCookies;

  private Hotlinkers(
      List<String> urls,
      Map<String, String> validCookies,
      @Nullable Map<String, String> expiredCookies) {
    this.urls = List.copyOf(urls);
    this.validCookies = Map.copyOf(validCookies);
    this.expiredCookies = expiredCookies == null ? null : Map.copyOf(expiredCookies);
  }

  /**
   * Plays the asset once as a legitimate viewer (the first token of the feeder) and records what
   * was fetched.
   *
   * @throws IllegalStateException if the origin does not answer like a Prism origin
   */
  static Hotlinkers scrape(LoadSettings settings) {
    // HTTP/1.1 like Gatling and like a CDN's origin fetches (Java's default would try an h2c
    // upgrade).
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    String token = firstToken(settings);
    HttpRequest.Builder mint =
        HttpRequest.newBuilder(URI.create(settings.mintBaseUrl() + "/play/" + settings.assetId()))
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + token);
    HttpResponse<String> minted = send(client, legit(mint, settings));
    if (minted.statusCode() != 200) {
      throw new IllegalStateException(
          "POST /play/"
              + settings.assetId()
              + " answered "
              + minted.statusCode()
              + ": "
              + minted.body());
    }
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String header : minted.headers().allValues("Set-Cookie")) {
      Matcher m = SET_COOKIE.matcher(header);
      if (m.find()) {
        cookies.put(m.group(1), m.group(2));
      }
    }
    if (!cookies.containsKey(SIGNATURE)) {
      throw new IllegalStateException(
          "the mint set no " + SIGNATURE + " cookie: " + cookies.keySet());
    }
    String cookieHeader = cookieHeader(cookies);

    List<String> urls = new ArrayList<>();
    String multivariant = settings.baseUrl() + "/v1/" + settings.assetId() + "/hls/index.m3u8";
    String mpd = settings.baseUrl() + "/v1/" + settings.assetId() + "/dash/index.mpd";
    Manifests.Ladder ladder =
        Manifests.multivariantPlaylist(
            get(client, multivariant, cookieHeader, settings), URI.create(multivariant));
    get(client, mpd, cookieHeader, settings);
    Manifests.Rendition video = ladder.video().get(0);
    String playlistUrl = String.valueOf(video.playlistUrl());
    video = video.withMediaPlaylist(get(client, playlistUrl, cookieHeader, settings));
    urls.add(multivariant);
    urls.add(mpd);
    urls.add(playlistUrl);
    urls.add(String.valueOf(video.initUrl()));
    urls.addAll(video.segmentUrls().subList(0, Math.min(SEGMENTS, video.segmentUrls().size())));
    for (String url : urls) {
      get(client, url, cookieHeader, settings); // every scraped URL works with the real grant
    }
    return new Hotlinkers(urls, cookies, expired(settings, minted.body()));
  }

  /** The scraped URLs, absolute; each hotlinker requests all of them. */
  List<String> urls() {
    return urls;
  }

  /** The real grant's cookies. */
  Map<String, String> validCookies() {
    return validCookies;
  }

  /** The real grant with one signature character changed (still valid CloudFront base64). */
  Map<String, String> forgedCookies() {
    Map<String, String> forged = new LinkedHashMap<>(validCookies);
    String signature = forged.get(SIGNATURE);
    int at = signature.length() / 2;
    char flipped = signature.charAt(at) == 'A' ? 'B' : 'A';
    forged.put(SIGNATURE, signature.substring(0, at) + flipped + signature.substring(at + 1));
    return forged;
  }

  /** A correctly signed grant that expired a minute ago, or null without the signing key. */
  @Nullable Map<String, String> expiredCookies() {
    return expiredCookies;
  }

  /** {@code name=value; name=value}, as a browser sends cookies. */
  static String cookieHeader(Map<String, String> cookies) {
    StringJoiner joined = new StringJoiner("; ");
    cookies.forEach((name, value) -> joined.add(name + "=" + value));
    return joined.toString();
  }

  private static @Nullable Map<String, String> expired(LoadSettings settings, String mintBody) {
    if (settings.signingKeyFile() == null || settings.keyPairId() == null) {
      return null;
    }
    Matcher hls = HLS_URL.matcher(mintBody);
    Matcher expires = EXPIRES.matcher(mintBody);
    if (!hls.find() || !expires.find()) {
      throw new IllegalStateException("unexpected mint body: " + mintBody);
    }
    // The grant's resource is the asset prefix the mint signed: {publicBaseUrl}/v1/{assetId}/*
    String hlsUrl = hls.group(1);
    String resource = hlsUrl.substring(0, hlsUrl.length() - "hls/index.m3u8".length()) + "*";
    try {
      CloudFrontSigner signer =
          new CloudFrontSigner(
              settings.keyPairId(),
              SigningKeys.readPrivateKeyPem(settings.signingKeyFile()),
              HashAlgorithm.SHA1);
      Instant expiredAt = Instant.now().minusSeconds(60);
      return signer.mintCustom(resource, expiredAt, null, null).cookies();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing key " + settings.signingKeyFile(), e);
    }
  }

  private static String get(
      HttpClient client, String url, String cookieHeader, LoadSettings settings) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).GET().header("Cookie", cookieHeader);
    HttpResponse<String> response = send(client, legit(request, settings));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "a legitimate GET " + url + " answered " + response.statusCode() + " before the run");
    }
    return response.body();
  }

  private static HttpRequest legit(HttpRequest.Builder request, LoadSettings settings) {
    if (settings.viewerIpHeader() != null) {
      // the last address of 10/8: no virtual viewer of the run uses it
      request.header(settings.viewerIpHeader(), settings.viewerAddress(0xffffff));
    }
    if (settings.originSecret() != null) {
      request.header(settings.originSecretHeader(), settings.originSecret());
    }
    return request.timeout(Duration.ofSeconds(30)).build();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String firstToken(LoadSettings settings) {
    try {
      List<String> lines = Files.readAllLines(settings.requireTokens());
      if (lines.size() < 2 || !lines.get(0).trim().startsWith("token")) {
        throw new IllegalStateException(settings.tokens() + " is not a token,subject CSV");
      }
      String row = lines.get(1);
      int comma = row.indexOf(',');
      return comma < 0 ? row.trim() : row.substring(0, comma).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
