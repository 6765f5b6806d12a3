package dev.prism.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreKeysTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "bbb/asset.json",
        "bbb/v3f9a1c2e/v480.cmfv",
        ".well-known/x",
        "a/..b/c",
        "a/b.../c",
        "spaces are fine",
        "unicode/\u00e9t\u00e9"
      })
  void validate_validKey_returnsIt(String key) {
    assertThat(StoreKeys.validate(key)).isSameAs(key);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "../x|'..' segment",
        "a/../b|'..' segment",
        "a/.|'.' segment",
        "/a|leading '/'",
        "a//b|empty path segment",
        "a/|empty path segment",
        "a\\b|backslash at index 1"
      })
  void validate_invalidKey_throwsNamingKeyAndRule(String key, String rule) {
    assertThatThrownBy(() -> StoreKeys.validate(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid store key '" + key + "': " + rule);
  }

  @Test
  void validate_controlCharacters_throwsWithEscapedKey() {
    assertThatThrownBy(() -> StoreKeys.validate("a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid store key 'a\\u0000b': control character at index 1");
    assertThatThrownBy(() -> StoreKeys.validate("a\nb")).hasMessageContaining("'a\\u000ab'");
    assertThatThrownBy(() -> StoreKeys.validate("\u007f"))
        .hasMessageContaining("control character");
  }

  @Test
  void validate_emptyOrTooLong_throws() {
    assertThatThrownBy(() -> StoreKeys.validate(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid store key '': empty");
    assertThat(StoreKeys.validate("k".repeat(1024))).hasSize(1024);
    assertThatThrownBy(() -> StoreKeys.validate("k".repeat(1025)))
        .hasMessageContaining("longer than 1024");
  }

  @Test
  void validatePrefix_trailingSlashOrEmpty_accepted() {
    assertThat(StoreKeys.validatePrefix("")).isEmpty();
    assertThat(StoreKeys.validatePrefix("bbb/")).isEqualTo("bbb/");
    assertThat(StoreKeys.validatePrefix("bbb/v1")).isEqualTo("bbb/v1");
    assertThatThrownBy(() -> StoreKeys.validatePrefix("/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKeys.validatePrefix("a//"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKeys.validatePrefix("../"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void order_sortsByCodePointLikeS3() {
    List<String> keys =
        new ArrayList<>(List.of("b", "a/10", "a/2", "\uD83D\uDE00", "\uFFFD", "a", "A", "a/1"));

    keys.sort(StoreKeys.ORDER);

    assertThat(keys).containsExactly("A", "a", "a/1", "a/10", "a/2", "b", "\uFFFD", "\uD83D\uDE00");
  }
}
