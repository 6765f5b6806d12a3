package dev.prism.origin.cli;

import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.origin.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prism keys}: generates a CloudFront signing key pair (RSA 2048 or ECDSA P-256, the two
 * types a CloudFront key group takes), writes the private key with owner-only permissions and the
 * public key next to it, and prints the public key PEM to register in the key group plus the
 * configuration lines that use them.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Generate a signing key pair (RSA 2048 or ECDSA P-256) for a CloudFront key group.")
final class KeysCommand implements Callable<Integer> {
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /** Key types on the command line. */
  enum KeyType {
    rsa,
    ec
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--type",
      paramLabel = "rsa|ec",
      description = "Key type: rsa (RSA 2048, default) or ec (ECDSA P-256).")
  KeyType type = KeyType.rsa;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description =
          "Key pair id (the public key ID CloudFront shows once the key is registered);"
              + " default: a random CloudFront-style id to rename once it is known.")
  @Nullable String id;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Directory for ID.pem (private, owner-only) and ID.pub.pem (default: .prism/keys).")
  @Nullable Path out;

  @Override
  public Integer call() throws Exception {
    String keyId = id != null ? id : randomKeyId();
    if (!keyId.matches("[A-Za-z0-9_-]{1,128}")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--id must match [A-Za-z0-9_-]{1,128}: " + keyId);
    }
    Path dir = out != null ? out : ConfigLoader.baseDir().resolve(".prism").resolve("keys");
    Files.createDirectories(dir);
    Path privateFile = dir.resolve(keyId + ".pem");
    Path publicFile = dir.resolve(keyId + ".pub.pem");
    if (Files.exists(privateFile) || Files.exists(publicFile)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "refusing to overwrite an existing key: " + privateFile);
    }
    KeyPair pair =
        SigningKeys.generate(
            type == KeyType.ec
                ? SigningKeys.KeyAlgorithm.ECDSA_P256
                : SigningKeys.KeyAlgorithm.RSA_2048);
    SigningKeys.writePrivateKeyPem(pair.getPrivate(), privateFile); // rw------- from creation
    SigningKeys.writePublicKeyPem(pair.getPublic(), publicFile);

    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.printf(
        Locale.ROOT,
        "%s key pair %s%n  private key (owner-only): %s%n  public key: %s%n"
            + "Register the public key below in a CloudFront key group (Public keys > Create),"
            + " then use the ID CloudFront assigns as the key pair id:%n"
            + "  gate.cloudfront.keys: [{id: %s, publicKeyFile: %s}]%n"
            + "  entitlement.signingKey: {id: %s, privateKeyFile: %s}%n",
        type == KeyType.ec ? "ECDSA P-256" : "RSA 2048",
        keyId,
        privateFile,
        publicFile,
        keyId,
        publicFile,
        keyId,
        privateFile);
    stderr.flush();
    stdout.println("key pair id: " + keyId);
    stdout.print(SigningKeys.publicKeyPem(pair.getPublic()));
    stdout.flush();
    return 0;
  }

  /** {@code K} + 13 base32 characters, the shape of a CloudFront public key ID. */
  private static String randomKeyId() {
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder("K");
    for (int i = 0; i < 13; i++) {
      id.append(BASE32.charAt(random.nextInt(BASE32.length())));
    }
    return id.toString();
  }
}
