package dev.prism.origin.cli;

/**
 * While open, Ctrl-C (a JVM shutdown) interrupts the thread that opened it and waits up to {@value
 * #JOIN_MS} ms for it to stop FFmpeg and clean up, so a cancelled transcode leaves the store as it
 * was. Closing removes the hook.
 */
final class InterruptOnShutdown implements AutoCloseable {
  private static final long JOIN_MS = 60_000;

  private final Thread hook;

  private InterruptOnShutdown(Thread hook) {
    this.hook = hook;
  }

  /**
   * Installs the hook for the calling thread.
   *
   * @param threadName the hook thread's name, e.g. {@code prism-demo-interrupt}
   */
  static InterruptOnShutdown install(String threadName) {
    Thread worker = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              worker.interrupt();
              try {
                worker.join(JOIN_MS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            threadName);
    Runtime.getRuntime().addShutdownHook(hook);
    return new InterruptOnShutdown(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running
    }
  }
}
