package dev.prism.origin.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The shape of {@code prism.yaml}, read from the {@link PrismConfig} records: the keys, their
 * environment variable names, and a structural check of a YAML tree before it is bound (unknown
 * keys, mappings and lists where they belong, no empty values).
 */
final class ConfigSchema {

  /** How an environment variable's text becomes a YAML node. */
  enum Kind {
    /** One value. */
    SCALAR,
    /** A list of scalars, comma-separated in the environment. */
    LIST,
    /** A list of mappings, a YAML flow sequence in the environment. */
    LIST_OF_MAPPINGS
  }

  /**
   * One leaf key.
   *
   * @param path the dotted path, e.g. {@code cache.manifestTtl}
   * @param envName its environment variable, e.g. {@code PRISM_CACHE_MANIFEST_TTL}
   * @param kind how the variable's text is read
   */
  record Key(String path, String envName, Kind kind) {}

  private ConfigSchema() {}

  /** Every leaf key of the configuration, in declaration order. */
  static List<Key> keys() {
    List<Key> keys = new ArrayList<>();
    collect(PrismConfig.class, "", keys);
    return List.copyOf(keys);
  }

  /** The environment variables, by name. */
  static Map<String, Key> keysByEnvName() {
    Map<String, Key> byName = new LinkedHashMap<>();
    for (Key key : keys()) {
      byName.put(key.envName(), key);
    }
    return byName;
  }

  /** The top-level section names, in order. */
  static List<String> sections() {
    return names(PrismConfig.class);
  }

  /** {@code a.bC.d} → {@code PRISM_A_B_C_D}: camelCase splits into words. */
  static String envName(String dottedPath) {
    StringBuilder sb = new StringBuilder("PRISM");
    for (String segment : dottedPath.split("\\.", -1)) {
      sb.append('_');
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (i > 0 && Character.isUpperCase(c) && !Character.isUpperCase(segment.charAt(i - 1))) {
          sb.append('_');
        }
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  private static void collect(Class<?> record, String prefix, List<Key> out) {
    for (RecordComponent c : record.getRecordComponents()) {
      String path = prefix + c.getName();
      Class<?> raw = c.getType();
      if (raw.isRecord()) {
        collect(raw, path + ".", out);
      } else if (raw == List.class) {
        Class<?> element = rawArgument(c.getGenericType());
        out.add(
            new Key(path, envName(path), element.isRecord() ? Kind.LIST_OF_MAPPINGS : Kind.LIST));
      } else {
        out.add(new Key(path, envName(path), Kind.SCALAR));
      }
    }
  }

  private static List<String> names(Class<?> record) {
    return Arrays.stream(record.getRecordComponents())
        .map(RecordComponent::getName)
        .collect(Collectors.toUnmodifiableList());
  }

  private static Class<?> rawArgument(Type type) {
    if (type instanceof ParameterizedType p) {
      Type arg = p.getActualTypeArguments()[0];
      if (arg instanceof Class<?> c) {
        return c;
      }
      if (arg instanceof ParameterizedType pa && pa.getRawType() instanceof Class<?> c) {
        return c;
      }
    }
    return Object.class;
  }

  /**
   * Checks a merged YAML tree against the records: every key known, mappings and lists where the
   * records have them, no YAML null where a value is required.
   *
   * @param sources where each overridden key came from (dotted path → {@code PRISM_*} name)
   * @throws ConfigException the first problem, as one line
   */
  static void check(JsonNode root, Map<String, String> sources) {
    checkRecord(root, PrismConfig.class, "", sources);
  }

  private static void checkRecord(
      JsonNode node, Class<?> record, String path, Map<String, String> sources) {
    if (!node.isObject()) {
      throw badValue(path, node, sources, describe(record, record, null));
    }
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      components.put(c.getName(), c);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!components.containsKey(name)) {
        throw unknownKey(join(path, name), name, List.copyOf(components.keySet()));
      }
    }
    for (RecordComponent c : components.values()) {
      String childPath = join(path, c.getName());
      JsonNode child = node.get(c.getName());
      if (child == null) {
        throw new ConfigException(
            childPath,
            (path.isEmpty() ? "the configuration" : path) + " has no key " + c.getName());
      }
      checkValue(child, c.getGenericType(), c, childPath, sources);
    }
  }

