package dev.prism.origin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference counting of a shared open file: closed by the last holder, never under another. */
class SharedFileTest {
  @TempDir Path folder;

  /** Closes run when the test says so: the grace period made explicit. */
  final List<Runnable> pendingCloses = new ArrayList<>();

  SharedFile open() throws Exception {
    Path path = Files.write(folder.resolve("track.cmfv"), new byte[] {1, 2, 3});
    return SharedFile.open(path, pendingCloses::add);
  }

  void runCloses() {
    List<Runnable> due = List.copyOf(pendingCloses);
    pendingCloses.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void lastRelease_closesAfterTheCloser_notBefore() throws Exception {
    SharedFile file = open();
    assertThat(file.retain()).isTrue(); // a cached segment region
    file.release(); // the version leaves the index cache
    runCloses();
    assertThat(file.isOpen()).isTrue();
    assertThat(file.channel().isOpen()).isTrue();

    file.release(); // the region leaves too
    assertThat(file.channel().isOpen()).as("closed only by the closer").isTrue();
    runCloses();
    assertThat(file.isOpen()).isFalse();
    assertThat(file.channel().isOpen()).isFalse();
    assertThat(file.retain()).as("a closed file is never reopened by retain").isFalse();
  }

  @Test
  void retainWithinTheGrace_keepsItOpen() throws Exception {
    SharedFile file = open();
    file.release(); // close scheduled
    assertThat(file.retain()).isTrue(); // a response took it before the close ran
    runCloses();
    assertThat(file.channel().isOpen()).isTrue();
    file.release();
    runCloses();
    assertThat(file.channel().isOpen()).isFalse();
  }

  @Test
  void releaseWithoutReference_refused() throws Exception {
    SharedFile file = open();
    file.release();
    assertThatThrownBy(file::release).isInstanceOf(IllegalStateException.class);
  }
}
