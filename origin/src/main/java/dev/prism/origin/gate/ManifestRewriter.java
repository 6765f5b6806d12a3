package dev.prism.origin.gate;

import dev.prism.origin.delivery.ETags;
import dev.prism.origin.delivery.Resource;
import dev.prism.packager.naming.IFramePlaylistRequest;
import dev.prism.packager.naming.MediaPlaylistRequest;
import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.naming.PackagingRequest;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The manifest rewrite for cookie-less players (docs/ARCHITECTURE.md, "URLs"): a player that opened
 * a manifest with a signed URL whose policy grants the whole asset gets the same signing query
 * parameters appended to every URI in the manifest, so its next requests are authorised without
 * cookies (the pattern of CloudFront's "signed URLs" for HLS without cookies; Safari blocks
 * cross-site cookies and some TV players drop them).
 *
 * <ul>
 *   <li>HLS (RFC 8216 §4.1, §4.4): every URI line and every {@code URI="…"} attribute ({@code
 *       EXT-X-MEDIA}, {@code EXT-X-MAP}, {@code EXT-X-I-FRAME-STREAM-INF}, …);
 *   <li>DASH (ISO/IEC 23009-1 §5.3.9, §5.6): {@code SegmentTemplate@media}, {@code
 *       SegmentTemplate@initialization}, {@code SegmentTemplate@index}, {@code
 *       Initialization@sourceURL}, {@code RepresentationIndex@sourceURL}, {@code SegmentURL@media}
 *       and {@code SegmentURL@index}, and {@code BaseURL} text; the parameters are XML-escaped.
 * </ul>
 *
 * A URI is extended only when it resolves (against the public URL of the manifest) under the
 * granted prefix, so a grant is never handed to another host; {@code data:} URIs are left alone.
 * The rewritten resource is private to one viewer: {@code Cache-Control: private, no-store}, its
 * own ETag, no gzip variant. Pure functions; thread safe.
 */
public final class ManifestRewriter {
  /** {@code Cache-Control} of a rewritten manifest: one viewer's grant, never cached. */
  public static final String PRIVATE_NO_STORE = "private, no-store";

  private static final Pattern HLS_URI_ATTRIBUTE = Pattern.compile("([:,]URI=\")([^\"]*)(\")");
  private static final Pattern DASH_URL_ELEMENT =
      Pattern.compile(
          "<(?:SegmentTemplate|Initialization|RepresentationIndex|SegmentURL)\\b[^>]*>");
  private static final Pattern DASH_URL_ATTRIBUTE =
      Pattern.compile("(\\s(?:media|initialization|index|sourceURL)=\")([^\"]*)(\")");
  private static final Pattern TEMPLATE_IDENTIFIER = Pattern.compile("\\$[^$]*\\$");
  private static final Pattern DASH_BASE_URL =
      Pattern.compile("(<BaseURL\\b[^>]*>)([^<]*)(</BaseURL>)");

  /** What kind of manifest a text is. */
  public enum Kind {
    HLS,
    DASH;

    /**
     * The kind of manifest {@code request} names: {@link #HLS} for a multivariant, media or I-frame
     * playlist (RFC 8216), {@link #DASH} for an MPD (ISO/IEC 23009-1); null for anything that is
     * not a manifest.
     */
    public static @Nullable Kind of(PackagingRequest request) {
      if (request instanceof MultivariantPlaylistRequest
          || request instanceof MediaPlaylistRequest
          || request instanceof IFramePlaylistRequest) {
        return HLS;
      }
      return request instanceof MpdRequest ? DASH : null;
    }
  }

  private final URI manifestUrl;
  private final String grantedPrefix;
  private final String signingParameters;

  /**
   * @param manifestUrl the public URL of the manifest as the viewer requested it, without its
   *     query, e.g. {@code https://d111.cloudfront.net/v1/bbb/hls/index.m3u8}
   * @param grantedPrefix the URL prefix the grant covers, scheme and host lower case, e.g. {@code
   *     https://d111.cloudfront.net/v1/bbb/}
   * @param signingParameters the raw signing query parameters, e.g. {@code
   *     Policy=…&Signature=…&Key-Pair-Id=…}
   * @throws IllegalArgumentException if {@code manifestUrl} is not an absolute URI
   */
  public ManifestRewriter(String manifestUrl, String grantedPrefix, String signingParameters) {
    this.manifestUrl = URI.create(manifestUrl);
    if (!this.manifestUrl.isAbsolute()) {
      throw new IllegalArgumentException("manifest URL must be absolute: " + manifestUrl);
    }
    this.grantedPrefix = grantedPrefix;
    this.signingParameters = signingParameters;
  }

