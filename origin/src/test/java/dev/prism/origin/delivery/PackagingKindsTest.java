package dev.prism.origin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.packager.naming.InitSegmentRequest;
import dev.prism.packager.naming.MediaPlaylistRequest;
import dev.prism.packager.naming.MediaSegmentRequest;
import dev.prism.packager.naming.MpdRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import org.junit.jupiter.api.Test;

class PackagingKindsTest {
  @Test
  void of_everyKind_labelFromTheRecordNameOrTheEarlierLabel() {
    assertThat(PackagingKinds.of(new MultivariantPlaylistRequest("bbb"))).isEqualTo("multivariant");
    assertThat(PackagingKinds.of(new MpdRequest("bbb"))).isEqualTo("mpd");
    assertThat(PackagingKinds.of(new MediaPlaylistRequest("bbb", "v1", 2000, "a0")))
        .isEqualTo("media_playlist");
    assertThat(PackagingKinds.of(new InitSegmentRequest("bbb", "v1", "a0"))).isEqualTo("init");
    assertThat(PackagingKinds.of(new MediaSegmentRequest("bbb", "v1", "a0", 2000, 1)))
        .isEqualTo("media_segment");
  }
}
