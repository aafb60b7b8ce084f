package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.model.ActResult;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.RobotObservation;
import org.chatvla4j.serve.PolicyServer;
import org.chatvla4j.serve.ServeConfig;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.train.TrainingCheckpoint;
import org.chatvla4j.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path a user takes: {@code world generate} (3 episodes at 90×160) → {@code train --recipe tabletop-chatvla
 * --steps-per-stage 2} on the real readers → the final checkpoint loads with {@link ChatVla#load} and acts, and records
 * the frame size and block set that eval and the playground follow.
 */
class TrainEndToEndTest {
  @TempDir Path tmp;

  @Test
  void generatedEpisodesTrainThroughEveryStageIntoACheckpointThatActs() throws Exception {
    Path data = tmp.resolve("data");
    CliRun gen = CliRun.of("world", "generate", "--episodes", "3", "--size", "90x160", "--questions-per-scene", "1",
        "--later-scenes", "0", "--threads", "1", "--no-progress", "--out", data.toString());
    assertEquals(0, gen.exitCode(), gen.err());
    List<Path> episodes;
    try (Stream<Path> s = Files.list(data.resolve("episodes"))) {
      episodes = s.filter(p -> p.toString().endsWith(".hdf5")).sorted().toList();
    }
    assertEquals(3, episodes.size());

    Path run = tmp.resolve("run");
    CliRun train = CliRun.of("train", "--recipe", "tabletop-chatvla", "--steps-per-stage", "2", "--data", data.toString(),
        "--out", run.toString(), "--no-progress");
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("training finished after 6 steps"), String.join("\n", train.out()));
    Path last = run.resolve("checkpoints/step-00000006");
    TrainingState end = TrainingState.read(last.resolve(TrainingState.FILE));
    assertEquals(List.of(2, 2, 6L), List.of(end.stage(), end.stepsDone(), end.globalStep()), "stage 2 (cotrain), 2 steps, 6 in all");
    assertTrue(Files.isRegularFile(last.resolve(TrainingCheckpoint.STATS)), "dataset_stats.json for act's un-normalisation");
    assertEquals(new org.chatvla4j.world.render.ImageSize(90, 160), EvalCommand.frameSize(null, EvalCommand.Recorded.of(last)),
        "eval shows the model frames of the size it was trained on");
    DatasetStats stats = DatasetStats.read(last.resolve(TrainingCheckpoint.STATS));
    assertEquals(Optional.of("BLOCK_8"), stats.blockSet(), "world generate's default set, from data/world.json");
    // metrics.jsonl: one line per step of the three stages (vlm, control, cotrain).
    assertEquals(6, Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"token_loss\"")).count());

    try (Scope s = Scope.open(); EpisodeFile ep = EpisodeFile.open(episodes.getFirst())) {
      ChatVla vla = ChatVla.load(last, DType.F32);
      int chunk = vla.model().config().actionHead().orElseThrow().predictionHorizon();
      int dim = vla.model().config().actionHead().orElseThrow().actionDim();
      RobotObservation obs = new RobotObservation(List.of(ep.frame(ep.cameraNames().getFirst(), 0)), ep.qpos()[0]);
      ActResult r = vla.act(obs, ep.instruction(), 8, new SplittableRandom(1));
      assertEquals(chunk, r.actions().length, "one action per step of the chunk");
      try (PolicyServer server = new PolicyServer(vla, Optional.of(stats), "e2e", ServeConfig.loopback(0)).start()) {
        assertEquals("scenes BLOCK_8 (dataset_stats.json), model frames 90x160 (dataset_stats.json)", server.playgroundSetup(),
            "the playground sets the trained block set and frame size");
      }
      for (float[] a : r.actions()) {
        assertEquals(dim, a.length);
        for (float v : a) {
          assertTrue(Float.isFinite(v), "finite action " + v);
        }
      }
    }
  }
}
