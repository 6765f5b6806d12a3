package dev.prism.packager.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {
  @Test
  void toBcp47_iso639Codes_shortestRfc5646Form() {
    assertThat(Languages.toBcp47("eng")).isEqualTo("en");
    assertThat(Languages.toBcp47("fra")).isEqualTo("fr");
    assertThat(Languages.toBcp47("en")).isEqualTo("en");
    assertThat(Languages.toBcp47("pt-br")).isEqualTo("pt-BR");
    assertThat(Languages.toBcp47("pt_BR")).isEqualTo("pt-BR");
    assertThat(Languages.toBcp47("yue")).isEqualTo("yue");
  }

  @Test
  void toBcp47_undeterminedOrEmpty_isNull() {
    assertThat(Languages.toBcp47("und")).isNull();
    assertThat(Languages.toBcp47("")).isNull();
    assertThat(Languages.toBcp47(null)).isNull();
    assertThat(Languages.toBcp47("!!")).isNull();
  }
}
