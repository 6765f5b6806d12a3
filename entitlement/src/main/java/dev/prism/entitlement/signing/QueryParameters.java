package dev.prism.entitlement.signing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Raw query-string handling: split on {@code &}, keep every parameter's raw text and order. */
final class QueryParameters {
  private QueryParameters() {}

  /** One raw {@code name[=value]} segment. */
  record Param(String raw, String name, @Nullable String rawValue) {}

  static List<Param> split(@Nullable String rawQuery) {
    List<Param> params = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String raw : rawQuery.split("&", -1)) {
      int eq = raw.indexOf('=');
      params.add(
          eq < 0
              ? new Param(raw, raw, null)
              : new Param(raw, raw.substring(0, eq), raw.substring(eq + 1)));
    }
    return params;
  }

  static String join(List<Param> params) {
    StringBuilder out = new StringBuilder();
    for (Param p : params) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p.raw());
    }
    return out.toString();
  }

  /**
   * Percent-decodes a signing parameter's value ({@code %7E} for {@code ~} from eager encoders); a
   * {@code +} stays a {@code +} (no form decoding).
   *
   * @throws IllegalArgumentException on a broken escape
   */
  static String decodeValue(String rawValue) {
    if (rawValue.indexOf('%') < 0) {
      return rawValue;
    }
    return URLDecoder.decode(rawValue.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
