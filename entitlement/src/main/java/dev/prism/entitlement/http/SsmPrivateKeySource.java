package dev.prism.entitlement.http;

import java.io.IOException;
import java.security.PrivateKey;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * The signing key's PEM text from AWS Systems Manager Parameter Store ({@code GetParameter} with
 * decryption, so a {@code SecureString} parameter arrives as plain text): {@code
 * entitlement.signingKey.ssmParameterName}. The parameter holds the same PEM a key file would
 * ({@code prism keys} output). A PEM longer than 4 KB needs the advanced tier.
 */
public final class SsmPrivateKeySource implements PrivateKeySource {
  private final SsmClient client;
  private final String parameterName;

  /**
   * @param client an SSM client (the caller owns and closes it)
   * @param parameterName the parameter's name (e.g. {@code /prism/cloudfront-signing-key}) or ARN
   * @throws IllegalArgumentException if {@code parameterName} is blank
   */
  public SsmPrivateKeySource(SsmClient client, String parameterName) {
    if (parameterName.isBlank()) {
      throw new IllegalArgumentException("blank SSM parameter name");
    }
    this.client = client;
    this.parameterName = parameterName;
  }

  /**
   * A source with a client from the SDK's default region and credential chains (environment,
   * profile, container or instance role), closed after each load.
   */
  public static PrivateKeySource withDefaultClient(String parameterName) {
    return () -> {
      try (SsmClient client = SsmClient.create()) {
        return new SsmPrivateKeySource(client, parameterName).load();
      } catch (SdkException e) { // no region or credentials in the default chains
        throw new IOException("SSM parameter " + parameterName + ": " + e.getMessage(), e);
      }
    };
  }

  /**
   * @throws IOException when the parameter cannot be read (named, with the service's message), has
   *     no value, or is not an unencrypted private key PEM
   */
  @Override
  public PrivateKey load() throws IOException {
    GetParameterResponse response;
    try {
      response = client.getParameter(request -> request.name(parameterName).withDecryption(true));
    } catch (SdkException e) {
      throw new IOException("SSM parameter " + parameterName + ": " + e.getMessage(), e);
    }
    @Nullable Parameter parameter = response.parameter();
    @Nullable String pem = parameter == null ? null : parameter.value();
    if (pem == null || pem.isBlank()) {
      throw new IOException("SSM parameter " + parameterName + " has no value (a PEM is expected)");
    }
    return PrivateKeySource.parsePem(pem, "SSM parameter " + parameterName);
  }
}
