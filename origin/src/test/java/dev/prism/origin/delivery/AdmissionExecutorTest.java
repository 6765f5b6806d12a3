package dev.prism.origin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AdmissionExecutorTest {

  @Test
  @Timeout(10)
  void full_refusesAtOnce_countsIt_andAdmitsAgainWhenATaskEnds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      AtomicInteger shed = new AtomicInteger();
      AdmissionExecutor admission = new AdmissionExecutor(pool, 2, shed::incrementAndGet);
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch ran = new CountDownLatch(2);
      Runnable blocked =
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            ran.countDown();
          };
      admission.execute(blocked); // running
      admission.execute(blocked); // waiting
      assertThatThrownBy(() -> admission.execute(() -> {}))
          .isInstanceOf(RejectedExecutionException.class);
      assertThat(shed).hasValue(1);
      // As a CompletableFuture stage sees it: the dependent fails, nothing runs.
      CompletableFuture<Integer> stage =
          CompletableFuture.completedFuture(1).thenApplyAsync(x -> x + 1, admission);
      assertThatThrownBy(stage::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(RejectedExecutionException.class);

      release.countDown();
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Integer> later =
          CompletableFuture.supplyAsync(() -> 1, pool).thenApplyAsync(x -> x + 1, admission);
      assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }
}
