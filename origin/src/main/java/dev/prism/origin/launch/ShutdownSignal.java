package dev.prism.origin.launch;

import java.util.concurrent.CountDownLatch;

/** Waiting for Ctrl-C or SIGTERM in a long-running command ({@code serve}, {@code entitle}). */
public final class ShutdownSignal {
  private ShutdownSignal() {}

  /**
   * Blocks until the JVM is asked to stop, runs {@code onSignal} in the shutdown hook, and returns
   * once it has finished (so the command's own exit path sees a stopped service).
   *
   * @param threadName the hook thread's name, e.g. {@code prism-shutdown}
   * @param onSignal the graceful stop; runs on the hook thread
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public static void await(String threadName, Runnable onSignal) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    onSignal.run();
                  } finally {
                    stopped.countDown();
                  }
                },
                threadName));
    stopped.await();
  }
}
