package dev.prism.transcoder.testing;

import dev.prism.packager.PackagingException;
import dev.prism.packager.cmaf.RangeReader;
import dev.prism.packager.cmaf.TrackIndex;
import dev.prism.packager.cmaf.TrackIndexReader;
import dev.prism.packager.segment.MediaSegment;
import dev.prism.packager.segment.SegmentBytes;
import dev.prism.packager.segment.SegmentPlan;
import dev.prism.packager.segment.Segmenter;
import dev.prism.store.BlobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Track files in a store seen the way the origin sees them: indexed by the packager through ranged
 * reads, cut into media segments on a time grid, and reassembled as "init segment followed by every
 * media segment" for an independent decoder to check.
 */
public final class SegmentedTracks {
  private SegmentedTracks() {}

  /** Ranged reads of one store object, waiting on the store's futures. */
  public static RangeReader reader(BlobStore store, String key) {
    return (offsetBytes, lengthBytes) -> store.read(key, offsetBytes, lengthBytes).join();
  }

  /** The packager's index of a track file in a store. */
  public static TrackIndex index(BlobStore store, String key) {
    long size = store.metadata(key).join().sizeBytes();
    try {
      return TrackIndexReader.read(key, reader(store, key), size);
    } catch (PackagingException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The packager's segmentation of a track at {@code segMs}. */
  public static SegmentPlan plan(TrackIndex index, long segMs) {
    try {
      return Segmenter.plan(index, segMs);
    } catch (PackagingException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Writes the init segment followed by every media segment at {@code segMs} into {@code out}, as a
   * player would append them to a source buffer.
   *
   * @return the number of media segments written
   */
  public static int concatenate(BlobStore store, String key, long segMs, Path out) {
    TrackIndex index = index(store, key);
    SegmentPlan plan = plan(index, segMs);
    RangeReader reader = reader(store, key);
    try (OutputStream os = Files.newOutputStream(out);
        WritableByteChannel ch = Channels.newChannel(os)) {
      write(ch, SegmentBytes.initSegment(index, reader));
      for (MediaSegment s : plan.segments()) {
        write(ch, SegmentBytes.mediaSegment(s, reader));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return plan.segments().size();
  }

  private static void write(WritableByteChannel ch, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      ch.write(bytes);
    }
  }
}
