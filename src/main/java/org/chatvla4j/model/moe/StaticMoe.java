package org.chatvla4j.model.moe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of ChatVLA's {@code StaticMoE} ({@code qwen2_vla/utils/expert_modules.py}): {@code experts.{0..E-1}}, each a
 * {@link Qwen2Mlp}, routed per sample by {@link ExpertRouting} with no gate and no load-balancing loss.
 *
 * <p>Unlike the reference, which runs every expert on every token and mixes the outputs with a 0/1 mask, each expert
 * here runs only on the rows routed to it (gather rows, run, scatter back). The result and the gradients are the same
 * (a gradient reaches only the selected expert) at 1/E of the FFN compute, and mixed batches work at inference too.
 * Shapes: {@code [B, T, D] -> [B, T, D]}.
 */
public final class StaticMoe extends Module implements DecoderMlp {
  private static final Pattern DENSE_MLP_KEY = Pattern.compile("^(.*\\.layers\\.\\d+)\\.mlp\\.(.+)$");

  private final List<Qwen2Mlp> experts = new ArrayList<>();

  public StaticMoe(Init init, long hiddenSize, long intermediateSize, MoeConfig moe) {
    if (!moe.usingMoe()) {
      throw new IllegalArgumentException("StaticMoe needs numExperts >= 2, got " + moe.numExperts() + "; a dense layer uses Qwen2Mlp");
    }
    ExpertList list = register("experts", new ExpertList());
    for (int e = 0; e < moe.numExperts(); e++) {
      experts.add(list.add(e, new Qwen2Mlp(init, hiddenSize, intermediateSize)));
    }
  }

  /** Holds the experts under their list indices ({@code experts.0}, {@code experts.1}), as {@code nn.ModuleList}. */
  private static final class ExpertList extends Module {
    Qwen2Mlp add(int index, Qwen2Mlp expert) {
      return register(Integer.toString(index), expert);
    }
  }

  public int numExperts() {
    return experts.size();
  }

  public Qwen2Mlp expert(int index) {
    return experts.get(index);
  }

  @Override
  public Tensor forward(Tensor hidden, ExpertRouting routing) {
    long b = hidden.size(0);
    Shapes.check("hidden_states", hidden, "B, T, D", b, Shapes.ANY, Shapes.ANY);
    if (routing.batchSize() != b) {
      throw new IllegalArgumentException("routing has " + routing.batchSize() + " samples but the batch has B=" + b);
    }
    if (routing.maxExpert() >= experts.size()) {
      throw new IllegalArgumentException(routing + " names expert " + routing.maxExpert() + " but there are " + experts.size());
    }
    for (int e = 0; e < experts.size(); e++) {
      if (routing.samplesOf(e).length == b) {
        return experts.get(e).forward(hidden); // the whole batch on one expert: no gather needed
      }
    }
    Tensor out = torch.zeros_like(hidden); // [B, T, D]; every row is overwritten below
    for (int e = 0; e < experts.size(); e++) {
      long[] rows = routing.samplesOf(e);
      if (rows.length == 0) {
        continue;
      }
      Tensor index = Tensors.onDeviceOf(Tensors.fromLongs(rows, rows.length), hidden); // [Be]
      Tensor expertOut = experts.get(e).forward(hidden.index_select(0, index)); // [Be, T, D]
      out = out.index_copy(0, index, expertOut); // out-of-place: gradients flow to expertOut only for its rows
    }
    return out;
  }

  /**
   * ChatVLA's {@code --init_moe}: maps a dense checkpoint's {@code *.layers.{i}.mlp.*} tensors onto every expert,
   * {@code *.layers.{i}.static_expert.experts.{e}.*}, so all experts start as copies of the pretrained FFN. Other keys
   * pass through unchanged; the same value object backs every expert's key (a loader copies values). Generic over the
   * value so that a converter can map lazily read tensors (file views) without materialising them.
   *
   * @throws IllegalArgumentException if no dense MLP key is present (e.g. the checkpoint already has experts)
   */
  public static <T> Map<String, T> initMoeFrom(Map<String, T> denseWeights, MoeConfig moe) {
    if (!moe.usingMoe()) {
      throw new IllegalArgumentException("initMoeFrom needs an MoE config (numExperts >= 2), got " + moe.numExperts());
    }
    Map<String, T> out = new LinkedHashMap<>();
    int mapped = 0;
    for (Map.Entry<String, T> entry : denseWeights.entrySet()) {
      Matcher m = DENSE_MLP_KEY.matcher(entry.getKey());
      if (!m.matches()) {
        out.put(entry.getKey(), entry.getValue());
        continue;
      }
      for (int e = 0; e < moe.numExperts(); e++) {
        out.put(m.group(1) + ".static_expert.experts." + e + "." + m.group(2), entry.getValue());
      }
      mapped++;
    }
    if (mapped == 0) {
      throw new IllegalArgumentException(
          "initMoeFrom found no '*.layers.{i}.mlp.*' keys among " + denseWeights.size() + " tensors; the source must be a dense Qwen2-VL checkpoint");
    }
    return out;
  }
}
