package dev.prism.transcoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level box order of a track file (ISO/IEC 14496-12 §4.2 box headers only), to check the
 * layout the store contract promises: {@code ftyp}, {@code moov}, {@code sidx}, then {@code
 * moof}+{@code mdat} pairs (a trailing {@code mfra} is tolerated).
 *
 * @param boxTypes the 4CCs of the top-level boxes, in file order
 */
public record TrackFileLayout(List<String> boxTypes) {

  public TrackFileLayout {
    boxTypes = List.copyOf(boxTypes);
  }

  /**
   * Reads the top-level box headers of {@code file}.
   *
   * @throws IOException when the file cannot be read or a box header is malformed
   */
  public static TrackFileLayout read(Path file) throws IOException {
    List<String> types = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long offset = 0;
      ByteBuffer header = ByteBuffer.allocate(16);
      while (offset < size) {
        header.clear().limit((int) Math.min(16, size - offset));
        ch.read(header, offset);
        header.flip();
        if (header.remaining() < 8) {
          throw new IOException(file + ": truncated box header at offset " + offset);
        }
        long boxSize = header.getInt() & 0xFFFFFFFFL;
        byte[] fourcc = new byte[4];
        header.get(fourcc);
        if (boxSize == 1) {
          if (header.remaining() < 8) {
            throw new IOException(file + ": truncated largesize at offset " + offset);
          }
          boxSize = header.getLong();
        } else if (boxSize == 0) {
          boxSize = size - offset;
        }
        if (boxSize < 8 || offset + boxSize > size) {
          throw new IOException(file + ": bad box size " + boxSize + " at offset " + offset);
        }
        types.add(new String(fourcc, StandardCharsets.ISO_8859_1));
        offset += boxSize;
      }
    }
    return new TrackFileLayout(types);
  }

  /** True when {@code ftyp}, {@code moov} and {@code sidx} come first, before any {@code moof}. */
  public boolean sidxAtHead() {
    int moov = boxTypes.indexOf("moov");
    int sidx = boxTypes.indexOf("sidx");
    int moof = boxTypes.indexOf("moof");
    return !boxTypes.isEmpty()
        && boxTypes.get(0).equals("ftyp")
        && moov > 0
        && sidx > moov
        && moof > sidx;
  }

  /** The number of {@code moof} boxes (fragments). */
  public long fragmentCount() {
    return boxTypes.stream().filter("moof"::equals).count();
  }
}
