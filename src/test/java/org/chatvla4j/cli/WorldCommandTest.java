package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WorldCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void evalOraclePrintsTheTable() {
    Run r = run("world", "eval-oracle", "--episodes", "2", "--families", "separate,blocktorelativelocation", "--no-progress");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("separate") && r.out().contains("block2relativelocation"), r.out());
    assertTrue(r.out().contains("mean"), r.out());
    assertTrue(r.out().contains("BLOCK_8"), r.out());
  }

  @Test
  void badInputIsExplained() {
    Run family = run("world", "eval-oracle", "--families", "stacking", "--no-progress");
    assertEquals(1, family.code());
    assertTrue(family.err().contains("unknown task family 'stacking'") && family.err().contains("block2block"), family.err());
    Run blocks = run("world", "eval-oracle", "--blocks", "BLOCK_9", "--no-progress");
    assertEquals(1, blocks.code());
    assertTrue(blocks.err().contains("N_CHOOSE_K"), blocks.err());
    Run episodes = run("world", "eval-oracle", "--episodes", "0", "--no-progress");
    assertEquals(1, episodes.code());
    assertTrue(episodes.err().contains("must be positive"), episodes.err());
  }
}
