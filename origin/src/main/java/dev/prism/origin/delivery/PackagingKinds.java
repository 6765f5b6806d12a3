package dev.prism.origin.delivery;

import dev.prism.packager.naming.PackagingRequest;
import java.util.Locale;

/**
 * The {@code kind} label of {@code prism_packaging_seconds}: the request record's name without
 * {@code Request}, in snake case ({@code MediaPlaylistRequest} → {@code media_playlist}), so a new
 * output kind is labelled without a change here.
 */
final class PackagingKinds {
  private static final ClassValue<String> NAMES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
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
