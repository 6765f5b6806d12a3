package dev.prism.origin.outage;

import dev.prism.store.S3StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy on 127.0.0.1 in front of another 127.0.0.1 port, for outage tests:
 * plain sockets, one thread per direction, stopped by {@link #close()}.
 *
 * <ul>
 *   <li>{@link Mode#PASS}: bytes flow both ways;
 *   <li>{@link Mode#DELAY}: bytes flow, each chunk (at most {@link #chunkBytes}) held {@link
 *       #delayMillis} first;
 *   <li>{@link Mode#DROP}: connections are accepted and their bytes swallowed; nothing is answered
 *       (a black hole: only the client's timeouts end the wait);
 *   <li>{@link Mode#RESET}: connections are accepted and reset at once (TCP RST).
 * </ul>
 *
 * Switching away from {@link Mode#PASS} resets every open connection, so a client's pooled
 * keep-alive connections see the fault too.
 */
final class FaultProxy implements AutoCloseable {
  enum Mode {
    PASS,
    DELAY,
    DROP,
    RESET
  }

  private final int targetPort;
  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicLong bytesForwarded = new AtomicLong();
  private volatile Mode mode = Mode.PASS;
  private volatile long delayMillis;
  private volatile int chunkBytes = 16 * 1024;

  FaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /** {@code direct}'s bucket and credentials, reached through this proxy. */
  S3StoreSettings routing(S3StoreSettings direct) {
    return new S3StoreSettings(
        direct.bucket(),
        direct.prefix(),
        direct.region(),
        URI.create("http://127.0.0.1:" + port()),
        true,
        direct.accessKeyId(),
        direct.secretAccessKey());
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Switches the fault; leaving PASS resets every open connection. */
  void mode(Mode m) {
    if (m == Mode.PASS) {
      chunkBytes = 16 * 1024;
    }
    mode = m;
    if (m != Mode.PASS) {
      for (Socket s : open) {
        reset(s);
      }
    }
  }

  /** {@link Mode#DELAY} with {@code millis} per chunk. */
  void delay(long millis) {
    throttle(16 * 1024, millis);
  }

  /**
   * {@link Mode#DELAY} with at most {@code chunkBytes} per chunk, {@code millis} each: a throttled
   * link of about {@code chunkBytes * 1000 / millis} bytes per second per direction.
   */
  void throttle(int chunkBytes, long millis) {
    this.chunkBytes = chunkBytes;
    delayMillis = millis;
    mode(Mode.DELAY);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Mode m = mode;
      switch (m) {
        case RESET -> reset(client);
        case DROP -> {
          open.add(client);
          threads.execute(() -> swallow(client));
        }
        case PASS, DELAY -> threads.execute(() -> connect(client));
      }
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    open.add(client);
    open.add(upstream);
    try {
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
    } catch (IOException e) {
      reset(client);
      close(upstream);
      return;
    }
    threads.execute(() -> pump(client, upstream));
    threads.execute(() -> pump(upstream, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer, 0, Math.min(buffer.length, chunkBytes))) >= 0) {
        if (mode == Mode.DELAY && delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        out.write(buffer, 0, n);
        out.flush();
        bytesForwarded.addAndGet(n);
      }
      to.shutdownOutput();
    } catch (IOException | InterruptedException e) {
      // a reset or a close: tear both down
    } finally {
      close(from);
      close(to);
    }
  }

  private void swallow(Socket client) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = client.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // a black hole answers nothing
      }
    } catch (IOException e) {
      // reset by mode() or close()
    } finally {
      close(client);
    }
  }

  private void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // close sends RST
    } catch (SocketException e) {
      // already closed
    }
    close(s);
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
    for (Socket s : open) {
      reset(s);
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
