package org.chatvla4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.text.Tokenizer;

/** Builds the model a recipe starts from ({@link ModelSpec}); training runs in float32. */
public final class InitialModel {
  private static final Pattern EXPERT = Pattern.compile("static_expert\\.experts\\.(\\d+)\\.");

  private InitialModel() {}

  public static ChatVla create(ModelSpec spec, long seed) throws IOException {
    String arg = spec.argument();
    if (spec.init().startsWith(ModelSpec.PRESET)) {
      ChatVlaConfig config = Presets.byName(arg);
      if (spec.experts().isPresent()) {
        config = config.withMoe(new MoeConfig(spec.experts().getAsInt()));
      }
      // The tabletop presets (tiny, tabletop) share the small tokenizer; the HF-sized ones need their own tokenizer.json.
      Tokenizer tiny = Tokenizer.tiny();
      if (!config.tokens().equals(tiny.specialTokens()) || config.text().vocabSize() < tiny.vocabSize()) {
        throw new IllegalArgumentException("model.init preset:" + arg + " has no built-in tokenizer; start from its HF directory"
            + " with checkpoint:DIR or init-moe:DIR");
      }
      return ChatVla.create(config, tiny, DType.F32, seed);
    }
    if (spec.init().startsWith(ModelSpec.CHECKPOINT)) {
      return ChatVla.load(Path.of(arg), DType.F32);
    }
    return initMoe(ChatVla.load(Path.of(arg), DType.F32), seed);
  }

  /**
   * The two-expert model from a dense one: every {@code static_expert.experts.K.X} ← {@code mlp.X}, all other weights
   * copied by name; an action head the dense model lacks (a plain VLM) is initialised from {@code seed} with the
   * paper's ScaleDP-L for the Franka setup (action 10, state 7).
   */
  public static ChatVla initMoe(ChatVla dense, long seed) {
    ChatVlaConfig d = dense.model().config();
    if (d.moe().usingMoe()) {
      throw new IllegalArgumentException("model.init init-moe: the checkpoint already has " + d.moe().numExperts()
          + " experts; start from it with checkpoint:DIR");
    }
    ChatVlaConfig target = d.withMoe(MoeConfig.staticTwoExperts());
    if (d.actionHead().isEmpty()) {
      target = target.withActionHead(ScaleDpConfig.scaleDpL(10, 7, d.text().hiddenSize()));
    }
    ChatVla moe = ChatVla.create(target, dense.tokenizer(), DType.F32, seed);
    Map<String, Parameter> from = dense.model().parameters();
    int copied = 0;
    try (Scope s = Scope.open()) {
      for (Parameter p : moe.model().parameters().values()) {
        String source = EXPERT.matcher(p.name()).replaceFirst("mlp.");
        Parameter src = from.get(source);
        if (src != null) {
          p.tensor().detach().copy_(src.tensor());
          copied++;
        }
      }
    }
    if (copied == 0) {
      throw new IllegalStateException("init-moe copied no weight: the dense checkpoint's names do not match the model's");
    }
    return moe;
  }

  /** Copies {@code static_expert.experts.0.*} into every other expert; returns how many tensors it wrote. */
  public static int copyExpertZero(ChatVla vla) {
    if (!vla.model().config().moe().usingMoe()) {
      throw new IllegalArgumentException("expert_init copy-expert-0 needs the two-expert model; this one is dense");
    }
    Map<String, Parameter> params = vla.model().parameters();
    int n = 0;
    try (Scope s = Scope.open()) {
      for (Parameter p : params.values()) {
        Matcher m = EXPERT.matcher(p.name());
        if (m.find() && !m.group(1).equals("0")) {
          Tensor src = params.get(m.replaceFirst("static_expert.experts.0.")).tensor();
          p.tensor().detach().copy_(src);
          n++;
        }
      }
    }
    return n;
  }
}
