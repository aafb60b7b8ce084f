package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatvla4j.config.Presets;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to eval, experiment and demo stops with a clear message (exit 1) before any work or output directory. */
class EvalCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aDirectoryThatIsNotACheckpointIsRefused() {
    Run r = run("eval", "--model", tmp.toString(), "--out", tmp.resolve("report").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("config.json is missing"), r.err());
    assertFalse(Files.exists(tmp.resolve("report")));
  }

  @Test
  void aCheckpointWithTheWrongStateDimensionIsRefused() throws IOException {
    Path ck = tmp.resolve("state7");
    ChatVla.create(Presets.tiny().withActionHead(Presets.tiny().actionHead().orElseThrow().withDims(2, 7)), Tokenizer.tiny(), DType.F32, 1)
        .save(ck);
    Run r = run("eval", "--model", ck.toString(), "--no-progress");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("state_dim 7") && r.err().contains("state_dim 4"), r.err());
  }

  @Test
  void unknownFamiliesBudgetsAndExperimentsAreNamed() {
    Run r = run("eval", "--model", tmp.toString(), "--families", "block2moon");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown task family 'block2moon'") && r.err().contains("block2block"), r.err());
    r = run("experiment", "paper", "--budget", "huge", "--out", tmp.resolve("x").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown budget 'huge'"), r.err());
    r = run("experiment", "ablation", "--out", tmp.resolve("x").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown experiment 'ablation'"), r.err());
    r = run("demo", "--scale", "0", "--out", tmp.resolve("d").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--scale must be"), r.err());
    assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("d")));
  }
}
