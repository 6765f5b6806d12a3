package dev.prism.entitlement.signing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The CloudFront signing parameters of a signed URL — {@code Policy} or {@code Expires}, {@code
 * Signature}, {@code Key-Pair-Id}, optional {@code Hash-Algorithm}, in any order — and the viewer's
 * own query parameters, which stay part of the signed resource, raw and in order (CloudFront
 * Developer Guide, "Create a signed URL using a canned policy").
 *
 * @param viewerQuery the query without the signing parameters (raw, original order), or null
 * @param signingParameters the signing parameters as received, joined by {@code &} in their
 *     original order
 */
public record SignedUrl(
    @Nullable String policy,
    @Nullable String expires,
    @Nullable String signature,
    @Nullable String keyPairId,
    @Nullable String hashAlgorithm,
    @Nullable String viewerQuery,
    String signingParameters)
    implements CloudFrontCredentials {

  /** Query parameter names, exactly as CloudFront defines them. */
  public static final class ParameterNames {
    public static final String POLICY = "Policy";
    public static final String EXPIRES = "Expires";
    public static final String SIGNATURE = "Signature";
    public static final String KEY_PAIR_ID = "Key-Pair-Id";
    public static final String HASH_ALGORITHM = "Hash-Algorithm";

    private ParameterNames() {}
  }

  /** Every CloudFront signing query parameter name, for the gate to strip after a grant. */
  public static final Set<String> PARAMETER_NAMES =
      Set.of(
          ParameterNames.POLICY,
          ParameterNames.EXPIRES,
          ParameterNames.SIGNATURE,
          ParameterNames.KEY_PAIR_ID,
          ParameterNames.HASH_ALGORITHM);

  private static final Set<String> MARKERS =
      Set.of(
          ParameterNames.POLICY,
          ParameterNames.EXPIRES,
          ParameterNames.SIGNATURE,
          ParameterNames.KEY_PAIR_ID);

  /**
   * The signed-URL fields of {@code rawQuery}; empty if it has none of {@code Policy}, {@code
   * Expires}, {@code Signature}, {@code Key-Pair-Id}.
   *
   * @throws IllegalArgumentException if a signing parameter appears twice or has a broken
   *     percent-escape (the verifier maps this to {@link DenialReason#MALFORMED})
   */
  public static Optional<SignedUrl> fromQuery(@Nullable String rawQuery) {
    List<QueryParameters.Param> params = QueryParameters.split(rawQuery);
    boolean any = false;
    for (QueryParameters.Param p : params) {
      any |= MARKERS.contains(p.name());
    }
    if (!any) {
      return Optional.empty();
    }
    List<QueryParameters.Param> viewer = new ArrayList<>();
    List<QueryParameters.Param> signing = new ArrayList<>();
    String[] values = new String[5];
    for (QueryParameters.Param p : params) {
      if (!PARAMETER_NAMES.contains(p.name())) {
        viewer.add(p);
        continue;
      }
      int slot = slot(p.name());
      if (values[slot] != null) {
        throw new IllegalArgumentException("duplicate signing parameter " + p.name());
      }
      values[slot] = QueryParameters.decodeValue(p.rawValue() == null ? "" : p.rawValue());
      signing.add(p);
    }
    String viewerQuery = viewer.isEmpty() ? null : QueryParameters.join(viewer);
    return Optional.of(
        new SignedUrl(
            values[0],
            values[1],
            values[2],
            values[3],
            values[4],
            viewerQuery,
            QueryParameters.join(signing)));
  }

  /** Whether {@code rawQuery} carries any CloudFront signed-URL parameter. */
  public static boolean isPresentIn(@Nullable String rawQuery) {
    for (QueryParameters.Param p : QueryParameters.split(rawQuery)) {
      if (MARKERS.contains(p.name())) {
        return true;
      }
    }
    return false;
  }

  private static int slot(String name) {
    switch (name) {
      case ParameterNames.POLICY:
        return 0;
      case ParameterNames.EXPIRES:
        return 1;
      case ParameterNames.SIGNATURE:
        return 2;
      case ParameterNames.KEY_PAIR_ID:
        return 3;
      default:
        return 4;
    }
  }

  @Override
  public @Nullable String resourceQuery(ViewerRequest request) {
    return viewerQuery;
  }

  /** Never prints the policy or signature (a signed URL is a bearer credential). */
  @Override
  public String toString() {
    return "SignedUrl[keyPairId="
        + keyPairId
        + ", "
        + (policy != null ? "custom" : "canned")
        + ", hash="
        + hashAlgorithm
        + "]";
  }
}
