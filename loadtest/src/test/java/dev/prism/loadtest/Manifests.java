package dev.prism.loadtest;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a player reads from Prism's manifests, just enough to request what a real player requests:
 * the variant streams and the audio rendition of an HLS multivariant playlist (RFC 8216 §4.3.4.1,
 * §4.3.4.2), the init segment and segment URIs of a media playlist (§4.3.2.1, §4.3.2.5), and the
 * per-representation init and segment URLs of a static MPD with {@code SegmentTemplate} and {@code
 * SegmentTimeline} (ISO/IEC 23009-1 §5.3.9.4, §5.3.9.6). Relative URIs are resolved against the
 * manifest URL (RFC 3986 §5, {@link URI#resolve(String)}), as players do.
 *
 * <p>Not a general parser: byte ranges, discontinuities, multi-period MPDs and {@code BaseURL}
 * elements are not used by Prism and are not handled.
 */
final class Manifests {
  private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");
  private static final Pattern TYPE_AUDIO = Pattern.compile("TYPE=AUDIO");
  private static final Pattern DEFAULT_YES = Pattern.compile("DEFAULT=YES");

  private Manifests() {}

  /**
   * One rendition as a player uses it. For HLS the first form only knows its media playlist ({@link
   * #playlistUrl}); {@link #withMediaPlaylist} fills in the init segment and segments once the
   * playlist is read. DASH renditions are complete from the MPD.
   *
   * @param id the track id (the file name of the media playlist, or the DASH Representation@id)
   * @param playlistUrl the absolute media playlist URL (HLS), else null
   * @param initUrl the absolute init segment URL, null until known
   * @param segmentUrls the absolute media segment URLs, in order
   * @param segmentMs each segment's duration, milliseconds (same length as {@code segmentUrls})
   */
  record Rendition(
      String id,
      @Nullable String playlistUrl,
      @Nullable String initUrl,
      List<String> segmentUrls,
      List<Long> segmentMs) {
    Rendition {
      segmentUrls = List.copyOf(segmentUrls);
      segmentMs = List.copyOf(segmentMs);
      if (segmentUrls.size() != segmentMs.size()) {
        throw new IllegalArgumentException("one duration per segment");
      }
    }

    /** Whether the init segment and segments are known (DASH, or HLS after the media playlist). */
    boolean complete() {
      return initUrl != null;
    }

    /** This rendition with what its media playlist {@code body} (at {@link #playlistUrl}) says. */
    Rendition withMediaPlaylist(String body) {
      if (playlistUrl == null) {
        throw new IllegalStateException(id + " has no media playlist");
      }
      MediaPlaylist media = mediaPlaylist(body, URI.create(playlistUrl));
      return new Rendition(id, playlistUrl, media.initUrl, media.segmentUrls, media.segmentMs);
    }
  }

  /**
   * The renditions a player chooses from.
   *
   * @param video the video renditions, in manifest order (at least one)
   * @param audio the default audio rendition, or null when the video carries none separately
   */
  record Ladder(List<Rendition> video, @Nullable Rendition audio) {
    Ladder {
      video = List.copyOf(video);
      if (video.isEmpty()) {
        throw new IllegalArgumentException("no video rendition");
      }
    }
  }

  /** What an HLS media playlist lists: the EXT-X-MAP init segment and the segments. */
  record MediaPlaylist(String initUrl, List<String> segmentUrls, List<Long> segmentMs) {}

  /**
   * Reads an HLS multivariant playlist: every {@code EXT-X-STREAM-INF} variant (video) and the
   * default {@code EXT-X-MEDIA TYPE=AUDIO} rendition (else the first audio rendition).
   *
   * @param body the playlist text
   * @param playlistUrl the URL it was fetched from (relative URIs resolve against it)
   * @throws IllegalArgumentException if the text is not a multivariant playlist with a variant
   */
  static Ladder multivariantPlaylist(String body, URI playlistUrl) {
    List<String> lines = lines(body);
    if (lines.isEmpty() || !lines.get(0).startsWith("#EXTM3U")) {
      throw new IllegalArgumentException("not an HLS playlist: " + first(body));
    }
    List<Rendition> video = new ArrayList<>();
    @Nullable Rendition audio = null;
    boolean audioIsDefault = false;
    boolean variantPending = false;
    for (String line : lines) {
      if (line.startsWith("#EXT-X-STREAM-INF:")) {
        variantPending = true;
      } else if (line.startsWith("#EXT-X-MEDIA:") && TYPE_AUDIO.matcher(line).find()) {
        Matcher uri = URI_ATTRIBUTE.matcher(line);
        boolean isDefault = DEFAULT_YES.matcher(line).find();
        if (uri.find() && (audio == null || (isDefault && !audioIsDefault))) {
          audio = playlistRendition(playlistUrl.resolve(uri.group(1)));
          audioIsDefault = isDefault;
        }
      } else if (variantPending && !line.startsWith("#")) {
        video.add(playlistRendition(playlistUrl.resolve(line)));
        variantPending = false;
      }
    }
    if (video.isEmpty()) {
      throw new IllegalArgumentException("no EXT-X-STREAM-INF variant in " + playlistUrl);
    }
    return new Ladder(video, audio);
  }

  /**
   * Reads an HLS media playlist: the {@code EXT-X-MAP} URI and each {@code EXTINF} segment.
   *
   * @throws IllegalArgumentException without EXT-X-MAP (Prism serves fragmented MP4 only) or
   *     segments
   */
  static MediaPlaylist mediaPlaylist(String body, URI playlistUrl) {
    List<String> lines = lines(body);
    @Nullable String init = null;
    List<String> segments = new ArrayList<>();
    List<Long> durations = new ArrayList<>();
    @Nullable Long pendingMs = null;
    for (String line : lines) {
      if (line.startsWith("#EXT-X-MAP:")) {
        Matcher uri = URI_ATTRIBUTE.matcher(line);
        if (uri.find()) {
          init = playlistUrl.resolve(uri.group(1)).toString();
        }
      } else if (line.startsWith("#EXTINF:")) {
        String value = line.substring("#EXTINF:".length());
        int comma = value.indexOf(',');
        double seconds = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
        pendingMs = Math.round(seconds * 1000);
      } else if (pendingMs != null && !line.startsWith("#")) {
        segments.add(playlistUrl.resolve(line).toString());
        durations.add(pendingMs);
        pendingMs = null;
      }
    }
    if (init == null || segments.isEmpty()) {
      throw new IllegalArgumentException(
          "media playlist without EXT-X-MAP or segments: " + playlistUrl);
    }
    return new MediaPlaylist(init, segments, durations);
  }

  /**
   * Reads a static MPD: per AdaptationSet (video, and the first audio one) each Representation's
   * init and segment URLs from the {@code SegmentTemplate} ({@code $RepresentationID$}, {@code
   * $Number$}, {@code $Time$}, {@code $Bandwidth$}) and its {@code SegmentTimeline}.
   *
   * @throws IllegalArgumentException if the text is not such an MPD or has no video
   */
  static Ladder mpd(String body, URI mpdUrl) {
    Document document = parseXml(body);
    Element root = document.getDocumentElement();
    if (!"MPD".equals(root.getLocalName())) {
      throw new IllegalArgumentException("not an MPD: " + first(body));
    }
    List<Rendition> video = new ArrayList<>();
    @Nullable Rendition audio = null;
    for (Element period : children(root, "Period")) {
      for (Element set : children(period, "AdaptationSet")) {
        String type = contentType(set);
        for (Element representation : children(set, "Representation")) {
          @Nullable Element template = child(representation, "SegmentTemplate");
          if (template == null) {
            template = child(set, "SegmentTemplate");
          }
          if (template == null) {
            throw new IllegalArgumentException("no SegmentTemplate in " + mpdUrl);
          }
          Rendition rendition = dashRendition(representation, template, mpdUrl);
          if (type.equals("video")) {
            video.add(rendition);
          } else if (type.equals("audio") && audio == null) {
            audio = rendition;
          }
        }
      }
      break; // one period: Prism writes static single-period MPDs
    }
    return new Ladder(video, audio);
  }

  private static Rendition playlistRendition(URI playlist) {
    String path = playlist.getPath();
    String file = path.substring(path.lastIndexOf('/') + 1);
    String id = file.endsWith(".m3u8") ? file.substring(0, file.length() - 5) : file;
    return new Rendition(id, playlist.toString(), null, List.of(), List.of());
  }

  private static Rendition dashRendition(Element representation, Element template, URI mpdUrl) {
    String id = representation.getAttribute("id");
    String bandwidth = representation.getAttribute("bandwidth");
    long timescale = longAttribute(template, "timescale", 1);
    long number = longAttribute(template, "startNumber", 1);
    String media = template.getAttribute("media");
    String initialization = template.getAttribute("initialization");
    @Nullable Element timeline = child(template, "SegmentTimeline");
    if (timeline == null || media.isEmpty() || initialization.isEmpty()) {
      throw new IllegalArgumentException(
          "SegmentTemplate without media, initialization or SegmentTimeline");
    }
    List<String> segments = new ArrayList<>();
    List<Long> durations = new ArrayList<>();
    long timeTicks = 0;
    for (Element s : children(timeline, "S")) {
      if (s.hasAttribute("t")) {
        timeTicks = Long.parseLong(s.getAttribute("t"));
      }
      long durationTicks = Long.parseLong(s.getAttribute("d"));
      long repeat = longAttribute(s, "r", 0);
      if (repeat < 0) {
        throw new IllegalArgumentException("open-ended S@r in a static MPD");
      }
      for (long i = 0; i <= repeat; i++) {
        String url = template(media, id, bandwidth, number, timeTicks);
        segments.add(mpdUrl.resolve(url).toString());
        durations.add(durationTicks * 1000 / timescale);
        number++;
        timeTicks += durationTicks;
      }
    }
    String init = mpdUrl.resolve(template(initialization, id, bandwidth, 0, 0)).toString();
    return new Rendition(id, null, init, segments, durations);
  }

  /** ISO/IEC 23009-1 §5.3.9.4.4 identifiers, without width formatting (Prism uses none). */
  private static String template(
      String pattern, String id, String bandwidth, long number, long timeTicks) {
    return pattern
        .replace("$RepresentationID$", id)
        .replace("$Bandwidth$", bandwidth)
        .replace("$Number$", Long.toString(number))
        .replace("$Time$", Long.toString(timeTicks))
        .replace("$$", "$");
  }

  private static String contentType(Element set) {
    String type = set.getAttribute("contentType");
    if (type.isEmpty()) {
      String mime = set.getAttribute("mimeType");
      type = mime.contains("/") ? mime.substring(0, mime.indexOf('/')) : mime;
    }
    return type.toLowerCase(Locale.ROOT);
  }

  private static long longAttribute(Element element, String name, long defaultValue) {
    String value = element.getAttribute(name);
    return value.isEmpty() ? defaultValue : Long.parseLong(value);
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static @Nullable Element child(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static Document parseXml(String body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return builder.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalArgumentException("unreadable MPD: " + e.getMessage(), e);
    }
  }

  private static List<String> lines(String body) {
    List<String> out = new ArrayList<>();
    for (String line : body.split("\r?\n")) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return out;
  }

  private static String first(String body) {
    return body.length() <= 40 ? body : body.substring(0, 40) + "...";
  }
}
