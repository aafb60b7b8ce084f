package org.chatvla4j.model.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Shapes;

/**
 * Port of {@code Qwen2VisionTransformerPretrainedModel} (transformers {@code modeling_qwen2_vl.py}), the root of the
 * vision tower; whoever assembles ChatVLA registers it as {@code visual}. Children: {@code patch_embed},
 * {@code blocks.N}, {@code merger} (the rotary table has no parameters).
 *
 * <p>Input: {@code pixel_values [P, C·tp·p·p]} from the image processor and {@code grid_thw [I, 3]} (int64, in patches);
 * output {@code [P/m², D]}, one row per LLM image token, images in order.
 */
public final class VisionTransformer extends Module {
  private final VisionConfig cfg;
  private final PatchEmbed patchEmbed;
  private final VisionRotaryEmbedding rotary;
  private final List<VisionBlock> blocks;
  private final PatchMerger merger;

  public VisionTransformer(Init init, VisionConfig cfg) {
    this.cfg = cfg;
    this.patchEmbed = register("patch_embed", new PatchEmbed(init, cfg));
    this.rotary = new VisionRotaryEmbedding(cfg.headDim());
    buffer("rotary_pos_emb.inv_freq", rotary.inverseFrequencies()); // HF: a non-persistent buffer; moves with to(Device)
    BlockList list = register("blocks", new BlockList(init, cfg));
    this.blocks = list.blocks;
    this.merger = register("merger", new PatchMerger(init, cfg));
  }

  /**
   * @param pixelValues {@code [P, C·tp·p·p]}, rows in the processor's merge-window order
   * @param gridThw {@code [I, 3]} int64 (t, h, w) per image; P must equal Σ t·h·w
   * @return {@code [P/m², D]}
   */
  public Tensor forward(Tensor pixelValues, Tensor gridThw) {
    VisionGrid grid = VisionGrid.of(gridThw, cfg.spatialMergeSize());
    Shapes.check("pixel_values", pixelValues, "P, C·tp·p·p", Shapes.ANY, cfg.patchElements());
    if (pixelValues.size(0) != grid.patches()) {
      throw new IllegalArgumentException("pixel_values has P=" + pixelValues.size(0) + " patches but grid_thw needs Σ t·h·w = "
          + grid.patches());
    }
    Tensor x = patchEmbed.forward(pixelValues); // [P, C·tp·p·p] -> [P, Dv]
    Tensor[] cosSin = rotary.cosSin(grid); // 2 × [P, Hd]
    long[] segments = grid.frameLengths();
    for (VisionBlock block : blocks) {
      x = block.forward(x, cosSin[0], cosSin[1], segments); // [P, Dv]
    }
    return merger.forward(x); // [P, Dv] -> [P/m², D]
  }

  public VisionConfig config() {
    return cfg;
  }

  public VisionRotaryEmbedding rotary() {
    return rotary;
  }

  public List<VisionBlock> blocks() {
    return blocks;
  }

  /** {@code torch.nn.ModuleList}: blocks named by index. */
  private static final class BlockList extends Module {
    private final List<VisionBlock> blocks;

    BlockList(Init init, VisionConfig cfg) {
      List<VisionBlock> list = new ArrayList<>();
      for (int i = 0; i < cfg.depth(); i++) {
        list.add(register(Integer.toString(i), new VisionBlock(init, cfg)));
      }
      this.blocks = Collections.unmodifiableList(list);
    }
  }
}