  /**
   * {@code resource} (a manifest held in memory) rewritten for this grant.
   *
   * @throws IllegalArgumentException if the body is not in memory
   */
  public Resource rewrite(Resource resource, Kind kind) {
    if (!(resource.body() instanceof Resource.InMemory)) {
      throw new IllegalArgumentException("manifests are held in memory");
    }
    String text = ((Resource.InMemory) resource.body()).bytes().toString(StandardCharsets.UTF_8);
    String rewritten = kind == Kind.HLS ? rewriteHls(text) : rewriteDash(text);
    byte[] bytes = rewritten.getBytes(StandardCharsets.UTF_8);
    return new Resource(
        resource.contentType(),
        ETags.ofBytes(bytes),
        PRIVATE_NO_STORE,
        new Resource.InMemory(Buffer.buffer(bytes)),
        null);
  }

  /** An HLS playlist with the parameters on every URI line and {@code URI} attribute. */
  public String rewriteHls(String playlist) {
    StringBuilder out = new StringBuilder(playlist.length() + 1024);
    int start = 0;
    while (start < playlist.length()) {
      int end = playlist.indexOf('\n', start);
      int next = end < 0 ? playlist.length() : end + 1;
      int contentEnd = end < 0 ? playlist.length() : end;
      if (contentEnd > start && playlist.charAt(contentEnd - 1) == '\r') {
        contentEnd--;
      }
      String line = playlist.substring(start, contentEnd);
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        out.append(line);
      } else if (trimmed.startsWith("#")) {
        out.append(replaceAll(HLS_URI_ATTRIBUTE, line, false));
      } else {
        out.append(extend(line, false)); // a URI line (RFC 8216 §4.1)
      }
      out.append(playlist, contentEnd, next);
      start = next;
    }
    return out.toString();
  }

  /** A DASH MPD with the parameters on every segment URL attribute and {@code BaseURL}. */
  public String rewriteDash(String mpd) {
    Matcher elements = DASH_URL_ELEMENT.matcher(mpd);
    StringBuilder out = new StringBuilder(mpd.length() + 1024);
    while (elements.find()) {
      elements.appendReplacement(
          out, Matcher.quoteReplacement(replaceAll(DASH_URL_ATTRIBUTE, elements.group(), true)));
    }
    elements.appendTail(out);
    Matcher base = DASH_BASE_URL.matcher(out.toString());
    StringBuilder done = new StringBuilder(out.length() + 256);
    while (base.find()) {
      base.appendReplacement(
          done,
          Matcher.quoteReplacement(base.group(1) + extend(base.group(2), true) + base.group(3)));
    }
    base.appendTail(done);
    return done.toString();
  }

  private String replaceAll(Pattern attribute, String text, boolean xml) {
    Matcher m = attribute.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 512);
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + extend(m.group(2), xml) + m.group(3)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code uri} with the parameters appended, if it resolves under the granted prefix. */
  private String extend(String uri, boolean xml) {
    String raw = xml ? unescapeXml(uri.strip()) : uri.strip();
    // DASH template identifiers ($Number%05d$, $RepresentationID$) are not URI characters.
    String probe = xml ? TEMPLATE_IDENTIFIER.matcher(raw).replaceAll("x") : raw;
    if (raw.isEmpty() || !isCovered(probe)) {
      return uri;
    }
    int hash = uri.indexOf('#');
    String head = hash < 0 ? uri : uri.substring(0, hash);
    String fragment = hash < 0 ? "" : uri.substring(hash);
    String separator = raw.indexOf('?') >= 0 ? (xml ? "&amp;" : "&") : "?";
    String params = xml ? signingParameters.replace("&", "&amp;") : signingParameters;
    return head.stripTrailing() + separator + params + fragment;
  }

  private boolean isCovered(String uri) {
    URI resolved;
    try {
      resolved = manifestUrl.resolve(new URI(uri));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return false;
    }
    if (resolved.getScheme() == null
        || resolved.getRawAuthority() == null
        || !(resolved.getScheme().equalsIgnoreCase("http")
            || resolved.getScheme().equalsIgnoreCase("https"))) {
      return false; // data:, mailto:, scheme-less junk
    }
    String path = resolved.getRawPath() == null ? "" : resolved.getRawPath();
    if (path.contains("/../") || path.endsWith("/..")) {
      return false; // climbs above the root: never covered
    }
    String normalised =
        resolved.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + resolved.getRawAuthority().toLowerCase(Locale.ROOT)
            + path;
    return normalised.startsWith(grantedPrefix);
  }

  private static String unescapeXml(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
  }
}
