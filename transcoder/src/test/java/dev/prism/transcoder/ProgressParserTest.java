package dev.prism.transcoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

  @Test
  void line_progressBlocks_becomeEventsWithPercentSpeedAndEta() {
    List<ProgressEvent> events = new ArrayList<>();
    ProgressParser p = new ProgressParser(10_000_000, events::add);
    for (String line :
        List.of(
            "frame=0",
            "out_time_us=N/A",
            "speed=N/A",
            "progress=continue",
            "frame=60",
            "fps=59.9",
            "out_time_us=2500000",
            "out_time_ms=2500000",
            "speed=1.25x",
            "progress=continue",
            "frame=240",
            "out_time_us=9960000",
            "speed=1.3x",
            "progress=end")) {
      p.line(line);
    }
    assertThat(events).hasSize(2);
    ProgressEvent mid = events.get(0);
    assertThat(mid.stage()).isEqualTo(ProgressEvent.Stage.ENCODING);
    assertThat(mid.percent()).isEqualTo(25.0);
    assertThat(mid.speed()).isEqualTo(1.25);
    // 7.5 s of media left at 1.25x real time: 6 s.
    assertThat(mid.eta()).isEqualTo(Duration.ofSeconds(6));
    ProgressEvent end = events.get(1);
    assertThat(end.percent()).isEqualTo(100.0);
    assertThat(end.eta()).isEqualTo(Duration.ZERO);
  }
}
