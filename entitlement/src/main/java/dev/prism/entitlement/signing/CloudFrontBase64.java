package dev.prism.entitlement.signing;

import java.util.Base64;

/**
 * CloudFront's URL-safe base64 variant: standard RFC 2045 base64 without line breaks, then {@code
 * +}→{@code -}, {@code =}→{@code _}, {@code /}→{@code ~} (CloudFront Developer Guide, "Create a
 * signed URL using a canned policy", step 3). Not RFC 4648 base64url: here {@code _} stands for the
 * {@code =} padding.
 */
public final class CloudFrontBase64 {
  private CloudFrontBase64() {}

  /** Encodes {@code bytes} in the CloudFront variant (padding kept, as {@code _}). */
  public static String encode(byte[] bytes) {
    String standard = Base64.getEncoder().encodeToString(bytes);
    return standard.replace('+', '-').replace('=', '_').replace('/', '~');
  }

  /**
   * Decodes a CloudFront-variant string.
   *
   * @throws IllegalArgumentException if {@code text} holds a standard-alphabet {@code + = /}
   *     character, any character outside the variant alphabet, or is not valid base64
   */
  public static byte[] decode(String text) {
    // One pass: validate the variant alphabet and translate to the standard one (this runs on
    // every gated request, for the policy and the signature).
    byte[] standard = new byte[text.length()];
    for (int i = 0; i < standard.length; i++) {
      char c = text.charAt(i);
      byte b;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        b = (byte) c;
      } else if (c == '-') {
        b = '+';
      } else if (c == '_') {
        b = '=';
      } else if (c == '~') {
        b = '/';
      } else {
        throw new IllegalArgumentException("not CloudFront base64 at index " + i);
      }
      standard[i] = b;
    }
    return Base64.getDecoder().decode(standard);
  }
}
