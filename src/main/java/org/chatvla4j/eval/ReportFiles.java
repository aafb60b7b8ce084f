package org.chatvla4j.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.chatvla4j.io.AtomicFiles;

/** Writes an evaluation's report directory; every file appears whole (temp + rename) or not at all. */
public final class ReportFiles {
  public static final String JSON = "report.json";
  public static final String MARKDOWN = "report.md";
  public static final String SUCCESS_CHART = "success.png";
  public static final String VQA_CHART = "vqa.png";

  private ReportFiles() {}

  /** The transcript image of held-out scene {@code scene}, relative to the report directory. */
  public static String transcriptImage(int scene) {
    return "transcripts/scene_" + scene + ".png";
  }

  /** Writes report.json, report.md, the two charts and the transcript images into {@code dir}; returns the paths. */
  public static List<Path> write(EvalResult r, Path dir) {
    for (VqaEval.ChatTranscript t : r.vqa().transcripts()) {
      AtomicFiles.write(dir.resolve(transcriptImage(t.scene())), t.image().encodePng());
    }
    AtomicFiles.write(dir.resolve(SUCCESS_CHART), ReportCharts.success(r));
    AtomicFiles.write(dir.resolve(VQA_CHART), ReportCharts.vqa(r));
    AtomicFiles.write(dir.resolve(MARKDOWN), ReportMarkdown.of(r).getBytes(StandardCharsets.UTF_8));
    try {
      AtomicFiles.write(dir.resolve(JSON), ReportJson.JSON.writeValueAsBytes(ReportJson.of(r)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(dir.resolve(JSON), dir.resolve(MARKDOWN), dir.resolve(SUCCESS_CHART), dir.resolve(VQA_CHART));
  }
}
