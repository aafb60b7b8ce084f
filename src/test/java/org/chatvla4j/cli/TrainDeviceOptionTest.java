package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.train.InMemoryBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --device}: an explicit {@code cpu} is the default run byte for byte; malformed values stop at once. */
class TrainDeviceOptionTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run train(String... args) {
    TrainCommand cmd = new TrainCommand();
    cmd.sources = InMemoryBatches.factory();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(cmd);
    line.setExecutionExceptionHandler(Main.commandLine().getExecutionExceptionHandler());
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    return new Run(line.execute(args), out.toString(), err.toString());
  }

  private List<String> args(Path data, Path recipe, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("--recipe", recipe.toString(), "--data", data.toString(), "--out", out.toString(),
        "--seed", "4", "--no-progress"));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void explicitDeviceCpuWritesTheSameCheckpointAsTheDefault() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.createDirectories(data.resolve("episodes"));
    Files.writeString(data.resolve("vqa.json"), "[]");
    Path recipe = tmp.resolve("r.json");
    Files.writeString(recipe, """
        {"name": "device", "model": {"init": "preset:tiny"}, "stages": [
          {"name": "mix", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 1, "vqa_parts": 1},
           "steps": 3, "batch_size": 2, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
        """);
    Run plain = train(args(data, recipe, tmp.resolve("plain")).toArray(String[]::new));
    Run cpu = train(args(data, recipe, tmp.resolve("cpu"), "--device", "CPU").toArray(String[]::new));
    assertEquals(0, plain.code(), plain.err());
    assertEquals(0, cpu.code(), cpu.err());
    Path ck = Path.of("checkpoints", "step-00000003");
    for (String f : List.of("model.safetensors", "trainer_state.json")) {
      assertTrue(Files.isRegularFile(tmp.resolve("plain").resolve(ck).resolve(f)), f);
      assertArrayEquals(Files.readAllBytes(tmp.resolve("plain").resolve(ck).resolve(f)), Files.readAllBytes(tmp.resolve("cpu").resolve(ck).resolve(f)),
          f + " differs between the default run and --device cpu");
    }
    assertEquals(Files.readString(tmp.resolve("plain/metrics.jsonl")).replaceAll("\"samples_per_s\" *: *[0-9.eE+-]+", ""),
        Files.readString(tmp.resolve("cpu/metrics.jsonl")).replaceAll("\"samples_per_s\" *: *[0-9.eE+-]+", ""));
  }

  @Test
  void malformedDeviceStopsBeforeAnythingNamingTheForms() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    for (String bad : List.of("gpu", "cuda:x", "cpu:0")) {
      Run r = train("--recipe", "tabletop-chatvla", "--data", data.toString(), "--out", tmp.resolve("o").toString(), "--device", bad);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--device must be cpu, cuda or cuda:N (N = 0, 1, ...), got '" + bad + "'"), r.err());
      assertTrue(Files.notExists(tmp.resolve("o")), "nothing was written");
    }
  }
}
