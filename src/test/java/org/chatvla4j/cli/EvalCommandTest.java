package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.chatvla4j.config.Presets;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.ImageSize;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.text.Tokenizer;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.vqa.QuestionFamily;
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
    r = run("eval", "--model", tmp.toString(), "--question-families", "closest,arm_heading");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--question-families: unknown question family 'arm_heading'")
        && r.err().contains("arm_direction"), r.err());
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

  @Test
  void questionFamiliesDefaultToTheStandardOnesAndArmDirectionIsAskedOnRequest() {
    assertEquals(QuestionFamily.standard(), QuestionFamily.parseList(null));
    assertFalse(QuestionFamily.standard().contains(QuestionFamily.ARM_DIRECTION));
    assertEquals(QuestionFamily.values().length - 1, QuestionFamily.standard().size());
    assertEquals(java.util.EnumSet.of(QuestionFamily.ARM_DIRECTION, QuestionFamily.CLOSEST),
        QuestionFamily.parseList(java.util.List.of("arm_direction", " Closest")));
    assertEquals(java.util.EnumSet.allOf(QuestionFamily.class), QuestionFamily.parseList(java.util.List.of("all")));
  }

  @Test
  void theFrameSizeComesFromTheCheckpointAndAnotherIsRefused() throws IOException {
    Path ck = tmp.resolve("tiny");
    ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 1).save(ck);
    assertEquals(new org.chatvla4j.world.render.ImageSize(180, 320), EvalCommand.frameSize(null, EvalCommand.Recorded.of(ck)),
        "no dataset_stats.json: Language-Table's frame");
    new DatasetStats(new float[4], new float[] {1, 1, 1, 1}, new float[] {-1, -1}, new float[] {1, 1})
        .withCameraSizes(Map.of("top", new ImageSize(90, 160))).write(ck.resolve(ChatVlaPolicy.STATS_FILE));
    assertEquals(new org.chatvla4j.world.render.ImageSize(90, 160), EvalCommand.frameSize(null, EvalCommand.Recorded.of(ck)));
    assertEquals(new org.chatvla4j.world.render.ImageSize(90, 160), EvalCommand.frameSize("90x160", EvalCommand.Recorded.of(ck)));
    Run r = run("eval", "--model", ck.toString(), "--size", "180x320", "--out", tmp.resolve("report").toString(), "--no-progress");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--size 180x320 differs from the 90x160 frames the model was trained on")
        && r.err().contains(ChatVlaPolicy.STATS_FILE), r.err());
    assertFalse(Files.exists(tmp.resolve("report")));
  }

  @Test
  void theBlockSetComesFromTheCheckpointAndAnotherIsNoted() throws IOException {
    Path ck = tmp.resolve("tiny");
    ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 1).save(ck);
    StringWriter log = new StringWriter();
    assertEquals(BlockSet.BLOCK_8, EvalCommand.blockSet(null, EvalCommand.Recorded.of(ck), new PrintWriter(log, true)), "nothing recorded");
    DatasetStats stats = new DatasetStats(new float[4], new float[] {1, 1, 1, 1}, new float[] {-1, -1}, new float[] {1, 1});
    stats.withBlockSet(Optional.of("BLOCK_4")).write(ck.resolve(ChatVlaPolicy.STATS_FILE));
    assertEquals(BlockSet.BLOCK_4, EvalCommand.blockSet(null, EvalCommand.Recorded.of(ck), new PrintWriter(log, true)));
    assertEquals(BlockSet.BLOCK_4, EvalCommand.blockSet("block_4", EvalCommand.Recorded.of(ck), new PrintWriter(log, true)));
    assertEquals("", log.toString(), "the recorded set, asked or not, needs no note");
    assertEquals(BlockSet.BLOCK_8, EvalCommand.blockSet("BLOCK_8", EvalCommand.Recorded.of(ck), new PrintWriter(log, true)));
    assertTrue(log.toString().contains("evaluating on BLOCK_8; the model was trained on BLOCK_4"), log.toString());

    stats.withBlockSet(Optional.of("BLOCK_99")).write(ck.resolve(ChatVlaPolicy.STATS_FILE));
    EvalCommand.Recorded unknown = EvalCommand.Recorded.of(ck);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EvalCommand.blockSet(null, unknown, new PrintWriter(new StringWriter())));
    assertTrue(e.getMessage().contains(ChatVlaPolicy.STATS_FILE + " block_set") && e.getMessage().contains("--blocks"),
        e.getMessage());
  }
}
