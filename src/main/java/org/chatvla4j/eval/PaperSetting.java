package org.chatvla4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.chatvla4j.config.Presets;
import org.chatvla4j.train.ModelSpec;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.Recipes;
import org.chatvla4j.train.StageSpec;

/**
 * One row of the paper's comparison (chatvla-paper.md, Table 1's settings) as a recipe over the shared tabletop data.
 *
 * @param id the row's short name in reports and run directories
 * @param label what the row is, for the table
 * @param recipe the built-in recipe it trains ({@link #VLM_ONLY} keeps only tabletop-chatvla's stage 0)
 * @param tracksForgetting whether its stage 1 is measured for the forgetting curve
 */
public record PaperSetting(String id, String label, String recipe, boolean tracksForgetting) {
  public static final PaperSetting VLM_ONLY = new PaperSetting("vlm-only", "VLM only (after stage 0)", "tabletop-chatvla", false);
  public static final PaperSetting ROBOT_ONLY = new PaperSetting("robot-only", "robot only", "tabletop-robot-only", false);
  public static final PaperSetting ROBOT_REASONING = new PaperSetting("robot-reasoning", "robot + reasoning", "tabletop-robot-reasoning", false);
  public static final PaperSetting COTRAIN_DENSE = new PaperSetting("cotrain-dense", "co-training from the start (dense)", "tabletop-cotrain-dense", false);
  public static final PaperSetting PHASED_DENSE = new PaperSetting("phased-dense", "phased (dense)", "tabletop-phased-dense", true);
  public static final PaperSetting CHATVLA = new PaperSetting("chatvla", "ChatVLA (phased + MoE)", "tabletop-chatvla", true);

  /** The paper's six settings in table order. */
  public static final List<PaperSetting> ALL = List.of(VLM_ONLY, ROBOT_ONLY, ROBOT_REASONING, COTRAIN_DENSE, PHASED_DENSE, CHATVLA);

  /** The setting called {@code id}; the error lists the known ids. */
  public static PaperSetting byId(String id) {
    return ALL.stream().filter(s -> s.id.equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown setting '" + id + "'; settings: " + ALL.stream().map(PaperSetting::id).toList()));
  }

  /**
   * The recipe this setting stands for at {@code budget}, stage 0 included: scaled steps, only stage 0 for
   * {@link #VLM_ONLY}, and VQA checks every {@code forgettingPoints}-th of stage 1 where the forgetting curve is tracked.
   */
  public Recipe recipe(ExperimentBudget budget) {
    Recipe r = budgeted(Recipes.builtIn(recipe), budget);
    List<StageSpec> stages = r.stages();
    if (this.equals(VLM_ONLY)) {
      stages = stages.subList(0, 1);
    }
    if (tracksForgetting && stages.size() > 1) {
      StageSpec s1 = stages.get(1);
      int every = Math.max(1, s1.steps() / budget.forgettingPoints());
      stages = new ArrayList<>(stages);
      stages.set(1, s1.withEvalEvery(every));
    }
    return new Recipe(r.name() + (this.equals(VLM_ONLY) ? "-stage0" : ""), r.description(), r.model(), r.seed(), List.copyOf(stages));
  }

  /**
   * Stage 0 of every setting, trained once per experiment: {@code tabletop-chatvla}'s VLM pre-training on the dense
   * model (the stand-in for Qwen2-VL, which is dense too). The MoE settings start from it through {@code init-moe}, as
   * ChatVLA starts from Qwen2-VL; with one expert routed for VQA the two-expert model computes exactly the dense one, so
   * sharing the stage changes no setting's result and saves five trainings of it.
   */
  public static Recipe sharedStage0(ExperimentBudget budget) {
    Recipe r = VLM_ONLY.recipe(budget);
    return new Recipe(r.name(), "stage 0 shared by every setting: VLM pre-training on the dense model",
        new ModelSpec(r.model().init(), OptionalInt.of(1)), r.seed(), r.stages());
  }

  /**
   * What this setting trains after the shared stage 0: its own stages 1.., starting from {@code stage0} (a checkpoint of
   * {@link #sharedStage0}) as {@code checkpoint:} for a dense setting and {@code init-moe:} for a MoE one. Refused when
   * the setting's recipe has a different stage 0, since its row would then not start where the others do.
   */
  public Recipe recipeAfterStage0(ExperimentBudget budget, Path stage0) {
    if (this.equals(VLM_ONLY)) {
      throw new IllegalStateException("the VLM-only setting is the shared stage 0 itself; it trains nothing after it");
    }
    Recipe full = recipe(budget);
    Recipe shared = sharedStage0(budget);
    if (!full.stages().get(0).equals(shared.stages().get(0)) || !full.model().init().equals(shared.model().init())
        || full.seed() != shared.seed()) {
      throw new IllegalStateException("recipe " + recipe + " has a different model or stage 0 than " + VLM_ONLY.recipe
          + "; every setting must start from the same stage 0 to be compared");
    }
    String init = (usesMoe(full.model()) ? ModelSpec.INIT_MOE : ModelSpec.CHECKPOINT) + stage0.toAbsolutePath().normalize();
    return new Recipe(full.name() + "-after-stage0", full.description(), new ModelSpec(init, OptionalInt.empty()), full.seed(),
        full.stages().subList(1, full.stages().size()));
  }

  private static boolean usesMoe(ModelSpec model) {
    int experts = model.experts().orElseGet(() -> Presets.byName(model.argument()).moe().numExperts());
    return experts > 1;
  }

  private static Recipe budgeted(Recipe r, ExperimentBudget budget) {
    return budget.stepsPerStage().isPresent() ? r.withStepsPerStage(budget.stepsPerStage().getAsInt()) : r.scaled(budget.stepScale());
  }
}
