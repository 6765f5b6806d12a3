package dev.prism.entitlement.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Writes public keys as JSON Web Keys (RFC 7517 §4, RFC 7518 §6.2 and §6.3) and key ids as JWK
 * thumbprints (RFC 7638). Used for the development JWKS and by tests that play the identity
 * provider.
 */
public final class Jwks {
  private static final int P256_COORDINATE_BYTES = 32;

  private Jwks() {}

  /**
   * The public JWK of an RSA key ({@code RS256}) or an EC P-256 key ({@code ES256}), with {@code
   * use: sig} and the given {@code kid}.
   *
   * @throws IllegalArgumentException for any other key type or curve
   */
  public static JsonObject publicJwk(PublicKey key, String kid) {
    return members(key).put("kid", kid).put("use", "sig").put("alg", algorithm(key));
  }

  /** The JWS algorithm for {@code key}: {@code RS256} or {@code ES256} (RFC 7518 §3.1). */
  public static String algorithm(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return "RS256";
    }
    if (key instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      return "ES256";
    }
    throw new IllegalArgumentException("only RSA and EC P-256 keys: " + key.getAlgorithm());
  }

  /** The RFC 7638 SHA-256 thumbprint of {@code key}, base64url without padding: a stable kid. */
  public static String thumbprint(PublicKey key) {
    // RFC 7638 §3.2: the required members only, lexicographic order, no whitespace.
    JsonObject required = members(key);
    StringBuilder json = new StringBuilder("{");
    List<String> names = required.fieldNames().stream().sorted().toList();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append('"')
          .append(names.get(i))
          .append("\":\"")
          .append(required.getString(names.get(i)))
          .append('"');
    }
    json.append('}');
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(json.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }

  /** A JWKS document {@code {"keys":[...]}}. */
  public static JsonObject keySet(List<JsonObject> keys) {
    return new JsonObject().put("keys", new JsonArray(List.copyOf(keys)));
  }

  private static JsonObject members(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new JsonObject()
          .put("e", base64Url(unsigned(rsa.getPublicExponent())))
          .put("kty", "RSA")
          .put("n", base64Url(unsigned(rsa.getModulus())));
    }
    if (key instanceof ECPublicKey ec && "ES256".equals(algorithm(key))) {
      return new JsonObject()
          .put("crv", "P-256")
          .put("kty", "EC")
          .put("x", base64Url(fixed(ec.getW().getAffineX(), P256_COORDINATE_BYTES)))
          .put("y", base64Url(fixed(ec.getW().getAffineY(), P256_COORDINATE_BYTES)));
    }
    throw new IllegalArgumentException("only RSA and EC P-256 keys: " + key.getAlgorithm());
  }

  /** RFC 7518 §6.3.1: unsigned big-endian, no leading zero octet. */
  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  /** RFC 7518 §6.2.1.2: the full coordinate size, left-padded with zeros. */
  private static byte[] fixed(BigInteger value, int length) {
    byte[] bytes = unsigned(value);
    byte[] out = new byte[length];
    System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
    return out;
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
