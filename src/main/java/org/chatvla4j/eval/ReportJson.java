package org.chatvla4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.chatvla4j.world.eval.EvalReport;

/**
 * {@code report.json}: the settings, success per family for the model and the two baselines, the agreement with the
 * oracle on its states and on the model's own, VQA accuracy per question family with the majority baseline, the
 * transcripts and the timings, and the verdict: whether the model beats each axis's baselines (paired sign tests).
 * Rates are fractions in [0, 1]; {@code interval_95} fields are 95 % Wilson intervals.
 */
public final class ReportJson {
  /**
   * Bumped when a field changes meaning or disappears. 2: {@code heading_match} counts only frames where the oracle
   * names a heading (it counted a silent model as right on the others).
   */
  public static final int SCHEMA_VERSION = 2;

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  /** The oracle-agreement scores, on the oracle's states or on the model's own. */
  static ObjectNode agreement(OracleAgreement.Result a) {
    ObjectNode agree = JSON.createObjectNode();
    agree.put("episodes_per_family", a.episodesPerFamily()).put("every", a.every()).put("frames", a.frames())
        .put("first_action_cosine", a.meanCosine()).put("first_action_l2_error_m", a.meanL2Error())
        .put("zero_action_l2_error_m", a.zeroActionL2Error()).put("reasoning_exact", a.reasoningExact())
        .put("step_match", a.stepMatch()).put("heading_match", a.headingMatch()).put("heading_named", a.headingNamed());
    return agree;
  }

  public static ObjectNode of(EvalResult r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("model", r.modelId());
    root.set("settings", settings(r.settings()));
    ObjectNode success = root.putObject("success");
    success.set("model", success(r.success().model()));
    success.set("zero_action", success(r.success().zero()));
    ObjectNode random = success(r.success().random());
    random.putArray("action_low").add(r.success().randomLow()[0]).add(r.success().randomLow()[1]);
    random.putArray("action_high").add(r.success().randomHigh()[0]).add(r.success().randomHigh()[1]);
    success.set("random", random);
    root.set("oracle_agreement", agreement(r.agreement()));
    root.set("own_states_agreement", agreement(r.success().ownStates()));
    root.set("vqa", vqa(r.vqa()));
    root.set("verdict", verdict(r));
    ArrayNode robot = root.putArray("robot_transcripts");
    for (RobotTranscripts.Transcript t : r.success().transcripts()) {
      ObjectNode o = robot.addObject();
      o.put("family", t.family()).put("seed", t.seed()).put("instruction", t.instruction()).put("success", t.success())
          .put("steps", t.steps());
      ArrayNode lines = o.putArray("reasoning");
      t.lines().forEach(l -> lines.addObject().put("step", l.step()).put("text", l.reasoning()));
    }
    ObjectNode time = root.putObject("seconds");
    time.put("rollouts", r.rolloutSeconds()).put("vqa", r.vqaSeconds());
    return root;
  }

