package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.eval.ReportFiles;
import org.chatvla4j.serve.TinyCheckpoint;
import org.chatvla4j.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --device}: an explicit {@code cpu} writes the default's report numbers; a malformed or unusable device
 * stops before the checkpoint is read and before the report directory exists.
 */
class EvalDeviceOptionTest {
  @TempDir Path tmp;

  /** A one-episode, one-scene eval of {@code model} into {@code out}, small enough for a unit test. */
  private static CliRun evalTiny(Path model, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("eval", "--model", model.toString(), "--out", out.toString(),
        "--episodes", "1", "--families", "block2block", "--questions", "5", "--size", "45x80", "--blocks", "BLOCK_4",
        "--max-steps", "6", "--actions-per-query", "3", "--no-progress"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** report.json without its wall-clock timings, which differ between runs. */
  private static JsonNode numbers(Path out) throws IOException {
    ObjectNode report = (ObjectNode) new ObjectMapper().readTree(out.resolve(ReportFiles.JSON).toFile());
    report.remove("seconds");
    return report;
  }

  @Test
  void explicitDeviceCpuWritesTheDefaultsReportNumbers() throws IOException {
    Path model = TinyCheckpoint.dir(); // with dataset_stats.json, as a trained checkpoint has
    CliRun plain = evalTiny(model, tmp.resolve("plain"));
    CliRun cpu = evalTiny(model, tmp.resolve("cpu"), "--device", "CPU");
    assertEquals(0, plain.exitCode(), plain.err());
    assertEquals(0, cpu.exitCode(), cpu.err());
    JsonNode want = numbers(tmp.resolve("plain"));
    assertEquals(1, want.at("/success/model/families/block2block/episodes").asInt(), want.toString());
    assertEquals(5, want.at("/vqa/questions").asInt(), want.toString());
    assertEquals(want, numbers(tmp.resolve("cpu")), "the default run and --device cpu report different numbers");
  }

  @Test
  void malformedDeviceExits2BeforeTheCheckpointIsChecked() {
    // An empty directory is no checkpoint: the device is judged first, so its message is the one printed.
    CliRun bad = evalTiny(tmp, tmp.resolve("report"), "--device", "gpu0");
    assertEquals(2, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("--device must be cpu, cuda or cuda:N (N = 0, 1, ...), got 'gpu0'"), bad.err());
    assertFalse(bad.err().contains("config.json is missing"), bad.err());
    assertFalse(Files.exists(tmp.resolve("report")));
  }

  @Test
  void cudaWithoutAUsableGpuStopsBeforeLoading() {
    assumeFalse(Device.cudaAvailable(), "a GPU is visible: it would evaluate instead");
    CliRun r = evalTiny(tmp, tmp.resolve("report"), "--device", "cuda");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("--device cuda cannot run here: "), r.err());
    assertFalse(r.err().contains("config.json is missing"), r.err());
    assertFalse(Files.exists(tmp.resolve("report")));
  }
}