  private static void checkValue(
      JsonNode node,
      Type type,
      @Nullable RecordComponent c,
      String path,
      Map<String, String> sources) {
    Class<?> raw = rawClass(type);
    if (raw == Optional.class) {
      if (!node.isNull()) {
        checkValue(node, ((ParameterizedType) type).getActualTypeArguments()[0], c, path, sources);
      }
    } else if (raw.isRecord()) {
      checkRecord(node, raw, path, sources);
    } else if (raw == List.class) {
      if (!node.isArray()) {
        throw badValue(path, node, sources, describe(type, raw, c));
      }
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      for (int i = 0; i < node.size(); i++) {
        checkValue(node.get(i), element, null, path + "[" + i + "]", sources);
      }
    } else if (!node.isValueNode() || node.isNull()) {
      throw badValue(path, node, sources, describe(type, raw, c));
    }
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }

  /** What a key of this type allows, as {@code expected ...}. */
  static String describe(Type type, Class<?> raw, @Nullable RecordComponent component) {
    if (component != null) {
      JsonDeserialize custom = component.getAnnotation(JsonDeserialize.class);
      if (custom != null && custom.using() == ConfigDeserializers.Size.class) {
        return ConfigDeserializers.EXPECTED_SIZE;
      }
      if (custom != null && custom.using() == ConfigDeserializers.FileOrUrl.class) {
        return ConfigDeserializers.EXPECTED_FILE_OR_URL;
      }
    }
    if (raw == Optional.class && type instanceof ParameterizedType p) {
      Type inner = p.getActualTypeArguments()[0];
      return describe(inner, rawClass(inner), null) + " (or \"\" for none)";
    }
    if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
      return "expected a whole number";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "expected true or false";
    }
    if (raw == String.class) {
      return "expected a string";
    }
    if (raw == Duration.class) {
      return ConfigDeserializers.EXPECTED_DURATION;
    }
    if (raw == Path.class) {
      return ConfigDeserializers.EXPECTED_PATH;
    }
    if (raw == URI.class) {
      return ConfigDeserializers.EXPECTED_URL;
    }
    if (raw.isEnum()) {
      return "expected one of "
          + Arrays.stream(raw.getEnumConstants())
              .map(e -> ((Enum<?>) e).name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    if (raw == List.class && type instanceof ParameterizedType p) {
      Type inner = p.getActualTypeArguments()[0];
      Class<?> innerRaw = rawClass(inner);
      if (innerRaw.isRecord()) {
        return "expected a list of mappings with keys " + String.join(", ", names(innerRaw));
      }
      return "expected a list (in YAML [a, b] or one item per line; in the environment a, b): each "
          + describe(inner, innerRaw, null).replaceFirst("^expected ", "");
    }
    if (raw.isRecord()) {
      return "expected a mapping with keys " + String.join(", ", names(raw));
    }
    return "expected a " + raw.getSimpleName();
  }

  /** The record component a dotted path names (list indexes ignored), or null. */
  static @Nullable RecordComponent componentAt(String dottedPath) {
    Class<?> current = PrismConfig.class;
    RecordComponent found = null;
    for (String segment : dottedPath.split("\\.")) {
      String name = segment.replaceAll("\\[\\d+\\]$", "");
      found = null;
      if (current.isRecord()) {
        for (RecordComponent c : current.getRecordComponents()) {
          if (c.getName().equals(name)) {
            found = c;
          }
        }
      }
      if (found == null) {
        return null;
      }
      current =
          found.getType() == List.class ? rawArgument(found.getGenericType()) : found.getType();
    }
    return found;
  }

  static ConfigException badValue(
      String path, @Nullable JsonNode node, Map<String, String> sources, String expected) {
    return ConfigException.badValue(
        path.isEmpty() ? "(top level)" : path,
        render(path, node),
        sourceOf(path, sources),
        expected);
  }

  /** The {@code PRISM_*} variable that set this key (or one of its parents), or "". */
  static String sourceOf(String path, Map<String, String> sources) {
    String p = path;
    while (true) {
      String s = sources.get(p);
      if (s != null) {
        return s;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return "";
      }
      p = p.substring(0, cut);
    }
  }

  /** A value as the user wrote it: strings quoted, secrets masked, long values shortened. */
  static String render(String path, @Nullable JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "(missing)";
    }
    if (node.isNull()) {
      return "(empty)";
    }
    if (path.toLowerCase(Locale.ROOT).contains("secret") && !node.isContainerNode()) {
      return "\"***\"";
    }
    String text = node.isTextual() ? "\"" + node.textValue() + "\"" : node.toString();
    text = text.replace("\n", "\\n").replace("\r", "\\r");
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  static ConfigException unknownKey(String path, String name, List<String> allowed) {
    String suggestion = didYouMean(name, allowed);
    return new ConfigException(
        path,
        "unknown key "
            + path
            + " (allowed: "
            + String.join(", ", allowed)
            + ")"
            + (suggestion == null ? "" : "; did you mean " + suggestion + "?"));
  }

  /** The closest candidate within a small edit distance (case-insensitive), or null. */
  static @Nullable String didYouMean(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
