package dev.prism.origin.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Jackson deserializers for the value syntaxes of {@code prism.yaml}: durations, sizes, paths. */
final class ConfigDeserializers {

  /** Deserialization attribute: the absolute {@link Path} relative paths are resolved against. */
  static final String BASE_DIR = "prism.baseDir";

  static final String EXPECTED_DURATION = "expected a duration like 10s, 5m, 500ms";
  static final String EXPECTED_SIZE =
      "expected a size like 512MiB, 64KiB, 1GiB or a number of bytes";
  static final String EXPECTED_PATH = "expected a file path";
  static final String EXPECTED_FILE_OR_URL = "expected a file path or an http(s) URL";
  static final String EXPECTED_URL = "expected an absolute URL like https://d111.cloudfront.net";

  private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,15})\\s*(B|KiB|MiB|GiB|TiB|kB|KB|MB|GB|TB)?");

  private ConfigDeserializers() {}

  /** The module with the type-wide deserializers (per-property ones are set by annotations). */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("prism-config");
    module.addDeserializer(Duration.class, new Durations());
    module.addDeserializer(Path.class, new Paths());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Optional<?>> optionalClass = (Class) Optional.class;
    module.addDeserializer(optionalClass, new Optionals(null));
    return module;
  }

  /**
   * Parses {@code 10s}, {@code 5m}, {@code 500ms}, {@code 1h}, {@code 2d}, or a sum such as {@code
   * 1m30s}; {@code 0} alone is zero.
   *
   * @throws IllegalArgumentException naming what is expected
   */
  static Duration parseDuration(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      at = m.end();
    }
    if (at == 0 || at != s.length()) {
      throw new IllegalArgumentException(EXPECTED_DURATION);
    }
    return total;
  }

  /**
   * Parses {@code 512MiB}, {@code 64KiB}, {@code 1GiB} (binary), {@code 10MB} (decimal) or a plain
   * number of bytes.
   *
   * @return the size in bytes
   * @throws IllegalArgumentException naming what is expected
   */
  static long parseSizeBytes(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(EXPECTED_SIZE);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    long factor =
        switch (unit) {
          case "KiB" -> 1L << 10;
          case "MiB" -> 1L << 20;
          case "GiB" -> 1L << 30;
          case "TiB" -> 1L << 40;
          case "kB", "KB" -> 1_000L;
          case "MB" -> 1_000_000L;
          case "GB" -> 1_000_000_000L;
          case "TB" -> 1_000_000_000_000L;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(EXPECTED_SIZE, e);
    }
  }

  /** A value that does not parse; carries what is allowed, for the one-line error. */
  static final class BadValueException extends MismatchedInputException {
    private static final long serialVersionUID = 1L;
    private final String expected;

    BadValueException(JsonParser p, String expected, Class<?> targetType) {
      super(p, expected, targetType);
      this.expected = expected;
    }

    String expected() {
      return expected;
    }
  }

  private static String scalarText(JsonParser p, String expected, Class<?> target)
      throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING
        || t == JsonToken.VALUE_NUMBER_INT
        || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getText();
    }
    throw new BadValueException(p, expected, target);
  }

  private static Path resolve(DeserializationContext ctxt, String text) {
    Object base = ctxt.getAttribute(BASE_DIR);
    Path path = Path.of(text);
    if (base instanceof Path b) {
      path = b.resolve(path);
    }
    return path.toAbsolutePath().normalize();
  }

  /**
   * A scalar parsed by a function that throws {@link IllegalArgumentException} on bad text, which
   * becomes a {@link BadValueException} naming what is expected.
   */
  private abstract static class ParsedScalar<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final String expected;
    private final Class<?> target;

    ParsedScalar(Class<T> type, Class<?> target, String expected) {
      super(type);
      this.target = target;
      this.expected = expected;
    }

    abstract T parse(String text);

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = scalarText(p, expected, target);
      try {
        return parse(text);
      } catch (IllegalArgumentException e) {
        throw new BadValueException(p, expected, target);
      }
    }
  }

  /** {@link Duration} from {@code 10s}-style strings; a bare number is refused (which unit?). */
  static final class Durations extends ParsedScalar<Duration> {
    private static final long serialVersionUID = 1L;

    Durations() {
      super(Duration.class, Duration.class, EXPECTED_DURATION);
    }

    @Override
    Duration parse(String text) {
      return parseDuration(text);
    }
  }

  /** A size in bytes from {@code 512MiB}-style strings or a plain number. */
  static final class Size extends ParsedScalar<Long> {
    private static final long serialVersionUID = 1L;

    Size() {
      super(Long.class, long.class, EXPECTED_SIZE);
    }

    @Override
    Long parse(String text) {
      return parseSizeBytes(text);
    }
  }

  /** A {@link Path}, resolved against the base directory and made absolute. */
  static final class Paths extends StdDeserializer<Path> {
    private static final long serialVersionUID = 1L;

    Paths() {
      super(Path.class);
    }

    @Override
    public Path deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = scalarText(p, EXPECTED_PATH, Path.class);
      if (text.isBlank()) {
        throw new BadValueException(p, EXPECTED_PATH + " (required)", Path.class);
      }
      try {
        return resolve(ctxt, text);
      } catch (InvalidPathException e) {
        throw new BadValueException(p, EXPECTED_PATH, Path.class);
      }
    }
  }

  /**
   * A file path or an http(s) URL, as a {@link URI}: URLs as given, paths resolved to absolute
   * {@code file:} URIs.
   */
  static final class FileOrUrl extends StdDeserializer<URI> {
    private static final long serialVersionUID = 1L;

    FileOrUrl() {
      super(URI.class);
    }

    @Override
    public URI deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = scalarText(p, EXPECTED_FILE_OR_URL, URI.class).strip();
      if (text.isEmpty()) {
        throw new BadValueException(p, EXPECTED_FILE_OR_URL, URI.class);
      }
      String lower = text.toLowerCase(Locale.ROOT);
      try {
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
          URI uri = new URI(text);
          if (uri.getHost() == null) {
            throw new BadValueException(p, EXPECTED_FILE_OR_URL, URI.class);
          }
          return uri;
        }
        return resolve(ctxt, text).toUri();
      } catch (URISyntaxException | InvalidPathException e) {
        throw new BadValueException(p, EXPECTED_FILE_OR_URL, URI.class);
      }
    }
  }

  /**
   * {@code Optional<String>}, {@code Optional<Path>} and {@code Optional<URI>}: an empty string or
   * a YAML null is {@link Optional#empty()}.
   */
  static final class Optionals extends JsonDeserializer<Optional<?>>
      implements ContextualDeserializer {
    private final @Nullable Class<?> content;

    Optionals(@Nullable Class<?> content) {
      this.content = content;
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, @Nullable BeanProperty property) {
      JavaType type = property == null ? ctxt.getContextualType() : property.getType();
      JavaType inner = type == null ? null : type.containedType(0);
      return new Optionals(inner == null ? String.class : inner.getRawClass());
    }

    @Override
    public Optional<?> getNullValue(DeserializationContext ctxt) {
      return Optional.empty();
    }

    @Override
    public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Class<?> target = content == null ? String.class : content;
      String expected =
          target == Path.class
              ? EXPECTED_PATH
              : target == URI.class ? EXPECTED_URL : "expected a string";
      String text = scalarText(p, expected, target).strip();
      if (text.isEmpty()) {
        return Optional.empty();
      }
      if (target == Path.class) {
        try {
          return Optional.of(resolve(ctxt, text));
        } catch (InvalidPathException e) {
          throw new BadValueException(p, expected, target);
        }
      }
      if (target == URI.class) {
        try {
          URI uri = new URI(text);
          if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new BadValueException(p, expected, target);
          }
          return Optional.of(uri);
        } catch (URISyntaxException e) {
          throw new BadValueException(p, expected, target);
        }
      }
      return Optional.of(text);
    }
  }
}
