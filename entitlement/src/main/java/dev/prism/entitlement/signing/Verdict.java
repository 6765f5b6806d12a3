package dev.prism.entitlement.signing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking one request's signed URL or signed cookies: granted (with the policy's
 * expiry and coverage) or denied with one {@link DenialReason}. The reason is for logs and metrics
 * only; the client gets a fixed 403.
 */
public final class Verdict {
  private final @Nullable DenialReason reason;
  private final @Nullable Instant expiry;
  private final @Nullable PolicyCoverage coverage;
  private final CredentialKind kind;
  private final @Nullable String signedUrlParameters;

  private Verdict(
      @Nullable DenialReason reason,
      @Nullable Instant expiry,
      @Nullable PolicyCoverage coverage,
      CredentialKind kind,
      @Nullable String signedUrlParameters) {
    this.reason = reason;
    this.expiry = expiry;
    this.coverage = coverage;
    this.kind = kind;
    this.signedUrlParameters = signedUrlParameters;
  }

  /**
   * A grant valid until {@code expiry} (exclusive: {@code DateLessThan}) covering {@code coverage}.
   */
  public static Verdict granted(Instant expiry, PolicyCoverage coverage) {
    return new Verdict(null, expiry, coverage, CredentialKind.NONE, null);
  }

  /** A denial. */
  public static Verdict denied(DenialReason reason) {
    return new Verdict(Objects.requireNonNull(reason), null, null, CredentialKind.NONE, null);
  }

  /** This verdict, labelled with the credential it was reached on. */
  Verdict withKind(CredentialKind kind) {
    return new Verdict(reason, expiry, coverage, kind, signedUrlParameters);
  }

  /** This grant, carrying the raw signing query parameters of the signed URL it came from. */
  Verdict withSignedUrlParameters(String parameters) {
    return new Verdict(reason, expiry, coverage, kind, parameters);
  }

  /** As {@link #withSignedUrlParameters} for a grant; a denial is returned unchanged. */
  Verdict withSignedUrlParametersIfGranted(String parameters) {
    return isGranted() ? withSignedUrlParameters(parameters) : this;
  }

  /** True when the request may be served; a denial carries its {@link #reason()}. */
  public boolean isGranted() {
    return reason == null;
  }

  /** The denial reason; empty when granted. */
  public Optional<DenialReason> reason() {
    return Optional.ofNullable(reason);
  }

  /** When the grant ends (the first instant it is no longer valid); empty when denied. */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiry);
  }

  /** What the grant covers; empty when denied. */
  public Optional<PolicyCoverage> coverage() {
    return Optional.ofNullable(coverage);
  }

  /** The credential the verdict was reached on; {@link CredentialKind#NONE} when none was. */
  public CredentialKind kind() {
    return kind;
  }

  /**
   * For a grant from a signed URL: its signing query parameters exactly as received and in order
   * (e.g. {@code Policy=…&Signature=…&Key-Pair-Id=…}), ready to append to URIs in a manifest.
   */
  public Optional<String> signedUrlParameters() {
    return Optional.ofNullable(signedUrlParameters);
  }

  /**
   * Whether this is a signed-URL grant whose policy covers every URL under {@code pathPrefix} (e.g.
   * {@code /v1/bbb/}): the condition for rewriting a manifest for a cookie-less player.
   */
  public boolean signedUrlCoversPathPrefix(String pathPrefix) {
    return isGranted()
        && signedUrlParameters != null
        && coverage != null
        && coverage.coversPathPrefix(pathPrefix);
  }

  @Override
  public String toString() {
    return reason != null
        ? "Verdict[denied " + reason.label() + ", " + kind + "]"
        : "Verdict[granted until " + expiry + ", " + kind + ", " + coverage + "]";
  }
}
