package dev.prism.packager.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.testing.Fixtures;
import dev.prism.packager.testing.Presentations;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp4parser.Box;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.tools.ByteBufferByteChannel;

class SegmentBytesTest {
  private static final byte[] FILE = Fixtures.bytes("bbb240/video-240.cmfv");

  @Test
  void initSegment_isFtypAndMoovWithoutSidx() throws Exception {
    TrackIndex index = Presentations.index("video-240", FILE);

    ByteBuffer init = SegmentBytes.initSegment(index, RangeReader.ofBytes(FILE));

    List<String> types = topLevelTypes(init);
    assertThat(types).containsExactly("ftyp", "moov");
    assertThat(init.remaining()).isEqualTo(790);
  }

  @Test
  void initPlusEverySegment_reparsesAsOneFragmentedFile() throws Exception {
    TrackIndex index = Presentations.index("video-240", FILE);
    SegmentPlan plan = Segmenter.plan(index, 2000);
    List<ByteBuffer> parts = new ArrayList<>();
    parts.add(SegmentBytes.initSegment(index, RangeReader.ofBytes(FILE)));
    for (MediaSegment s : plan.segments()) {
      ByteBuffer bytes = SegmentBytes.mediaSegment(s, RangeReader.ofBytes(FILE));
      assertThat(bytes.remaining()).isEqualTo(s.sizeBytes());
      assertThat(topLevelTypes(bytes.duplicate())).startsWith("moof").endsWith("mdat");
      parts.add(bytes);
    }

    ByteBuffer all = SegmentBytes.concat(parts);

    // mp4parser, independent of our reader, sees one moov and every fragment.
    try (IsoFile iso = new IsoFile(new ByteBufferByteChannel(all.duplicate()))) {
      assertThat(iso.getMovieBox()).isNotNull();
      assertThat(iso.getBoxes(MovieFragmentBox.class)).hasSize(index.fragments().size());
    }
    // Our reader, fed the re-assembled file, finds the same fragments at the same times.
    byte[] bytes = new byte[all.remaining()];
    all.duplicate().get(bytes);
    TrackIndex again = Presentations.index("again", bytes);
    assertThat(again.fragments()).hasSameSizeAs(index.fragments());
    assertThat(again.durationTicks()).isEqualTo(index.durationTicks());
    assertThat(again.codecs()).isEqualTo(index.codecs());
  }

  private static List<String> topLevelTypes(ByteBuffer bytes) throws Exception {
    List<String> types = new ArrayList<>();
    try (IsoFile iso =
        new IsoFile(Channels.newChannel(new java.io.ByteArrayInputStream(toArray(bytes))))) {
      for (Box b : iso.getBoxes()) {
        types.add(b.getType());
      }
    }
    return types;
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