  private static ObjectNode settings(EvalSettings s) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode fams = o.putArray("families");
    s.rollouts().families().forEach(f -> fams.add(f.id()));
    o.put("episodes_per_family", s.rollouts().episodesPerFamily()).put("max_steps", s.rollouts().maxSteps())
        .put("block_set", s.rollouts().blockSet().name()).put("seed", s.rollouts().seed())
        .put("vqa_scene_seed", s.vqaSeed()).put("vqa_scenes", s.vqaScenes())
        .put("questions_per_scene", s.questionsPerScene())
        .put("image_size", s.imageSize().height() + "x" + s.imageSize().width())
        .put("actions_per_query", s.actionsPerQuery()).put("reasoning_tokens", s.reasoningTokens())
        .put("answer_tokens", s.answerTokens());
    return o;
  }

  private static ObjectNode success(EvalReport report) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode fams = o.putObject("families");
    for (EvalReport.FamilyResult f : report.families()) {
      ObjectNode fo = fams.putObject(f.family().id());
      fo.put("successes", f.successes()).put("episodes", f.episodes()).put("rate", f.rate());
      if (Double.isNaN(f.meanSteps())) {
        fo.putNull("mean_steps_to_success");
      } else {
        fo.put("mean_steps_to_success", f.meanSteps());
      }
    }
    o.put("mean", report.meanRate());
    o.set("interval_95", interval(WilsonInterval.of(EvalResult.successes(report), EvalResult.episodes(report))));
    return o;
  }

  private static ArrayNode interval(WilsonInterval w) {
    return JSON.createArrayNode().add(w.low()).add(w.high());
  }

  /** Whether the model beats its baselines, axis by axis, with the paired tests that decide it. */
  private static ObjectNode verdict(EvalResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("alpha", PairedSignTest.ALPHA).put("test", "exact one-sided sign test over the paired items where exactly one side is "
        + "right (McNemar); beats = p < alpha against every baseline of the axis");
    ObjectNode success = axis(r.successTests(), r.beatsSuccessBaselines());
    ObjectNode perFamily = success.putObject("random_per_family");
    r.success().vsRandomPerFamily().forEach((f, t) -> perFamily.set(f.id(), test(t)));
    o.set("success", success);
    o.set("vqa", axis(r.vqaTests(), r.beatsVqaBaselines()));
    return o;
  }

  private static ObjectNode test(PairedSignTest t) {
    return JSON.createObjectNode().put("baseline", t.baseline()).put("items", t.items()).put("model_only", t.modelOnly())
        .put("baseline_only", t.baselineOnly()).put("p_value", t.pValue()).put("significant", t.significant());
  }

  private static ObjectNode axis(List<PairedSignTest> tests, boolean beats) {
    ObjectNode o = JSON.createObjectNode();
    o.put("beats_every_baseline", beats);
    ArrayNode vs = o.putArray("against");
    tests.forEach(t -> vs.add(test(t)));
    return o;
  }

  private static ObjectNode vqa(VqaEval.Result v) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode fams = o.putObject("families");
    for (VqaEval.FamilyScore f : v.families()) {
      fams.putObject(f.family().key()).put("correct", f.correct()).put("total", f.total()).put("accuracy", f.accuracy())
          .put("majority_answer", f.majorityAnswer()).put("majority_accuracy", f.majorityAccuracy())
          .put("other_scene_accuracy", f.otherSceneAccuracy());
    }
    o.put("mean", v.meanAccuracy()).put("majority_mean", v.meanMajorityAccuracy()).put("overall", v.overallAccuracy())
        .put("majority_overall", v.overallMajorityAccuracy()).put("other_scene_mean", v.meanOtherSceneAccuracy())
        .put("other_scene_overall", v.overallOtherSceneAccuracy()).put("questions", v.answers().size());
    if (!v.answers().isEmpty()) {
      int n = v.answers().size();
      int majority = v.families().stream().mapToInt(VqaEval.FamilyScore::majorityCorrect).sum();
      int other = (int) v.answers().stream().filter(VqaEval.Answer::otherSceneCorrect).count();
      o.set("overall_interval_95", interval(WilsonInterval.of(v.correct(), n)));
      o.set("majority_overall_interval_95", interval(WilsonInterval.of(majority, n)));
      o.set("other_scene_overall_interval_95", interval(WilsonInterval.of(other, n)));
    }
    ArrayNode chats = o.putArray("transcripts");
    for (VqaEval.ChatTranscript t : v.transcripts()) {
      ObjectNode c = chats.addObject();
      c.put("scene", t.scene()).put("seed", t.seed()).put("image", ReportFiles.transcriptImage(t.scene()));
      ArrayNode turns = c.putArray("turns");
      turns.addObject().put("user", VqaEval.CAPTION_PROMPT).put("assistant", t.caption());
      for (VqaEval.Answer a : t.answers()) {
        turns.addObject().put("user", a.question()).put("assistant", a.predicted()).put("gold", a.gold()).put("correct", a.correct())
            .put("family", a.family().key()).put("assistant_other_scene", a.otherScenePredicted());
      }
    }
    return o;
  }
}
