package dev.prism.transcoder;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * {@code {assetId}/{version}/audit.json}: how a version was made (docs/ARCHITECTURE.md, "The store
 * contract"). Written with {@link dev.prism.store.contract.ContractJson#mapper()}.
 *
 * @param assetId the asset
 * @param version the version id
 * @param input the mezzanine
 * @param ffprobe ffprobe's JSON for the input, unmodified
 * @param ffmpeg the FFmpeg build that encoded it
 * @param command the full FFmpeg command line, one argument per element
 * @param startedAt when the transcode started
 * @param finishedAt when the last track file was validated (before upload)
 * @param outputs every track file
 */
public record AuditRecord(
    String assetId,
    String version,
    Input input,
    JsonNode ffprobe,
    Ffmpeg ffmpeg,
    List<String> command,
    Instant startedAt,
    Instant finishedAt,
    List<Output> outputs) {

  public AuditRecord {
    command = List.copyOf(command);
    outputs = List.copyOf(outputs);
  }

  /** The mezzanine: its name as given, its SHA-256 (hex) and size. */
  public record Input(String name, String sha256, long sizeBytes) {}

  /** The FFmpeg build: {@code -version}'s first line, its configure line, the video encoder. */
  public record Ffmpeg(String version, String buildConfiguration, String videoEncoder) {}

  /**
   * One track file.
   *
   * @param trackId the track id
   * @param file the file name in the version folder
   * @param sha256 the file's SHA-256, hex
   * @param sizeBytes the file's size
   * @param codecs the RFC 6381 codecs string read back from the file
   * @param durationMs the track's duration read back from the file, milliseconds
   * @param fragments the number of fragments
   */
  public record Output(
      String trackId,
      String file,
      String sha256,
      long sizeBytes,
      String codecs,
      long durationMs,
      int fragments) {}
}
