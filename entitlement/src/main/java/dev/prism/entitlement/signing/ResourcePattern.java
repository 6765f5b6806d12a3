package dev.prism.entitlement.signing;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A custom policy's {@code Resource}, compiled for matching (CloudFront Developer Guide, "Values
 * that you specify in the policy statement for a signed URL that uses a custom policy").
 *
 * <ul>
 *   <li>{@code *} matches zero or more characters, {@code ?} exactly one;
 *   <li>a wildcard matches only within its own section ({@code protocol://domain/path?query}): in
 *       the protocol and domain it never crosses {@code :} or {@code /}, in the path it never
 *       crosses into the query;
 *   <li>a trailing {@code *} in the path also covers any query; a trailing {@code *} in the domain
 *       covers any path and query; a resource starting with {@code *} may omit the protocol; {@code
 *       "*"} matches every URL;
 *   <li>scheme and host compare case-insensitively, path and query case-sensitively and raw (still
 *       percent-encoded);
 *   <li>{@code \?} is a literal {@code ?} (the query separator); an unescaped {@code ?} is the
 *       one-character wildcard, which also matches the query separator itself, so {@code
 *       https://h/a.jpg?size=large} matches that URL as CloudFront's own examples expect.
 * </ul>
 *
 * <p>Patterns are compiled only from policies whose signature already verified, so a hostile
 * pattern cannot reach the regex engine.
 */
public final class ResourcePattern {
  private static final String ANY_SCHEME = "[A-Za-z][A-Za-z0-9+.-]*";

  private static final Pattern PREFIX_WITH_PATH =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/]+/.*");

  private final String resource;
  private final Pattern regex;
  private final @Nullable String grantedPrefix;

  private ResourcePattern(String resource, Pattern regex) {
    this.resource = resource;
    this.regex = regex;
    this.grantedPrefix = grantedPrefixOf(resource);
  }

  /**
   * Compiles {@code resource}.
   *
   * @throws IllegalArgumentException if it is not {@code *} and neither starts with {@code
   *     scheme://} (scheme letters or {@code *}) nor with {@code *}
   */
  public static ResourcePattern compile(String resource) {
    if (resource.equals("*")) {
      return new ResourcePattern(resource, Pattern.compile(".*", Pattern.DOTALL));
    }
    StringBuilder re = new StringBuilder();
    String rest;
    int sep = resource.indexOf("://");
    if (sep > 0 && resource.substring(0, sep).matches("[A-Za-z*?][A-Za-z0-9+.*?-]*")) {
      re.append(translate(resource.substring(0, sep).toLowerCase(Locale.ROOT), "[^:/]", false));
      re.append("://");
      rest = resource.substring(sep + 3);
    } else if (resource.startsWith("*")) {
      re.append(ANY_SCHEME).append("://");
      rest = resource;
    } else {
      throw new IllegalArgumentException("Resource must start with a scheme:// or '*'");
    }
    int slash = rest.indexOf('/');
    String domain = slash < 0 ? rest : rest.substring(0, slash);
    String pathAndQuery = slash < 0 ? "" : rest.substring(slash);
    domain = domain.toLowerCase(Locale.ROOT);
    if (pathAndQuery.isEmpty() && domain.endsWith("*")) {
      // A trailing '*' in the domain implies '*' in the path and the query.
      re.append(translate(domain.substring(0, domain.length() - 1), "[^/]", false)).append(".*");
    } else {
      re.append(translate(domain, "[^/]", false));
      re.append(translate(pathAndQuery, "[^?]", true));
    }
    return new ResourcePattern(resource, Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  private static String translate(String section, String charClass, boolean path) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder(); // runs of literal text are quoted as one slice
    for (int i = 0; i < section.length(); i++) {
      char c = section.charAt(i);
      if (c == '\\' && path && i + 1 < section.length() && section.charAt(i + 1) == '?') {
        literal.append('?');
        i++;
        continue;
      }
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      if (literal.length() > 0) {
        re.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
      }
      if (c == '*') {
        boolean trailing = i == section.length() - 1;
        // A trailing '*' in the path also matches any query string.
        re.append(path && trailing ? ".*" : charClass + "*");
      } else {
        re.append(path ? "." : charClass);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return re.toString();
  }

  /** Whether {@code url} ({@code scheme://host/raw-path[?raw-query]}) is covered. */
  public boolean matches(String url) {
    return regex.matcher(lowerCaseSchemeAndHost(url)).matches();
  }

  /**
   * The literal URL prefix under which this pattern grants every URL, when the pattern is exactly
   * {@code literal*} with no other wildcard ({@code "*"} gives the empty prefix); empty otherwise.
   * The origin uses it to decide whether a signed URL covers a whole asset.
   */
  public Optional<String> grantedPrefix() {
    // Worked out once: the gate asks on every granted request, and it used to compile a regex.
    return Optional.ofNullable(grantedPrefix);
  }

  private static @Nullable String grantedPrefixOf(String resource) {
    if (!resource.endsWith("*")) {
      return null;
    }
    String literal = resource.substring(0, resource.length() - 1);
    if (literal.indexOf('*') >= 0 || literal.indexOf('?') >= 0 || literal.indexOf('\\') >= 0) {
      return null;
    }
    if (!literal.isEmpty() && !PREFIX_WITH_PATH.matcher(literal).matches()) {
      return null; // a prefix that ends inside the domain would also grant other hosts
    }
    return lowerCaseSchemeAndHost(literal);
  }

  /** The resource text exactly as it appeared in the policy. */
  public String resource() {
    return resource;
  }

  static String lowerCaseSchemeAndHost(String url) {
    int sep = url.indexOf("://");
    if (sep < 0) {
      return url;
    }
    int slash = url.indexOf('/', sep + 3);
    int end = slash < 0 ? url.length() : slash;
    return url.substring(0, end).toLowerCase(Locale.ROOT) + url.substring(end);
  }

  @Override
  public String toString() {
    return resource;
  }
}
