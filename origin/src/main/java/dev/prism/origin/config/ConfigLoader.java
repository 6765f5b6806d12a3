package dev.prism.origin.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@link PrismConfig}: the built-in defaults (the jar's copy of {@code conf/prism.yaml}),
 * then one configuration file over them (keys it leaves out keep their defaults; lists are replaced
 * whole), then {@code PRISM_*} environment variables by the rule {@code a.bC.d} → {@code
 * PRISM_A_B_C_D} (lists comma-separated; lists of mappings as a YAML flow sequence), then checks
 * the result.
 *
 * <p>Relative paths in the configuration are resolved against the base directory: the {@code
 * prism.home} system property (the {@code ./prism} launcher sets it to the repository root), else
 * the working directory.
 *
 * <p>Every failure is a {@link ConfigException} whose message is one line naming the key, the value
 * and what is allowed.
 */
public final class ConfigLoader {

  /** The classpath resource holding the defaults: a build-time copy of {@code conf/prism.yaml}. */
  public static final String DEFAULTS_RESOURCE = "/prism.yaml";

  /** The system property naming Prism's home directory (the base of relative paths). */
  public static final String HOME_PROPERTY = "prism.home";

  private static final String ENV_PREFIX = "PRISM_";

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .addModule(ConfigDeserializers.module())
          .build();

  private ConfigLoader() {}

  /**
   * The configuration for a command: {@code configFile} if given, else {@code
   * $prism.home/conf/prism.yaml} if that exists, over the built-in defaults; then the process
   * environment.
   *
   * @param configFile the file given with {@code --config}, or null
   * @throws ConfigException when the file is missing or unreadable, or any key is unknown or bad
   */
  public static PrismConfig load(@Nullable Path configFile) {
    return load(configFile, Map.of());
  }

  /**
   * Like {@link #load(Path)}, with values a command sets itself (for example {@code prism demo}
   * turning the entitlement service on). They apply over the file and under the environment, in the
   * environment's text form: {@code Map.of("entitlement.enabled", "true", "gate.cloudfront.keys",
   * "[{id: K1, publicKeyFile: /tmp/k1.pem}]")}.
   *
   * @param configFile the file given with {@code --config}, or null
   * @param commandOverrides dotted key → value text
   * @throws ConfigException when the file is missing or unreadable, or any key is unknown or bad
   */
  public static PrismConfig load(@Nullable Path configFile, Map<String, String> commandOverrides) {
    Path baseDir = baseDir();
    Path file = configFile;
    if (file == null && System.getProperty(HOME_PROPERTY) != null) {
      Path candidate = baseDir.resolve("conf").resolve("prism.yaml");
      if (Files.isRegularFile(candidate)) {
        file = candidate;
      }
    }
    return load(file, commandOverrides, System.getenv(), baseDir);
  }

  /**
   * The configuration from explicit inputs (for tests and embedding).
   *
   * @param configFile a YAML file laid over the defaults, or null for the defaults alone
   * @param env environment variables; only {@code PRISM_*} names are read
   * @param baseDir the directory relative paths are resolved against
   * @throws ConfigException when the file is missing or unreadable, or any key is unknown or bad
   */
  public static PrismConfig load(@Nullable Path configFile, Map<String, String> env, Path baseDir) {
    return load(configFile, Map.of(), env, baseDir);
  }

  /**
   * The configuration from explicit inputs, with values set by the command.
   *
   * @param configFile a YAML file laid over the defaults, or null for the defaults alone
   * @param commandOverrides dotted key → value text, applied over the file and under {@code env}
   * @param env environment variables; only {@code PRISM_*} names are read
   * @param baseDir the directory relative paths are resolved against
   * @throws ConfigException when the file is missing or unreadable, or any key is unknown or bad
   */
  public static PrismConfig load(
      @Nullable Path configFile,
      Map<String, String> commandOverrides,
      Map<String, String> env,
      Path baseDir) {
    JsonNode fileTree = null;
    String label = "";
    if (configFile != null) {
      label = configFile.toString();
      String text;
      try {
        text = Files.readString(configFile, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new ConfigException("", label + ": no such file");
      } catch (IOException e) {
        throw new ConfigException("", label + ": cannot read: " + e.getMessage());
      }
      fileTree = parse(text, label);
    }
    return build(fileTree, commandOverrides, env, baseDir);
  }

  /**
   * The built-in defaults with no file and no environment.
   *
   * @param baseDir the directory relative paths are resolved against
   */
  public static PrismConfig defaults(Path baseDir) {
    return build(null, Map.of(), Map.of(), baseDir);
  }

  /**
   * The defaults with some YAML laid over them, ignoring the environment: for tests, e.g. {@code
   * fromYaml("gate: {enabled: false}", dir)}.
   *
   * @param yaml a YAML mapping with any subset of the keys
   * @param baseDir the directory relative paths are resolved against
   * @throws ConfigException when a key is unknown or bad
   */
  public static PrismConfig fromYaml(String yaml, Path baseDir) {
    return build(parse(yaml, "(yaml)"), Map.of(), Map.of(), baseDir);
  }

  /** The base of relative paths: {@code prism.home} if set, else the working directory. */
  public static Path baseDir() {
    String home = System.getProperty(HOME_PROPERTY);
    Path base = home == null || home.isBlank() ? Path.of("") : Path.of(home);
    return base.toAbsolutePath().normalize();
  }

  /**
   * Parses a duration in the syntax of {@code prism.yaml}: {@code 500ms}, {@code 90s}, {@code 30m},
   * {@code 24h}, {@code 7d}, or a sum such as {@code 1m30s}; {@code 0} alone is zero. Commands use
   * it for their duration options, so one syntax holds everywhere.
   *
   * @throws IllegalArgumentException naming what is expected
   */
  public static Duration parseDuration(String text) {
    return ConfigDeserializers.parseDuration(text);
  }

  /**
   * The environment variable that overrides a key: {@code delivery.publicBaseUrls} → {@code
   * PRISM_DELIVERY_PUBLIC_BASE_URLS}.
   */
  public static String environmentVariable(String dottedKey) {
    return ConfigSchema.envName(dottedKey);
  }

  private static PrismConfig build(
      @Nullable JsonNode fileTree,
      Map<String, String> commandOverrides,
      Map<String, String> env,
      Path baseDir) {
    ObjectNode tree = defaultsTree();
    if (fileTree != null) {
      if (!fileTree.isObject()) {
        throw new ConfigException(
            "",
            "the configuration must be a YAML mapping with keys "
                + String.join(", ", ConfigSchema.sections()));
      }
      merge(tree, fileTree);
    }
    Map<String, String> sources = new HashMap<>(applyCommandOverrides(tree, commandOverrides));
    sources.putAll(applyEnvironment(tree, env));
    ConfigSchema.check(tree, sources);
    PrismConfig config = bind(tree, sources, baseDir.toAbsolutePath().normalize());
    ConfigValidator.validate(config, tree, sources);
    return config;
  }

  private static ObjectNode defaultsTree() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "classpath resource "
                + DEFAULTS_RESOURCE
                + " is missing: the build copies it from conf/");
      }
      JsonNode tree = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "defaults");
      return (ObjectNode) tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One YAML document; an empty document is an empty mapping. */
  private static JsonNode parse(String text, String label) {
    try {
      JsonNode tree = MAPPER.readTree(text);
      return tree == null || tree.isMissingNode() ? JsonNodeFactory.instance.objectNode() : tree;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException("", label + where + ": " + firstLine(e.getOriginalMessage()));
    }
  }

  /**
   * Mappings merge key by key; anything else (scalars, lists) replaces. A key left empty in YAML
   * (every child commented out) keeps a default mapping and empties a default list.
   */
  private static void merge(ObjectNode target, JsonNode overlay) {
    for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else if (existing != null && existing.isObject() && e.getValue().isNull()) {
        continue;
      } else if (existing != null && existing.isArray() && e.getValue().isNull()) {
        target.set(e.getKey(), JsonNodeFactory.instance.arrayNode());
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  /**
   * Sets every {@code PRISM_*} variable that names a key. A variable that starts like a section
   * ({@code PRISM_CACHE_…}) but names no key is an error; other {@code PRISM_*} names (such as the
   * launcher's {@code PRISM_JAVA_OPTS}) are not configuration and are ignored.
   *
   * @return dotted key → the variable that set it
   */
  private static Map<String, String> applyEnvironment(ObjectNode tree, Map<String, String> env) {
    Map<String, ConfigSchema.Key> keys = ConfigSchema.keysByEnvName();
    List<String> sectionPrefixes = new ArrayList<>();
    for (String section : ConfigSchema.sections()) {
      sectionPrefixes.add(ConfigSchema.envName(section) + "_");
    }
    Map<String, String> sources = new HashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX)) {
        continue;
      }
      ConfigSchema.Key key = keys.get(name);
      if (key == null) {
        if (sectionPrefixes.stream().anyMatch(name::startsWith)) {
          String suggestion = ConfigSchema.didYouMean(name, List.copyOf(keys.keySet()));
          throw new ConfigException(
              "",
              "unknown environment variable "
                  + name
                  + " (no such key)"
                  + (suggestion == null ? "" : "; did you mean " + suggestion + "?"));
        }
        continue;
      }
      setAt(tree, key.path(), envValue(key, e.getValue(), name));
      sources.put(key.path(), name);
    }
    return sources;
  }

  /** Sets values a command chose; an unknown key is a programming error. */
  private static Map<String, String> applyCommandOverrides(
      ObjectNode tree, Map<String, String> overrides) {
    Map<String, ConfigSchema.Key> keys = new HashMap<>();
    for (ConfigSchema.Key key : ConfigSchema.keys()) {
      keys.put(key.path(), key);
    }
    Map<String, String> sources = new HashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
      ConfigSchema.Key key = keys.get(e.getKey());
      if (key == null) {
        throw new IllegalArgumentException("not a configuration key: " + e.getKey());
      }
      setAt(tree, key.path(), envValue(key, e.getValue(), "the command"));
      sources.put(key.path(), "the command");
    }
    return sources;
  }

  private static JsonNode envValue(ConfigSchema.Key key, String text, String name) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (key.kind()) {
      case LIST:
        ArrayNode list = nodes.arrayNode();
        for (String item : text.split(",", -1)) {
          if (!item.isBlank()) {
            list.add(item.strip());
          }
        }
        return list;
      case LIST_OF_MAPPINGS:
        if (text.isBlank()) {
          return nodes.arrayNode();
        }
        JsonNode parsed;
        try {
          parsed = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
          parsed = null;
        }
        if (parsed == null || !parsed.isArray()) {
          RecordComponent c = ConfigSchema.componentAt(key.path());
          String expected =
              c == null
                  ? "expected a list"
                  : ConfigSchema.describe(c.getGenericType(), c.getType(), c);
          throw ConfigException.badValue(
              key.path(),
              ConfigSchema.render(key.path(), nodes.textNode(text)),
              name,
              expected + ", as a YAML flow sequence like [{a: 1, b: 2}]");
        }
        return parsed;
      default:
        return nodes.textNode(text);
    }
  }

  private static void setAt(ObjectNode root, String dottedPath, JsonNode value) {
    String[] segments = dottedPath.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < segments.length - 1; i++) {
      JsonNode child = node.get(segments[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(segments[i]);
      }
      node = (ObjectNode) child;
    }
    node.set(segments[segments.length - 1], value);
  }

  /** The node at a dotted path with optional {@code [i]} indexes, or null. */
  static @Nullable JsonNode at(JsonNode root, String dottedPath) {
    if (dottedPath.isEmpty()) {
      return root;
    }
    JsonNode node = root;
    for (String segment : dottedPath.split("\\.")) {
      String name = segment;
      List<Integer> indexes = new ArrayList<>();
      int bracket = segment.indexOf('[');
      if (bracket >= 0) {
        name = segment.substring(0, bracket);
        for (String index : segment.substring(bracket + 1).split("\\]\\[?")) {
          if (!index.isEmpty()) {
            indexes.add(Integer.parseInt(index));
          }
        }
      }
      node = name.isEmpty() ? node : node.get(name);
      for (int index : indexes) {
        node = node == null ? null : node.get(index);
      }
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static PrismConfig bind(JsonNode tree, Map<String, String> sources, Path baseDir) {
    try {
      return MAPPER
          .readerFor(PrismConfig.class)
          .withAttribute(ConfigDeserializers.BASE_DIR, baseDir)
          .readValue(tree);
    } catch (JsonMappingException e) {
      String path = dotted(e.getPath());
      String expected;
      if (e instanceof ConfigDeserializers.BadValueException bad) {
        expected = bad.expected();
      } else {
        RecordComponent c = ConfigSchema.componentAt(path);
        expected =
            c == null
                ? firstLine(e.getOriginalMessage())
                : ConfigSchema.describe(c.getGenericType(), c.getType(), c);
      }
      throw ConfigSchema.badValue(path, at(tree, path), sources, expected);
    } catch (IOException e) {
      throw new ConfigException("", firstLine(e.getMessage()));
    }
  }

  private static String dotted(List<JsonMappingException.Reference> references) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : references) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "invalid";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
