package dev.prism.origin.delivery;

import dev.prism.packager.naming.InitSegmentRequest;
import dev.prism.packager.naming.MultivariantPlaylistRequest;
import dev.prism.packager.naming.PackagingRequest;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code kind} label of {@code prism_packaging_seconds}: the request record's name without
 * {@code Request}, in snake case ({@code MediaPlaylistRequest} → {@code media_playlist}), so a new
 * output kind is labelled without a change here. Two kinds keep the labels they had before the
 * packager entry existed ({@code multivariant}, {@code init}), so dashboards keep working.
 */
final class PackagingKinds {
  private static final Map<Class<?>, String> EARLIER_LABELS =
      Map.of(MultivariantPlaylistRequest.class, "multivariant", InitSegmentRequest.class, "init");

  private static final ClassValue<String> NAMES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          String earlier = EARLIER_LABELS.get(type);
          if (earlier != null) {
            return earlier;
          }
          String name = type.getSimpleName();
          if (name.endsWith("Request")) {
            name = name.substring(0, name.length() - "Request".length());
          }
          return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        }
      };

  private PackagingKinds() {}

  /** The label of {@code request}'s kind, e.g. {@code media_segment}. */
  static String of(PackagingRequest request) {
    return NAMES.get(request.getClass());
  }
}
