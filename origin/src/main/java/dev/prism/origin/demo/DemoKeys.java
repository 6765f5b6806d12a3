package dev.prism.origin.demo;

import dev.prism.entitlement.http.DevelopmentIdentity;
import dev.prism.entitlement.signing.SigningKeys;
import dev.prism.origin.config.ConfigException;
import dev.prism.origin.config.ConfigLoader;
import dev.prism.origin.config.EntitlementConfig;
import dev.prism.origin.config.GateConfig;
import dev.prism.origin.config.PrismConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * DEVELOPMENT ONLY: the keys {@code prism demo} creates on its first run and reuses afterwards, all
 * in the state folder (normally the git-ignored {@code .prism/}):
 *
 * <ul>
 *   <li>a CloudFront-style signing key pair, RSA 2048: {@code keys/<keyPairId>.pem} (private,
 *       owner-only) and {@code keys/<keyPairId>.pub.pem};
 *   <li>{@value #KEY_GROUP_FILE}: the key group configuration, in {@code prism.yaml}'s own keys
 *       ({@code gate.cloudfront.keys} trusts the public key; {@code entitlement.signingKey} signs
 *       with the private key);
 *   <li>the development viewer identity ({@link DevelopmentIdentity}): {@code keys/dev-jwt.pem} and
 *       the JWKS {@code dev-jwks.json} that {@code entitlement.jwt.jwks} trusts.
 * </ul>
 *
 * @param stateDir the state folder
 * @param keyPairId the key pair id (CloudFront's public key ID shape: {@code K} + 13 base32)
 * @param privateKeyFile the signing key, PEM
 * @param publicKeyFile its public half, PEM (the key group's one key)
 * @param identity the development viewer identity
 * @param created whether this call generated the signing key pair
 */
public record DemoKeys(
    Path stateDir,
    String keyPairId,
    Path privateKeyFile,
    Path publicKeyFile,
    DevelopmentIdentity identity,
    boolean created) {

  /** The key group configuration file inside the state folder. */
  public static final String KEY_GROUP_FILE = "demo-key-group.yaml";

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /**
   * Reuses the keys in {@code stateDir}, or creates them (and the folder) when the key group file
   * or a key it names is missing or unreadable.
   *
   * @throws IOException when the folder or a key cannot be written or read
   */
  public static DemoKeys loadOrCreate(Path stateDir) throws IOException {
    Path dir = stateDir.toAbsolutePath().normalize();
    DevelopmentIdentity identity = DevelopmentIdentity.loadOrCreate(dir);
    Optional<DemoKeys> existing = load(dir, identity);
    if (existing.isPresent()) {
      return existing.get();
    }
    String keyPairId = randomKeyPairId();
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path privateFile = keys.resolve(keyPairId + ".pem");
    Path publicFile = keys.resolve(keyPairId + ".pub.pem");
    KeyPair pair = SigningKeys.generate(SigningKeys.KeyAlgorithm.RSA_2048);
    SigningKeys.writePrivateKeyPem(pair.getPrivate(), privateFile); // rw------- from creation
    SigningKeys.writePublicKeyPem(pair.getPublic(), publicFile);
    // Written last: its presence means the pair is complete.
    Path tmp = dir.resolve(KEY_GROUP_FILE + ".tmp");
    Files.writeString(
        tmp, keyGroupYaml(keyPairId, privateFile, publicFile), StandardCharsets.UTF_8);
    Files.move(
        tmp,
        dir.resolve(KEY_GROUP_FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new DemoKeys(dir, keyPairId, privateFile, publicFile, identity, true);
  }

  /** The key group file of this state folder. */
  public Path keyGroupFile() {
    return stateDir.resolve(KEY_GROUP_FILE);
  }

  /**
   * The key group configuration: the same {@code prism.yaml} keys the demo sets, so a later {@code
   * prism serve --config} can trust the same key.
   */
  static String keyGroupYaml(String keyPairId, Path privateFile, Path publicFile) {
    return "# Written by `prism demo` on its first run and reused by later runs. DEVELOPMENT ONLY:\n"
        + "# anyone with this folder can sign cookies the gate accepts. Delete .prism/ to start"
        + " afresh.\n"
        + "# The key group the gate trusts, and the key the entitlement service signs with:\n"
        + "gate:\n"
        + "  cloudfront:\n"
        + "    keys:\n"
        + "      - id: "
        + keyPairId
        + "\n"
        + "        publicKeyFile: "
        + yamlString(publicFile.toString())
        + "\n"
        + "entitlement:\n"
        + "  signingKey:\n"
        + "    id: "
        + keyPairId
        + "\n"
        + "    privateKeyFile: "
        + yamlString(privateFile.toString())
        + "\n";
  }

  /** A YAML single-quoted scalar. */
  static String yamlString(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static Optional<DemoKeys> load(Path dir, DevelopmentIdentity identity) {
    Path file = dir.resolve(KEY_GROUP_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      PrismConfig cfg = ConfigLoader.fromYaml(Files.readString(file, StandardCharsets.UTF_8), dir);
      List<GateConfig.CloudFrontKey> group = cfg.gate().cloudfront().keys();
      EntitlementConfig.SigningKey signing = cfg.entitlement().signingKey();
      if (group.size() != 1
          || !group.get(0).id().equals(signing.id())
          || signing.privateKeyFile().isEmpty()) {
        return Optional.empty();
      }
      Path privateFile = signing.privateKeyFile().get();
      Path publicFile = group.get(0).publicKeyFile();
      SigningKeys.readPrivateKeyPem(privateFile); // a damaged or missing key: create a new pair
      SigningKeys.readPublicKeyPem(publicFile);
      return Optional.of(new DemoKeys(dir, signing.id(), privateFile, publicFile, identity, false));
    } catch (IOException | ConfigException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code K} + 13 base32 characters, the shape of a CloudFront public key ID. */
  private static String randomKeyPairId() {
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder("K");
    for (int i = 0; i < 13; i++) {
      id.append(BASE32.charAt(random.nextInt(BASE32.length())));
    }
    return id.toString();
  }
}
