package org.chatvla4j.eval;

import java.util.List;
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
   * The recipe this setting trains at {@code budget}: scaled steps, only stage 0 for {@link #VLM_ONLY}, and VQA checks
   * every {@code forgettingPoints}-th of stage 1 where the forgetting curve is tracked.
   */
  public Recipe recipe(ExperimentBudget budget) {
    Recipe r = budget.stepsPerStage().isPresent()
        ? Recipes.builtIn(recipe).withStepsPerStage(budget.stepsPerStage().getAsInt())
        : Recipes.builtIn(recipe).scaled(budget.stepScale());
    List<StageSpec> stages = r.stages();
    if (this.equals(VLM_ONLY)) {
      stages = stages.subList(0, 1);
    }
    if (tracksForgetting && stages.size() > 1) {
      StageSpec s1 = stages.get(1);
      int every = Math.max(1, s1.steps() / budget.forgettingPoints());
      StageSpec tracked = new StageSpec(s1.name(), s1.data(), s1.frozen(), s1.expertInit(), s1.steps(), s1.batchSize(), s1.schedule(),
          s1.optimizer(), s1.gradClip(), s1.lossWeights(), every, s1.checkpointEvery());
      stages = new java.util.ArrayList<>(stages);
      stages.set(1, tracked);
    }
    return new Recipe(r.name() + (this.equals(VLM_ONLY) ? "-stage0" : ""), r.description(), r.model(), r.seed(), List.copyOf(stages));
  }
}
