package dev.prism.transcoder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under a folder and its SHA-256: compare two to prove a store is byte-for-byte
 * unchanged.
 */
public final class StoreSnapshot {
  private StoreSnapshot() {}

  /**
   * Relative path (with {@code /}) to SHA-256 hex, sorted; empty directories are listed too, except
   * what holds no object and a folder store keeps by design: an empty {@code _staging} folder (a
   * publish removes its own job folder, not the shared one) and {@code .*.prism-lock} lock files.
   */
  public static Map<String, String> of(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".prism-lock")) {
          continue;
        }
        if (name.equals("_staging") && Files.isDirectory(p) && isEmpty(p)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          out.put(rel + "/", "dir");
        } else {
          out.put(rel, sha256(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Copies a folder tree (to get a private, modifiable copy of a fixture store). */
  public static Path copy(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(in.readAllBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
