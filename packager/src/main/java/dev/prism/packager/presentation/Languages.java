package dev.prism.packager.presentation;

import java.util.HashMap;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Language tags for manifests: HLS {@code LANGUAGE} and DASH {@code @lang} want RFC 5646 (BCP 47),
 * which prefers the 2-letter ISO 639-1 code where one exists; {@code mdhd} carries ISO 639-2/T.
 */
public final class Languages {
  private static final Map<String, String> ISO3_TO_ISO2 = new HashMap<>();

  static {
    for (String iso2 : Locale.getISOLanguages()) {
      try {
        ISO3_TO_ISO2.put(Locale.forLanguageTag(iso2).getISO3Language(), iso2);
      } catch (java.util.MissingResourceException e) {
        // no 3-letter form: nothing to map
      }
    }
  }

  private Languages() {}

  /**
   * Normalizes {@code code} to RFC 5646: {@code eng} → {@code en}, {@code en-us} → {@code en-US},
   * {@code und}/empty/malformed → null.
   */
  public static @Nullable String toBcp47(@Nullable String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    Locale locale = Locale.forLanguageTag(code.trim().replace('_', '-'));
    String lang = locale.getLanguage();
    if (lang.isEmpty() || lang.equals("und")) {
      return null;
    }
    String iso2 = ISO3_TO_ISO2.get(lang);
    if (lang.length() == 3 && iso2 != null) {
      try {
        locale = new Locale.Builder().setLocale(locale).setLanguage(iso2).build();
      } catch (IllformedLocaleException e) {
        return iso2;
      }
    }
    return locale.toLanguageTag();
  }
}
