package dev.prism.packager.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes ISO/IEC 14496-12 boxes for synthetic test tracks: big-endian fields appended in order,
 * boxes closed with their 32-bit size. Independent of mp4parser, so reader tests do not check the
 * library against itself.
 */
public final class BoxWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public BoxWriter u8(int v) {
    out.write(v);
    return this;
  }

  public BoxWriter u16(int v) {
    return u8(v >>> 8).u8(v);
  }

  public BoxWriter u24(int v) {
    return u8(v >>> 16).u16(v);
  }

  public BoxWriter u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  public BoxWriter u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  public BoxWriter zeros(int n) {
    out.write(new byte[n], 0, n);
    return this;
  }

  public BoxWriter fourcc(String type) {
    byte[] b = type.getBytes(StandardCharsets.ISO_8859_1);
    out.write(b, 0, 4);
    return this;
  }

  public BoxWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  public int size() {
    return out.size();
  }

  /** A box of {@code type} whose content is the concatenation of {@code parts}. */
  public static byte[] box(String type, byte[]... parts) {
    int size = 8;
    for (byte[] p : parts) {
      size += p.length;
    }
    BoxWriter w = new BoxWriter().u32(size).fourcc(type);
    for (byte[] p : parts) {
      w.bytes(p);
    }
    return w.toByteArray();
  }

  /** A FullBox (§4.2.2): version and 24-bit flags, then {@code parts}. */
  public static byte[] fullBox(String type, int version, int flags, byte[]... parts) {
    byte[][] all = new byte[parts.length + 1][];
    all[0] = new BoxWriter().u8(version).u24(flags).toByteArray();
    System.arraycopy(parts, 0, all, 1, parts.length);
    return box(type, all);
  }

  /** Concatenates byte arrays. */
  public static byte[] concat(byte[]... parts) {
    BoxWriter w = new BoxWriter();
    for (byte[] p : parts) {
      w.bytes(p);
    }
    return w.toByteArray();
  }
}
