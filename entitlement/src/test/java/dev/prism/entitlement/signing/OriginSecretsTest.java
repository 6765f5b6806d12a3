package dev.prism.entitlement.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginSecretsTest {

  @Test
  void accepts_rotationWithTwoValues_eitherAcceptedOthersNot() {
    OriginSecrets secrets = OriginSecrets.of(List.of("old-secret-123", "new-secret-456"));
    assertThat(secrets.required()).isTrue();
    assertThat(secrets.accepts("old-secret-123")).isTrue();
    assertThat(secrets.accepts("new-secret-456")).isTrue();
    assertThat(secrets.accepts("new-secret-45")).isFalse();
    assertThat(secrets.accepts("NEW-SECRET-456")).isFalse();
    assertThat(secrets.accepts("")).isFalse();
    assertThat(secrets.accepts(null)).isFalse();
  }

  @Test
  void accepts_noneConfigured_notRequired() {
    OriginSecrets none = OriginSecrets.of(List.of());
    assertThat(none.required()).isFalse();
    assertThat(none.accepts(null)).isTrue();
    assertThatThrownBy(() -> OriginSecrets.of(List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
