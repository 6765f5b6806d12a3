package dev.prism.origin.delivery;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * An {@link Executor} that admits at most {@code limit} tasks at once (running or waiting) onto
 * another executor and refuses the rest at once with {@link RejectedExecutionException}, which
 * {@code HttpErrors} answers with 503 and {@code Retry-After}: under overload, requests are shed
 * before any work instead of piling up in an unbounded queue.
 */
public final class AdmissionExecutor implements Executor {
  private final Executor delegate;
  private final Semaphore permits;
  private final Runnable onShed;

  /**
   * @param delegate where admitted tasks run
   * @param limit the most tasks admitted at once (threads plus the waiting room), at least 1
   * @param onShed called for each refused task (a metric)
   */
  public AdmissionExecutor(Executor delegate, int limit, Runnable onShed) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit < 1: " + limit);
    }
    this.delegate = delegate;
    this.permits = new Semaphore(limit);
    this.onShed = onShed;
  }

  @Override
  public void execute(Runnable task) {
    if (!permits.tryAcquire()) {
      onShed.run();
      throw new RejectedExecutionException("packaging queue full");
    }
    try {
      delegate.execute(
          () -> {
            try {
              task.run();
            } finally {
              permits.release();
            }
          });
    } catch (RuntimeException e) {
      permits.release();
      onShed.run();
      throw e;
    }
  }

  /** Tasks admitted and not yet finished; for tests. */
  int available() {
    return permits.availablePermits();
  }
}
