package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatvla4j.train.InMemoryBatches;
import org.chatvla4j.train.RecipeJson;
import org.chatvla4j.train.Recipes;
import org.chatvla4j.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(TrainCommand cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    CommandLine line = new CommandLine(cmd);
    line.setExecutionExceptionHandler(cli.getExecutionExceptionHandler());
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    int code = line.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void listsTheBuiltInRecipesOneLineEach() {
    Run r = run(new TrainCommand(), "--list-recipes");
    assertEquals(0, r.code());
    List<String> lines = r.out().lines().toList();
    assertEquals(Recipes.BUILT_IN.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith(Recipes.BUILT_IN.get(i) + " "), lines.get(i));
    }
    assertTrue(lines.get(0).contains("3 stages,   5000 steps"), lines.get(0));
  }

  @Test
  void badInputStopsBeforeTrainingWithTheReason() throws Exception {
    Files.createDirectories(tmp.resolve("data"));
    Run unknown = run(new TrainCommand(), "--recipe", "no-such", "--data", tmp.resolve("data").toString(), "--out", tmp.resolve("o").toString());
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("'no-such' is neither a built-in recipe"), unknown.err());
    // The built-in recipe needs episodes/ and captions.json under --data: named before any model is built.
    Run missing = run(new TrainCommand(), "--recipe", "tabletop-chatvla", "--data", tmp.resolve("data").toString(), "--out",
        tmp.resolve("o").toString(), "--no-progress");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("stages[0].data.vqa: " + tmp.resolve("data").resolve("captions.json") + " does not exist"),
        missing.err());
  }

  @Test
  void trainsARecipeFileAndResumesTheFinishedRun() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.createDirectories(data.resolve("episodes"));
    Files.writeString(data.resolve("vqa.json"), "[]");
    Path recipe = tmp.resolve("r.json");
    Files.writeString(recipe, """
        {"name": "cli", "model": {"init": "preset:tiny"}, "stages": [
          {"name": "mix", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 1, "vqa_parts": 1},
           "steps": 5, "batch_size": 2, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
        """);
    Path out = tmp.resolve("run");
    TrainCommand cmd = new TrainCommand();
    cmd.sources = InMemoryBatches.factory();
    Run r = run(cmd, "--recipe", recipe.toString(), "--data", data.toString(), "--out", out.toString(), "--steps-per-stage", "1",
        "--seed", "9", "--no-progress");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("effective recipe:"), r.out());
    assertTrue(r.out().contains("\"steps\" : 1"), r.out());
    assertTrue(r.out().contains("checkpoint: " + out.resolve("checkpoints/step-00000001").toAbsolutePath()), r.out());
    assertEquals(9, RecipeJson.parse(Files.readString(out.resolve("recipe.json")), "saved").seed());
    assertEquals(1, TrainingState.read(out.resolve("checkpoints/step-00000001/trainer_state.json")).globalStep());

    TrainCommand again = new TrainCommand();
    again.sources = InMemoryBatches.factory();
    Run resumed = run(again, "--resume", "--data", data.toString(), "--out", out.toString(), "--no-progress");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("training finished after 1 steps"), resumed.out());
  }
}
