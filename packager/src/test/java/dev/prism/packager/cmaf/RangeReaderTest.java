package dev.prism.packager.cmaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.packager.testing.Fixtures;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeReaderTest {
  @Test
  void ofFileChannel_indexesLikeInMemory_andStopsAtTheEnd(@TempDir Path dir) throws Exception {
    byte[] bytes = Fixtures.bytes("bbb240/audio-en.cmfa");
    Path file = Files.write(dir.resolve("audio-en.cmfa"), bytes);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      RangeReader reader = RangeReader.ofFileChannel(channel);

      TrackIndex fromFile = TrackIndexReader.read("audio-en", reader, Files.size(file));
      TrackIndex fromBytes =
          TrackIndexReader.read("audio-en", RangeReader.ofBytes(bytes), bytes.length);

      assertThat(fromFile).isEqualTo(fromBytes);
      assertThat(reader.read(bytes.length - 10, 100).remaining()).isEqualTo(10);
      assertThat(reader.read(bytes.length + 10, 100).remaining()).isZero();
    }
  }
}
