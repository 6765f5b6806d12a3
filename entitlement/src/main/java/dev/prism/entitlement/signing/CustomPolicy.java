package dev.prism.entitlement.signing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A custom policy: the exact bytes carried (base64) in {@code Policy} / {@code CloudFront-Policy},
 * and what they say (CloudFront Developer Guide, "Create a signed URL using a custom policy"; ):
 *
 * <pre>{@code
 * {"Statement":[{"Resource":"https://host/v1/asset/*",
 *   "Condition":{"DateLessThan":{"AWS:EpochTime":1767290400},
 *                "DateGreaterThan":{"AWS:EpochTime":1767200000},
 *                "IpAddress":{"AWS:SourceIp":"192.0.2.0/24"}}}]}
 * }</pre>
 *
 * <p>The signature is verified over {@link #policyBytes()} exactly as received; the JSON is parsed
 * only to read the conditions and is never re-serialised. Insignificant whitespace and any key
 * order are accepted (the AWS SDK for Java writes {@code "Statement": [}); anything this class does
 * not understand — a second statement, an unknown condition, a quoted or fractional time, a
 * duplicate key, trailing data — is {@link MalformedPolicyException}: an unknown condition is never
 * silently ignored.
 */
public final class CustomPolicy implements Policy {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();
  private static final Set<String> STATEMENT_KEYS = Set.of("Resource", "Condition");
  private static final String EPOCH_TIME = "AWS:EpochTime";
  private static final String SOURCE_IP = "AWS:SourceIp";

  private final byte[] policyBytes;
  private final @Nullable ResourcePattern resource;
  private final long dateLessThanEpochSeconds;
  private final @Nullable Long dateGreaterThanEpochSeconds;
  private final @Nullable IpRange sourceIp;

  private CustomPolicy(
      byte[] policyBytes,
      @Nullable ResourcePattern resource,
      long dateLessThanEpochSeconds,
      @Nullable Long dateGreaterThanEpochSeconds,
      @Nullable IpRange sourceIp) {
    this.policyBytes = policyBytes;
    this.resource = resource;
    this.dateLessThanEpochSeconds = dateLessThanEpochSeconds;
    this.dateGreaterThanEpochSeconds = dateGreaterThanEpochSeconds;
    this.sourceIp = sourceIp;
  }

  /**
   * Parses the decoded policy bytes (UTF-8 JSON). Call only after the signature over the same bytes
   * has verified.
   *
   * @throws MalformedPolicyException if the bytes are not exactly one statement with a required
   *     {@code DateLessThan} and only the optional {@code DateGreaterThan} and {@code IpAddress}
   */
  public static CustomPolicy parse(byte[] policyBytes) throws MalformedPolicyException {
    JsonNode root;
    try {
      root = JSON.readTree(policyBytes);
    } catch (IOException e) {
      throw new MalformedPolicyException("policy is not JSON", e);
    }
    if (root == null || !root.isObject() || root.size() != 1 || !root.has("Statement")) {
      throw new MalformedPolicyException("policy must be an object with only \"Statement\"");
    }
    JsonNode statements = root.get("Statement");
    if (!statements.isArray() || statements.size() != 1 || !statements.get(0).isObject()) {
      throw new MalformedPolicyException("\"Statement\" must be an array of exactly one object");
    }
    JsonNode statement = statements.get(0);
    requireOnly(statement, STATEMENT_KEYS, "Statement");
    @Nullable ResourcePattern resource = null;
    JsonNode resourceNode = statement.get("Resource");
    if (resourceNode != null) {
      if (!resourceNode.isTextual()) {
        throw new MalformedPolicyException("\"Resource\" must be a string");
      }
      try {
        resource = ResourcePattern.compile(resourceNode.textValue());
      } catch (IllegalArgumentException e) {
        throw new MalformedPolicyException("bad \"Resource\": " + e.getMessage(), e);
      }
    }
    JsonNode condition = statement.get("Condition");
    if (condition == null || !condition.isObject()) {
      throw new MalformedPolicyException("\"Condition\" object is required");
    }
    requireOnly(condition, Set.of("DateLessThan", "DateGreaterThan", "IpAddress"), "Condition");
    JsonNode dlt = condition.get("DateLessThan");
    if (dlt == null) {
      throw new MalformedPolicyException("\"DateLessThan\" is required");
    }
    long dateLessThan = epochTime(dlt, "DateLessThan");
    JsonNode dgt = condition.get("DateGreaterThan");
    @Nullable Long dateGreaterThan = dgt == null ? null : epochTime(dgt, "DateGreaterThan");
    @Nullable IpRange sourceIp = null;
    JsonNode ip = condition.get("IpAddress");
    if (ip != null) {
      requireOnly(ip, Set.of(SOURCE_IP), "IpAddress");
      JsonNode value = ip.get(SOURCE_IP);
      if (value == null || !value.isTextual()) {
        throw new MalformedPolicyException("\"AWS:SourceIp\" must be a string");
      }
      try {
        sourceIp = IpRange.parse(value.textValue());
      } catch (IllegalArgumentException e) {
        throw new MalformedPolicyException("bad \"AWS:SourceIp\": " + e.getMessage(), e);
      }
    }
    return new CustomPolicy(policyBytes.clone(), resource, dateLessThan, dateGreaterThan, sourceIp);
  }

  private static void requireOnly(JsonNode object, Set<String> allowed, String where)
      throws MalformedPolicyException {
    if (!object.isObject()) {
      throw new MalformedPolicyException("\"" + where + "\" must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!allowed.contains(key)) {
        throw new MalformedPolicyException("unknown key in \"" + where + "\": " + key);
      }
    }
  }

  private static long epochTime(JsonNode node, String where) throws MalformedPolicyException {
    requireOnly(node, Set.of(EPOCH_TIME), where);
    JsonNode value = node.get(EPOCH_TIME);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new MalformedPolicyException("\"" + where + "\" needs an integer AWS:EpochTime");
    }
    long seconds = value.longValue();
    if (seconds < 0) {
      throw new MalformedPolicyException("\"" + where + "\" is negative");
    }
    return seconds;
  }

  /**
   * Builds a compact policy for minting, in the key order the AWS SDK for Java and botocore use
   * ({@code DateLessThan}, {@code IpAddress}, {@code DateGreaterThan}), so an SDK given the same
   * inputs produces the same bytes.
   *
   * @param resource a URL or pattern, e.g. {@code https://cdn.example.com/v1/bbb/*}
   * @throws IllegalArgumentException if the resource is not a valid pattern or dates are out of
   *     order
   */
  public static CustomPolicy of(
      String resource,
      Instant dateLessThan,
      @Nullable Instant dateGreaterThan,
      @Nullable IpRange sourceIp) {
    if (dateGreaterThan != null && !dateGreaterThan.isBefore(dateLessThan)) {
      throw new IllegalArgumentException("dateGreaterThan must be before dateLessThan");
    }
    ResourcePattern.compile(resource); // validates
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Statement");
      g.writeStartObject();
      g.writeStringField("Resource", resource);
      g.writeObjectFieldStart("Condition");
      g.writeObjectFieldStart("DateLessThan");
      g.writeNumberField(EPOCH_TIME, dateLessThan.getEpochSecond());
      g.writeEndObject();
      if (sourceIp != null) {
        g.writeObjectFieldStart("IpAddress");
        g.writeStringField(SOURCE_IP, sourceIp.toString());
        g.writeEndObject();
      }
      if (dateGreaterThan != null) {
        g.writeObjectFieldStart("DateGreaterThan");
        g.writeNumberField(EPOCH_TIME, dateGreaterThan.getEpochSecond());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return parse(out.toByteArray());
    } catch (MalformedPolicyException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public byte[] policyBytes() {
    return policyBytes.clone();
  }

  /** The policy bytes, CloudFront-base64 encoded: the {@code Policy} / cookie value. */
  public String encoded() {
    return CloudFrontBase64.encode(policyBytes);
  }

  /** The {@code Resource}; empty when the policy omits it (then it covers every URL). */
  public Optional<ResourcePattern> resource() {
    return Optional.ofNullable(resource);
  }

  /** Whether {@code publicUrl} is covered by the {@code Resource} (always, if omitted). */
  public boolean covers(String publicUrl) {
    return resource == null || resource.matches(publicUrl);
  }

  /**
   * The URL prefix under which everything is granted ({@code Resource} is {@code literal*}, {@code
   * *}, or omitted); empty for exact or inner-wildcard resources.
   */
  public Optional<String> grantedPrefix() {
    return resource == null ? Optional.of("") : resource.grantedPrefix();
  }

  @Override
  public long dateLessThanEpochSeconds() {
    return dateLessThanEpochSeconds;
  }

  /** {@code DateGreaterThan} in epoch seconds, if present: access only when {@code now >} it. */
  public OptionalLong dateGreaterThanEpochSeconds() {
    return dateGreaterThanEpochSeconds == null
        ? OptionalLong.empty()
        : OptionalLong.of(dateGreaterThanEpochSeconds);
  }

  /** {@code IpAddress.AWS:SourceIp}, if present. */
  public Optional<IpRange> sourceIp() {
    return Optional.ofNullable(sourceIp);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CustomPolicy && Arrays.equals(policyBytes, ((CustomPolicy) o).policyBytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(policyBytes);
  }

  @Override
  public String toString() {
    return new String(policyBytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
