package dev.prism.packager.cmaf;

import dev.prism.packager.testing.BoxWriter;
import dev.prism.packager.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the seed corpus of {@link CmafFuzzTest} from the real fixtures (FFmpeg's track files and
 * the third-party GPAC/DASH streams): whole track files for {@code trackIndexReader}, their {@code
 * moov} boxes for {@code moovParser}, their first {@code moof} boxes for {@code moofParser}.
 *
 * <p>Track-file seeds keep every box but cut each {@code mdat} to its first {@value
 * #MDAT_KEEP_BYTES} payload bytes (and shrink the {@code sidx} references to match): the parsers
 * never read sample data, and a short seed leaves the fuzzer's mutations on the boxes that matter.
 * Run from {@code packager/} after {@code test-compile}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.prism.packager.cmaf.FuzzSeeds src/test/resources/dev/prism/packager/cmaf/CmafFuzzTestInputs
 * </pre>
 *
 * (with {@code ./mvnw -pl packager dependency:build-classpath -Dmdep.outputFile=target/cp.txt}).
 * Each seed is checked to index (or parse) as it should before it is written.
 */
public final class FuzzSeeds {
  static final int MDAT_KEEP_BYTES = 256;

  private static final Set<String> WRITTEN = new HashSet<>();

  private FuzzSeeds() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "CmafFuzzTestInputs");
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name :
        List.of(
            "bbb240/video-120.cmfv",
            "bbb240/audio-en.cmfa",
            "misc/flower-2997.cmfv",
            "misc/bbb-51.cmfa")) {
      files.put(name.replaceAll(".*/", ""), Fixtures.bytes(name));
    }
    byte[] video120 = files.get("video-120.cmfv");
    int[] sidx = TrackIndexReaderTest.findTopLevel(video120, "sidx");
    files.put("video-120-nosidx.cmfv", TrackIndexReaderTest.remove(video120, sidx[0], sidx[1]));
    files.put(
        "croatia-avc3.cmfv",
        Fixtures.concatenated(
            "cta-wave-croatia-1080p25-dash/video25fps", "init.mp4", List.of("0.m4s")));
    files.put(
        "croatia-aac.cmfa",
        Fixtures.concatenated("cta-wave-croatia-1080p25-dash/aac", "init.mp4", List.of("0.m4s")));
    files.put(
        "bbb-hevc.cmfv",
        Fixtures.concatenated("bbb-hevc-ac3-8s-dash", "video_init.mp4", List.of("video_1.m4s")));
    files.put(
        "bbb-ac3.cmfa",
        Fixtures.concatenated("bbb-hevc-ac3-8s-dash", "audio_init.mp4", List.of("audio_1.m4s")));

    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      String name = e.getKey();
      byte[] shrunk = shrinkMdats(e.getValue());
      TrackIndex index = TrackIndexReader.read(name, RangeReader.ofBytes(shrunk), shrunk.length);
      TrackIndex original =
          TrackIndexReader.read(name, RangeReader.ofBytes(e.getValue()), e.getValue().length);
      if (index.fragments().size() != original.fragments().size()
          || !index.codecs().equals(original.codecs())) {
        throw new AssertionError(name + ": the shrunk seed indexes differently");
      }
      write(root.resolve("trackIndexReader"), name, shrunk);
      byte[] moov = topLevel(shrunk, "moov").get(0);
      MoovParser.parse(name, ByteBuffer.wrap(moov), 0);
      write(root.resolve("moovParser"), name + ".moov", moov);
      byte[] moof = topLevel(shrunk, "moof").get(0);
      MoofParser.parse(name, ByteBuffer.wrap(moof), 0, 1 << 20, 1024, 0x10000);
      write(root.resolve("moofParser"), name + ".moof", moof);
    }
  }

  /** Writes {@code bytes} as {@code dir/name} unless a seed with the same bytes was written. */
  private static void write(Path dir, String name, byte[] bytes) throws IOException {
    if (!WRITTEN.add(dir + "/" + HexFormat.of().formatHex(bytes))) {
      return;
    }
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), bytes);
  }

  /** The top-level boxes of {@code type}, whole, in file order. */
  static List<byte[]> topLevel(byte[] file, String type) {
    List<byte[]> found = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(file);
    int offset = 0;
    while (offset + 8 <= file.length) {
      int size = b.getInt(offset);
      if (new String(file, offset + 4, 4, StandardCharsets.ISO_8859_1).equals(type)) {
        byte[] box = new byte[size];
        System.arraycopy(file, offset, box, 0, size);
        found.add(box);
      }
      offset += size;
    }
    return found;
  }

  /**
   * {@code file} with every top-level {@code mdat} cut to {@value #MDAT_KEEP_BYTES} payload bytes
   * and each {@code sidx} reference (one fragment: the boxes from a {@code moof} up to and
   * including the next {@code mdat}) shrunk by what its {@code mdat} lost.
   */
  static byte[] shrinkMdats(byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Long> cuts = new ArrayList<>();
    int sidxAt = -1;
    ByteBuffer b = ByteBuffer.wrap(file);
    int offset = 0;
    while (offset + 8 <= file.length) {
      int size = b.getInt(offset);
      String type = new String(file, offset + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("mdat") && size > 8 + MDAT_KEEP_BYTES) {
        byte[] payload = new byte[MDAT_KEEP_BYTES];
        System.arraycopy(file, offset + 8, payload, 0, MDAT_KEEP_BYTES);
        out.writeBytes(BoxWriter.box("mdat", payload));
        cuts.add((long) size - 8 - MDAT_KEEP_BYTES);
      } else {
        if (type.equals("sidx") && sidxAt < 0) {
          sidxAt = out.size();
        }
        if (type.equals("mdat")) {
          cuts.add(0L);
        }
        out.write(file, offset, size);
      }
      offset += size;
    }
    byte[] shrunk = out.toByteArray();
    if (sidxAt >= 0) {
      ByteBuffer s = ByteBuffer.wrap(shrunk);
      int version = shrunk[sidxAt + 8] & 0xff;
      int countAt = sidxAt + 12 + 4 + 4 + (version == 0 ? 8 : 16) + 2;
      int count = s.getShort(countAt) & 0xffff;
      for (int i = 0; i < count && i < cuts.size(); i++) {
        int at = countAt + 2 + 12 * i;
        s.putInt(at, (int) (s.getInt(at) - cuts.get(i)));
      }
    }
    return shrunk;
  }
}
