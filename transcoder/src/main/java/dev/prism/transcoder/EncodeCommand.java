package dev.prism.transcoder;

import dev.prism.transcoder.LadderPlan.AudioRendition;
import dev.prism.transcoder.LadderPlan.VideoRendition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the one FFmpeg command line that encodes a whole {@link LadderPlan}: the input is decoded
 * once, a {@code split} filter feeds every video rendition, and each rendition is written to its
 * own CMAF track file (ISO/IEC 23000-19 §7: one track per file; fragmented MP4 with {@code
 * default-base-is-moof}, {@code tfdt}, the {@code cmfc} brand, a {@code sidx} after the {@code
 * moov}, no {@code mfra}).
 */
public final class EncodeCommand {
  /**
   * Muxer flags of every track file. {@code global_sidx} writes one {@code sidx} for the whole
   * track at the head (a second pass over a seekable local file); {@code skip_trailer} drops the
   * {@code mfra}.
   */
  static final String MOVFLAGS = "+empty_moov+default_base_moof+cmaf+global_sidx+skip_trailer";

  private EncodeCommand() {}

  /**
   * The full argument vector, executable first.
   *
   * @param ffmpeg the ffmpeg executable
   * @param input the local input file
   * @param plan the renditions
   * @param outputDir where the track files are written ({@code {trackId}.cmfv|.cmfa})
   * @param videoStreamIndex the absolute index of the input's video stream
   */
  public static List<String> build(
      Path ffmpeg, Path input, LadderPlan plan, Path outputDir, int videoStreamIndex) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ffmpeg.toString());
    cmd.addAll(
        List.of(
            "-hide_banner",
            "-nostdin",
            "-y",
            "-loglevel",
            "error",
            "-progress",
            "pipe:1",
            "-nostats",
            "-stats_period",
            "0.5"));
    cmd.addAll(inputArgs(input));
    cmd.add("-filter_complex");
    cmd.add(filterGraph(plan, videoStreamIndex));
    GopPlan gop = plan.gop();
    for (int i = 0; i < plan.video().size(); i++) {
      VideoRendition v = plan.video().get(i);
      cmd.addAll(List.of("-map", "[v" + i + "]", "-map_metadata", "-1", "-map_chapters", "-1"));
      cmd.addAll(videoCodecArgs(plan.videoEncoder(), v.maxBitrateBps(), gop));
      cmd.addAll(
          List.of(
              "-fps_mode",
              "passthrough",
              "-force_key_frames",
              gop.forceKeyFramesArg(),
              "-movflags",
              "+frag_keyframe" + MOVFLAGS,
              "-min_frag_duration",
              Long.toString(gop.minFragmentDurationUs()),
              "-f",
              "mp4",
              outputDir.resolve(v.fileName()).toString()));
    }
    for (AudioRendition a : plan.audio()) {
      String lang = a.sourceLanguageTag();
      cmd.addAll(
          List.of(
              "-map",
              "0:" + a.sourceStreamIndex(),
              "-map_metadata",
              "-1",
              "-map_chapters",
              "-1",
              "-c:a",
              "aac",
              "-profile:a",
              "aac_low",
              "-b:a",
              Long.toString(a.bitrateBps()),
              "-ac",
              Integer.toString(a.channels()),
              "-ar",
              Integer.toString(a.sampleRateHz()),
              "-metadata:s:a:0",
              "language=" + (lang != null && lang.length() == 3 ? lang : "und"),
              // Audio has no keyframes: cut whole AAC frames at the grid (94 frames = 2.0053 s).
              "-frag_duration",
              Long.toString(gop.gopDurationUs()),
              "-movflags",
              MOVFLAGS,
              "-f",
              "mp4",
              outputDir.resolve(a.fileName()).toString()));
    }
    return List.copyOf(cmd);
  }

  /**
   * The input options shared by ffprobe and ffmpeg: only local files, only mezzanine containers,
   * and the path as a {@code file:} URL. A mezzanine is untrusted: without this, an HLS playlist or
   * a concat script named {@code .mp4} would make FFmpeg fetch URLs or read other local files into
   * the encode.
   */
  static List<String> inputArgs(Path input) {
    return List.of(
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        INPUT_FORMATS,
        "-i",
        input.isAbsolute() || !input.toString().startsWith("{")
            ? "file:" + input.toAbsolutePath()
            : input.toString());
  }

  /** Demuxers of mezzanine containers and elementary streams; no playlists, no scripts. */
  static final String INPUT_FORMATS =
      "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mxf,avi,flv,asf,mpeg,mpegvideo,m4v,h264,"
          + "hevc,ivf,ogg,nut,wav,aac,mp3,flac,dv";

  /** {@code [0:N]split=K[s0]..;[s0]scale=W:H,setsar=1,format=yuv420p[v0];..} */
  static String filterGraph(LadderPlan plan, int videoStreamIndex) {
    StringBuilder g = new StringBuilder();
    int n = plan.video().size();
    g.append("[0:").append(videoStreamIndex).append(']');
    if (plan.deinterlace()) {
      // One progressive frame per interlaced frame (same rate, same frame count), motion adaptive.
      g.append("bwdif=mode=send_frame,");
    }
    g.append("split=").append(n);
    for (int i = 0; i < n; i++) {
      g.append("[s").append(i).append(']');
    }
    for (int i = 0; i < n; i++) {
      VideoRendition v = plan.video().get(i);
      g.append(";[s").append(i).append("]scale=").append(v.widthPx()).append(':');
      g.append(v.heightPx()).append(":flags=bicubic,setsar=1,format=yuv420p[v").append(i);
      g.append(']');
    }
    return g.toString();
  }

  /**
   * Quality-targeted rate control with a cap. OpenH264 (LGPL build): {@code -rc_mode quality} with
   * the cap as target and maximum; it stays under the cap (measured: 90-95% of it). x264 (GPL
   * build): capped CRF 21, VBV buffer of two seconds at the cap, no scene-cut keyframes, closed
   * GOPs, no B-frames (so the first PTS is 0 and no edit list is needed).
   */
  static List<String> videoCodecArgs(String encoder, long maxBitrateBps, GopPlan gop) {
    String cap = Long.toString(maxBitrateBps);
    String gopFrames = Integer.toString(gop.gopFrames());
    if (encoder.equals("libx264")) {
      return List.of(
          "-c:v",
          "libx264",
          "-preset",
          "veryfast",
          "-profile:v",
          "high",
          "-crf",
          "21",
          "-maxrate",
          cap,
          "-bufsize",
          Long.toString(2 * maxBitrateBps),
          "-bf",
          "0",
          "-g",
          gopFrames,
          "-keyint_min",
          gopFrames,
          "-sc_threshold",
          "0",
          "-x264-params",
          "open-gop=0");
    }
    return List.of(
        "-c:v",
        "libopenh264",
        "-profile:v",
        "high",
        "-rc_mode",
        "quality",
        "-b:v",
        cap,
        "-maxrate",
        cap,
        "-g",
        gopFrames);
  }
}
