package dev.prism.entitlement.http;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per {@code POST /play} decision, on the SLF4J logger {@value #LOGGER} at INFO, so
 * operators can route it to its own appender (and retention) apart from the server log.
 *
 * <pre>{@code
 * {"event":"play","subject":"viewer-1","asset":"bbb","decision":"granted","reason":null,
 *  "ip":"203.0.113.7","country":"FR","expiresAt":"2026-11-21T03:05:00Z"}
 * }</pre>
 */
public final class AuditLog {
  /** The logger name. */
  public static final String LOGGER = "prism.audit";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  /** The outcome of one request. */
  public enum Outcome {
    GRANTED,
    DENIED,
    NOT_FOUND,
    UNAUTHENTICATED,
    RATE_LIMITED,
    ERROR;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One decision.
   *
   * @param subject the JWT subject, null before the token was verified
   * @param assetId the asset id from the path (as requested, possibly invalid)
   * @param outcome what was answered
   * @param reason the machine-readable reason (a {@link Decision.Reason} wire name, {@code
   *     invalid_token}, {@code rate_limited_ip}, ...), null when granted
   * @param ip the viewer IP as resolved from the trusted source
   * @param country the viewer country from the trusted header, null when absent
   * @param expiresAt the grant's expiry, null unless granted
   */
  public record Entry(
      @Nullable String subject,
      String assetId,
      Outcome outcome,
      @Nullable String reason,
      String ip,
      @Nullable String country,
      @Nullable Instant expiresAt) {

    /** The JSON line. */
    public String toJson() {
      return new JsonObject()
          .put("event", "play")
          .put("subject", subject)
          .put("asset", assetId)
          .put("decision", outcome.wireName())
          .put("reason", reason)
          .put("ip", ip)
          .put("country", country)
          .put("expiresAt", expiresAt == null ? null : expiresAt.toString())
          .encode();
    }
  }

  /** Writes {@code entry} as one line. */
  public void record(Entry entry) {
    if (LOG.isInfoEnabled()) {
      LOG.info(entry.toJson());
    }
  }
}
