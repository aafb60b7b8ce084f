package org.chatvla4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Reads and writes Hugging Face {@code config.json} for Qwen2-VL ({@code model_type: qwen2_vl}) and ChatVLA
 * ({@code qwen2_vla}: {@code using_moe}, {@code policy_head_type: scale_dp_policy}, {@code policy_head_config}).
 * Keys we do not use are ignored and logged once per file; missing required keys and bad values fail with the
 * file, the key and the fix.
 */
public final class ConfigJson {
  private static final Logger LOG = Logger.getLogger(ConfigJson.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Top-level keys we know (read or deliberately ignore without a log line). */
  private static final Set<String> KNOWN = Set.of(
      "architectures", "model_type", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
      "num_key_value_heads", "rms_norm_eps", "rope_theta", "rope_scaling", "vocab_size", "max_position_embeddings",
      "tie_word_embeddings", "torch_dtype", "vision_config", "bos_token_id", "eos_token_id", "pad_token_id",
      "vision_start_token_id", "vision_end_token_id", "image_token_id", "im_start_token_id", "using_moe",
      "policy_head_type", "policy_head_config", "hidden_act", "transformers_version", "use_cache", "attention_dropout",
      "initializer_range", "max_window_layers", "sliding_window", "use_sliding_window", "vision_token_id", "video_token_id");

  private ConfigJson() {}

  public static ChatVlaConfig read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": expected a JSON object at the top level");
    }
    try {
      return parse(root, file.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public static ChatVlaConfig parse(JsonNode root, String source) {
    // Newer transformers nest the decoder keys under text_config; accept both layouts.
    JsonNode t = root.has("text_config") ? root.get("text_config") : root;
    logUnknown(root, source);
    JsonNode rope = t.has("rope_scaling") && !t.get("rope_scaling").isNull() ? t.get("rope_scaling") : root.path("rope_scaling");
    int[] section = rope.has("mrope_section") ? ints(rope.get("mrope_section")) : new int[] {16, 24, 24};
    TextConfig text = new TextConfig(
        req(t, "hidden_size").asInt(), req(t, "intermediate_size").asInt(), req(t, "num_hidden_layers").asInt(),
        req(t, "num_attention_heads").asInt(), t.path("num_key_value_heads").asInt(req(t, "num_attention_heads").asInt()),
        t.path("rms_norm_eps").asDouble(1e-6), t.path("rope_theta").asDouble(1_000_000.0), section,
        req(t, "vocab_size").asInt(), t.path("max_position_embeddings").asInt(32768),
        root.path("tie_word_embeddings").asBoolean(t.path("tie_word_embeddings").asBoolean(true)));
    JsonNode v = req(root, "vision_config");
    VisionConfig vision = new VisionConfig(
        req(v, "depth", "vision_config").asInt(), req(v, "embed_dim", "vision_config").asInt(),
        req(v, "num_heads", "vision_config").asInt(), v.path("mlp_ratio").asDouble(4), v.path("in_chans").asInt(3),
        v.path("hidden_size").asInt(text.hiddenSize()), v.path("patch_size").asInt(v.path("spatial_patch_size").asInt(14)),
        v.path("spatial_merge_size").asInt(2), v.path("temporal_patch_size").asInt(2));
    SpecialTokens qwen = SpecialTokens.qwen2Vl();
    SpecialTokens tokens = new SpecialTokens(
        root.path("bos_token_id").asInt(qwen.bos()), root.path("eos_token_id").asInt(qwen.eos()),
        root.path("pad_token_id").asInt(root.path("bos_token_id").asInt(qwen.pad())),
        root.path("im_start_token_id").asInt(qwen.imStart()), root.path("vision_start_token_id").asInt(qwen.visionStart()),
        root.path("vision_end_token_id").asInt(qwen.visionEnd()), root.path("image_token_id").asInt(qwen.imagePad()));
    MoeConfig moe = root.path("using_moe").asBoolean(false) ? MoeConfig.staticTwoExperts() : MoeConfig.dense();
    Optional<ScaleDpConfig> head = Optional.empty();
    SchedulerConfig scheduler = SchedulerConfig.chatVla();
    if (root.has("policy_head_config") && !root.get("policy_head_config").isNull()) {
      String type = root.path("policy_head_type").asText("scale_dp_policy");
      if (!type.equals("scale_dp_policy")) {
        throw new IllegalArgumentException("policy_head_type '" + type + "' is not supported; use scale_dp_policy");
      }
      JsonNode h = root.get("policy_head_config");
      String ctx = "policy_head_config";
      head = Optional.of(new ScaleDpConfig(
          req(h, "depth", ctx).asInt(), req(h, "n_emb", ctx).asInt(), req(h, "num_heads", ctx).asInt(),
          h.path("mlp_ratio").asDouble(4), req(h, "prediction_horizon", ctx).asInt(), req(h, "action_dim", ctx).asInt(),
          req(h, "state_dim", ctx).asInt(), h.path("cond_dim").asInt(text.hiddenSize())));
      scheduler = new SchedulerConfig(
          h.path("num_train_timesteps").asInt(100), h.path("num_inference_timesteps").asInt(10),
          h.path("beta_schedule").asText("squaredcos_cap_v2"), h.path("clip_sample").asBoolean(true),
          h.path("clip_sample_range").asDouble(1.0), h.path("set_alpha_to_one").asBoolean(true),
          h.path("prediction_type").asText("epsilon"));
    }
    return new ChatVlaConfig(text, vision, moe, head, scheduler, tokens, root.path("torch_dtype").asText("bfloat16"));
  }

  /** The HF-layout JSON tree of {@code c}. */
  public static ObjectNode toJson(ChatVlaConfig c) {
    ObjectNode root = JSON.createObjectNode();
    boolean vla = c.moe().usingMoe() || c.actionHead().isPresent();
    root.putArray("architectures").add(vla ? "Qwen2VLForConditionalGenerationForVLA" : "Qwen2VLForConditionalGeneration");
    root.put("model_type", vla ? "qwen2_vla" : "qwen2_vl");
    TextConfig t = c.text();
    root.put("hidden_size", t.hiddenSize());
    root.put("intermediate_size", t.intermediateSize());
    root.put("num_hidden_layers", t.numHiddenLayers());
    root.put("num_attention_heads", t.numAttentionHeads());
    root.put("num_key_value_heads", t.numKeyValueHeads());
    root.put("rms_norm_eps", t.rmsNormEps());
    root.put("rope_theta", t.ropeTheta());
    ObjectNode rope = root.putObject("rope_scaling");
    rope.put("type", "mrope");
    ArrayNode sec = rope.putArray("mrope_section");
    for (int s : t.mropeSection()) {
      sec.add(s);
    }
    root.put("vocab_size", t.vocabSize());
    root.put("max_position_embeddings", t.maxPositionEmbeddings());
    root.put("tie_word_embeddings", t.tieWordEmbeddings());
    root.put("hidden_act", "silu");
    root.put("torch_dtype", c.torchDtype());
    SpecialTokens k = c.tokens();
    root.put("bos_token_id", k.bos());
    root.put("eos_token_id", k.eos());
    root.put("pad_token_id", k.pad());
    root.put("im_start_token_id", k.imStart());
    root.put("vision_start_token_id", k.visionStart());
    root.put("vision_end_token_id", k.visionEnd());
    root.put("image_token_id", k.imagePad());
    VisionConfig v = c.vision();
    ObjectNode vc = root.putObject("vision_config");
    vc.put("depth", v.depth());
    vc.put("embed_dim", v.embedDim());
    vc.put("num_heads", v.numHeads());
    vc.put("mlp_ratio", v.mlpRatio());
    vc.put("in_chans", v.inChannels());
    vc.put("hidden_size", v.outHiddenSize());
    vc.put("patch_size", v.patchSize());
    vc.put("spatial_patch_size", v.patchSize());
    vc.put("spatial_merge_size", v.spatialMergeSize());
    vc.put("temporal_patch_size", v.temporalPatchSize());
    root.put("using_moe", c.moe().usingMoe());
    c.actionHead().ifPresent(h -> {
      root.put("policy_head_type", "scale_dp_policy");
      ObjectNode hc = root.putObject("policy_head_config");
      hc.put("depth", h.depth());
      hc.put("n_emb", h.nEmb());
      hc.put("num_heads", h.numHeads());
      hc.put("mlp_ratio", h.mlpRatio());
      hc.put("prediction_horizon", h.predictionHorizon());
      hc.put("action_dim", h.actionDim());
      hc.put("state_dim", h.stateDim());
      hc.put("cond_dim", h.condDim());
      SchedulerConfig s = c.scheduler();
      hc.put("num_train_timesteps", s.numTrainTimesteps());
      hc.put("num_inference_timesteps", s.numInferenceTimesteps());
      hc.put("beta_schedule", s.betaSchedule());
      hc.put("clip_sample", s.clipSample());
      hc.put("clip_sample_range", s.clipSampleRange());
      hc.put("set_alpha_to_one", s.setAlphaToOne());
      hc.put("prediction_type", s.predictionType());
    });
    return root;
  }

  /** Writes {@code config.json} atomically (temp file + rename in the same directory). */
  public static void write(ChatVlaConfig c, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".config", ".json.tmp");
    try {
      JSON.writeValue(tmp.toFile(), toJson(c));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static JsonNode req(JsonNode n, String key) {
    return req(n, key, null);
  }

  private static JsonNode req(JsonNode n, String key, String parent) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(
          "missing required key '" + (parent == null ? "" : parent + ".") + key + "'; is this a Qwen2-VL / ChatVLA config.json?");
    }
    if (!v.isNumber() && !v.isObject()) {
      throw new IllegalArgumentException("key '" + (parent == null ? "" : parent + ".") + key + "' must be a number, got " + v);
    }
    return v;
  }

  private static int[] ints(JsonNode arr) {
    if (!arr.isArray()) {
      throw new IllegalArgumentException("rope_scaling.mrope_section must be an array, got " + arr);
    }
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  private static void logUnknown(JsonNode root, String source) {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KNOWN.contains(k) && !k.endsWith("_token_id") && !k.equals("text_config")) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      LOG.info(source + ": ignoring config keys " + unknown);
    }
  }
}
