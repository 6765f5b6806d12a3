package dev.prism.origin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.prism.origin.config.OriginSettings;
import dev.prism.store.FileBlobStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code delivery.cors.allowedOrigins: ["*"]} echoes any origin with credentials: legal for
 * development, dangerous in production, so starting an origin with it says so once.
 */
class CorsWildcardWarningTest {
  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void listen() {
    lines.start();
    ((Logger) LoggerFactory.getLogger(OriginServer.class)).addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    ((Logger) LoggerFactory.getLogger(OriginServer.class)).detachAppender(lines);
  }

  private List<String> warningsStarting(List<String> corsOrigins) {
    lines.list.clear();
    try (FileBlobStore store = new FileBlobStore(dir.resolve("store"));
        TestOrigin origin =
            new TestOrigin(store, OriginSettings.defaults().withCorsAllowedOrigins(corsOrigins))) {
      assertThat(
              origin
                  .get("/v1/none/hls/index.m3u8", "Origin", "https://anything.example")
                  .headers()
                  .firstValue("access-control-allow-credentials"))
          .hasValue("true");
    }
    return lines.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("delivery.cors.allowedOrigins"))
        .toList();
  }

  @Test
  void wildcard_warnsOnceAtStart_listedOriginsDoNot() {
    assertThat(warningsStarting(List.of("*")))
        .singleElement()
        .asString()
        .contains("Development only");
    assertThat(warningsStarting(List.of("https://anything.example"))).isEmpty();
  }
}
