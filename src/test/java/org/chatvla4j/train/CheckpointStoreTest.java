package org.chatvla4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.tensor.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints are all-or-nothing, and damaged ones are refused naming the damaged file. */
class CheckpointStoreTest {
  @TempDir Path tmp;

  @Test
  void aFailureMidWriteLeavesThePreviousCheckpointLoadableAndDamageIsNamed() throws Exception {
    try (Scope s = Scope.open()) {
      Recipe recipe = TrainerFixtures.twoStages(3, 2);
      ChatVla vla = InitialModel.create(recipe.model(), recipe.seed());
      Map<String, float[]> weights = TrainerFixtures.snapshot(vla);
      Path run = tmp.resolve("run");
      CheckpointStore store = new CheckpointStore(run);
      try (MetricsLog metrics = MetricsLog.create(run.resolve("metrics.jsonl"))) {
        TrainingState state = new TrainingState(0, 1, 1, 42, 1);
        Path first = TrainingCheckpoint.write(store, vla, Optional.empty(), new AdamW(vla.model(), AdamWSpec.chatVla().config(1e-3)),
            state, recipe, metrics);

        // A writer that dies half-way (weights written, then the disk "fills").
        IOException full = assertThrows(IOException.class, () -> store.write(2, dir -> {
          vla.save(dir);
          throw new IOException("disk full");
        }));
        assertEquals("disk full", full.getMessage());
        assertEquals(List.of(first), store.list());
        try (var left = Files.list(store.directory())) {
          assertEquals(List.of(first), left.toList(), "the partial directory is removed");
        }

        // What kill -9 leaves: a hidden partial directory. It is never taken for a checkpoint, and is cleaned up.
        Path partial = Files.createDirectories(store.directory().resolve(".step-00000002.partial-123"));
        Files.writeString(partial.resolve("config.json"), "{");
        assertEquals(Optional.of(first), store.latest());
        assertEquals(1, store.removeLeftovers());

        TrainingCheckpoint.Loaded ck = TrainingCheckpoint.read(first);
        assertEquals(state, ck.state());
        assertEquals(recipe, ck.recipe());
        Map<String, float[]> back = TrainerFixtures.snapshot(ck.model());
        weights.forEach((k, v) -> assertArrayEquals(v, back.get(k), k));

        // Damage: each error names the file.
        Path bad = copy(first, tmp.resolve("bad-weights"));
        try (FileChannel ch = FileChannel.open(bad.resolve("model.safetensors"), StandardOpenOption.WRITE)) {
          ch.truncate(ch.size() / 2);
        }
        assertTrue(assertThrows(IOException.class, () -> TrainingCheckpoint.read(bad)).getMessage().contains("model.safetensors"));

        Path badState = copy(first, tmp.resolve("bad-state"));
        Files.writeString(badState.resolve("trainer_state.json"), "{\"stage\": 0");
        assertTrue(assertThrows(IOException.class, () -> TrainingCheckpoint.read(badState)).getMessage()
            .startsWith(badState.resolve("trainer_state.json") + " is not valid JSON"));

        Path noOptimizer = copy(first, tmp.resolve("no-optimizer"));
        Files.delete(noOptimizer.resolve("optimizer.pt"));
        assertEquals(noOptimizer.resolve("optimizer.pt") + " is missing: the checkpoint is mid-stage and needs the optimizer moments",
            assertThrows(IOException.class, () -> TrainingCheckpoint.read(noOptimizer)).getMessage());

        Path badOptimizer = copy(first, tmp.resolve("bad-optimizer"));
        Files.writeString(badOptimizer.resolve("optimizer.pt"), "not an archive");
        TrainingCheckpoint.Loaded loaded = TrainingCheckpoint.read(badOptimizer);
        assertTrue(assertThrows(IOException.class, () -> loaded.loadOptimizer(new AdamW(vla.model(), AdamWSpec.chatVla().config(1e-3))))
            .getMessage().startsWith(badOptimizer.resolve("optimizer.pt") + " is not a readable optimizer state"));

        // A new run refuses a directory that already holds checkpoints.
        Trainer again = new Trainer(TrainerFixtures.setup(recipe, TrainerFixtures.dataRoot(tmp.resolve("data")), run,
            TrainingProgress.silent()));
        assertTrue(assertThrows(IllegalArgumentException.class, again::start).getMessage().contains("--resume"));
      }
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
