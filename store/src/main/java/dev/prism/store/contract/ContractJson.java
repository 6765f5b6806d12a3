package dev.prism.store.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.prism.packager.cmaf.TrackType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the contract documents as JSON. Enums are lower case, instants ISO-8601, and
 * unknown fields are refused so a typo in a hand-edited {@code asset.json} is caught.
 */
public final class ContractJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addMixIn(TrackType.class, TrackTypeJson.class)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private ContractJson() {}

  /** {@link TrackType} in JSON is its {@link TrackType#wireName()}: video, audio, text. */
  private abstract static class TrackTypeJson {
    @JsonValue
    abstract String wireName();
  }

  /** The shared mapper, for other documents of the contract (audit.json). Do not reconfigure. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses {@code asset.json}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid asset document, naming why
   */
  public static AssetRecord readAsset(byte[] json) {
    return read(json, AssetRecord.class, "asset.json");
  }

  /**
   * Parses {@code ladder.json}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid ladder document
   */
  public static LadderRecord readLadder(byte[] json) {
    return read(json, LadderRecord.class, "ladder.json");
  }

  /** Serialises any contract document as indented UTF-8 JSON. */
  public static byte[] write(Object document) {
    try {
      return MAPPER.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + document.getClass().getSimpleName(), e);
    }
  }

  private static <T> T read(byte[] json, Class<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid " + what + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid " + what + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) { // a record's compact constructor refused a value
      throw new IllegalArgumentException("invalid " + what + ": " + e.getMessage(), e);
    }
  }
}
