package org.chatvla4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.LabeledSequence;

/**
 * Stacks samples into a {@link TrainingBatch}: sequences right-padded with the pad id (label −100, mask 0), images
 * concatenated in sample order, each sample routed to its task's expert, robot targets gathered for the robot rows.
 */
public final class Collator {
  private final long padId;
  private final int patchElements;

  public Collator(long padId, int patchElements) {
    this.padId = padId;
    this.patchElements = patchElements;
  }

  public TrainingBatch collate(List<TrainingSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("cannot collate an empty batch");
    }
    int b = samples.size();
    int t = samples.stream().mapToInt(s -> s.sequence().length()).max().orElseThrow();
    long[] ids = new long[b * t];
    long[] labels = new long[b * t];
    long[] mask = new long[b * t];
    Arrays.fill(ids, padId);
    Arrays.fill(labels, LabeledSequence.IGNORE_INDEX);
    List<Tensor> pixels = new ArrayList<>();
    List<long[]> grids = new ArrayList<>();
    Task[] tasks = new Task[b];
    List<Integer> robotRows = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      TrainingSample s = samples.get(i);
      LabeledSequence q = s.sequence();
      System.arraycopy(q.inputIds(), 0, ids, i * t, q.length());
      System.arraycopy(q.labels(), 0, labels, i * t, q.length());
      Arrays.fill(mask, i * t, i * t + q.length(), 1);
      if (s.images().patchElements() != patchElements && s.images().patches() > 0) {
        throw new IllegalArgumentException("sample " + i + " has patches of " + s.images().patchElements()
            + " values, the model expects " + patchElements);
      }
      if (s.images().patches() > 0) {
        pixels.add(s.images().pixelValuesTensor());
      }
      grids.addAll(Arrays.asList(s.images().gridThw()));
      tasks[i] = s.task();
      if (s.robot().isPresent()) {
        robotRows.add(i);
      }
    }
    Tensor pixelValues = pixels.isEmpty()
        ? torch.zeros(new long[] {0, patchElements}, DType.F32.options())
        : torch.cat(new TensorVector(pixels.toArray(Tensor[]::new)), 0); // [P, C·tp·p·p]
    long[] flatGrid = new long[grids.size() * 3];
    for (int g = 0; g < grids.size(); g++) {
      System.arraycopy(grids.get(g), 0, flatGrid, 3 * g, 3);
    }
    VlaInputs inputs = new VlaInputs(Tensors.fromLongs(ids, b, t), Tensors.fromLongs(mask, b, t), pixelValues,
        Tensors.fromLongs(flatGrid, grids.size(), 3));
    return new TrainingBatch(inputs, Tensors.fromLongs(labels, b, t), ExpertRouting.of(tasks), robotTargets(samples, robotRows));
  }

  private static Optional<TrainingBatch.RobotTargets> robotTargets(List<TrainingSample> samples, List<Integer> rows) {
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    TrainingSample.RobotTarget first = samples.get(rows.get(0)).robot().orElseThrow();
    int r = rows.size();
    int a = first.actions().length;
    int da = first.actions()[0].length;
    int ds = first.state().length;
    float[] actions = new float[r * a * da];
    float[] isPad = new float[r * a];
    float[] state = new float[r * ds];
    for (int k = 0; k < r; k++) {
      TrainingSample.RobotTarget rt = samples.get(rows.get(k)).robot().orElseThrow();
      if (rt.actions().length != a || rt.actions()[0].length != da || rt.state().length != ds) {
        throw new IllegalArgumentException("robot samples in one batch must share chunk [" + a + ", " + da + "] and state ["
            + ds + "]; sample " + rows.get(k) + " has [" + rt.actions().length + ", " + rt.actions()[0].length + "] and ["
            + rt.state().length + "]");
      }
      for (int j = 0; j < a; j++) {
        System.arraycopy(rt.actions()[j], 0, actions, (k * a + j) * da, da);
        isPad[k * a + j] = rt.isPad()[j] ? 1 : 0;
      }
      System.arraycopy(rt.state(), 0, state, k * ds, ds);
    }
    return Optional.of(new TrainingBatch.RobotTargets(rows.stream().mapToLong(Integer::longValue).toArray(),
        Tensors.fromFloats(actions, r, a, da), Tensors.fromFloats(isPad, r, a), Tensors.fromFloats(state, r, ds)));
  }
}
