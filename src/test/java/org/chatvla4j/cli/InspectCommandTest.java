package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.chatvla4j.weights.CheckpointWriter;
import org.chatvla4j.weights.SafetensorsDtype;
import org.chatvla4j.weights.SafetensorsWriter;
import org.chatvla4j.weights.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, List<String> out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString().lines().toList(), err.toString());
  }

  private static SequencedMap<String, TensorData> tensors() {
    SequencedMap<String, TensorData> t = new LinkedHashMap<>();
    t.put("model.embed_tokens.weight", TensorData.ofBytes(SafetensorsDtype.BF16, new long[] {16, 8}, new byte[256]));
    t.put("model.norm.weight", TensorData.ofBytes(SafetensorsDtype.F32, new long[] {8}, new byte[32]));
    t.put("lm_head.bias", TensorData.ofBytes(SafetensorsDtype.F16, new long[] {16}, new byte[32]));
    t.put("step", TensorData.ofBytes(SafetensorsDtype.I64, new long[0], new byte[8]));
    return t;
  }

  private static final List<String> EXPECTED =
      List.of(
          "model.embed_tokens.weight  BF16  [16, 8]",
          "model.norm.weight          F32   [8]",
          "lm_head.bias               F16   [16]",
          "step                       I64   []",
          "tensors: 4  parameters: 153  bytes: 328");

  @Test
  void listsTheTensorsOfAFile() throws IOException {
    Path file = dir.resolve("w.safetensors");
    SafetensorsWriter.write(file, tensors(), Map.of("format", "pt"));
    Run r = run("inspect", file.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(EXPECTED, r.out());
  }

  @Test
  void listsTheTensorsOfAShardedCheckpointDirectory() throws IOException {
    // 256-byte embedding alone, then norm + bias + step (72 bytes): two shards.
    new CheckpointWriter(100).write(dir, tensors(), Map.of("format", "pt"));
    Run r = run("inspect", dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(EXPECTED, r.out());
    assertEquals("", r.err());
  }

  @Test
  void withoutPathExplainsWhatToGive() {
    Run r = run("inspect");
    assertEquals(2, r.exitCode());
    assertTrue(
        r.err().startsWith("inspect needs PATH: a .safetensors file or a checkpoint directory"), r.err());
  }

  @Test
  void aBadFileIsAnErrorMessageNotAStackTrace() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    java.nio.file.Files.write(file, new byte[] {1, 2, 3});
    Run r = run("inspect", file.toString());
    assertEquals(1, r.exitCode());
    assertEquals(List.of(), r.out());
    assertTrue(
        r.err().contains("error: " + file + ": file is 3 bytes, shorter than the 8-byte header length prefix"),
        r.err());
  }
}
