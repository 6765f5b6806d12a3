package dev.prism.transcoder;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * A terminal progress bar for {@link Transcoder#transcode}: percent of the input encoded, FFmpeg's
 * speed as a multiple of real time, and the time left; the other steps are printed as lines.
 * Thread-safe (events arrive on FFmpeg's reader thread).
 */
public final class ConsoleProgress implements Consumer<ProgressEvent>, AutoCloseable {
  private static final int PERMILLE = 1000;

  private final PrintStream out;
  private @Nullable ProgressBar bar;

  /** Writes to {@code out} (usually {@code System.err}, so stdout stays clean for scripts). */
  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(ProgressEvent e) {
    if (e.stage() == ProgressEvent.Stage.ENCODING) {
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("encoding")
                .setInitialMax(PERMILLE)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setUnit("%", 10)
                .hideEta()
                .setUpdateIntervalMillis(250)
                .build();
      }
      bar.stepTo(Math.round(e.percent() * PERMILLE / 100.0));
      String eta =
          e.eta() == null
              ? "--:--"
              : String.format(Locale.ROOT, "%d:%02d", e.eta().toMinutes(), e.eta().toSecondsPart());
      bar.setExtraMessage(String.format(Locale.ROOT, "%.2fx realtime, %s left", e.speed(), eta));
      return;
    }
    closeBar();
    out.println(e.message());
  }

  @Override
  public synchronized void close() {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
