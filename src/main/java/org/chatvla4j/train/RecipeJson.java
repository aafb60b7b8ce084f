package org.chatvla4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Recipe files (JSON). Reading is strict: an unknown key, a missing required key, a value of the wrong type or an
 * impossible value fails with the JSON path of the field ({@code stages[1].lr_schedule.warmup_ratio}) and what it
 * must be. Optional keys and their defaults: {@code frozen []}, {@code expert_init "keep"}, {@code optimizer} the
 * ChatVLA scripts' (β 0.9/0.98, ε 1e-7, decay 0), {@code grad_clip 1.0}, {@code loss_weights} token 1, action 1,
 * readout 0 ({@link LossWeights}), {@code action_noise_draws 1}, {@code eval_every 0},
 * {@code checkpoint_every 0}, {@code seed 0}, {@code description ""}, {@code data.reasoning true},
 * {@code data.augment false}.
 */
public final class RecipeJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RecipeJson() {}

  /** Parses a recipe; {@code source} names the file in error messages. */
  public static Recipe parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RecipeException(source + ": not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
    }
    try {
      return recipe(new Obj(root, "", source));
    } catch (RecipeException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new RecipeException(source + ": " + e.getMessage());
    }
  }

  private static Recipe recipe(Obj o) {
    o.allow("name", "description", "model", "seed", "stages");
    Obj model = o.obj("model");
    model.allow("init", "experts");
    ModelSpec spec = model.build(() -> new ModelSpec(model.string("init"),
        model.has("experts") ? OptionalInt.of(model.integer("experts")) : OptionalInt.empty()));
    List<StageSpec> stages = o.list("stages", RecipeJson::stage);
    return o.build(() -> new Recipe(o.string("name"), o.has("description") ? o.string("description") : "", spec,
        o.has("seed") ? o.longValue("seed") : 0, stages));
  }

  private static StageSpec stage(Obj o) {
    o.allow("name", "data", "frozen", "expert_init", "steps", "batch_size", "lr_schedule", "optimizer", "grad_clip",
        "loss_weights", "eval_every", "checkpoint_every", "action_noise_draws");
    Obj d = o.obj("data");
    d.allow("episodes", "vqa", "robot_parts", "vqa_parts", "reasoning", "augment");
    StageData data = d.build(() -> new StageData(d.has("episodes") ? d.strings("episodes") : List.of(),
        d.has("vqa") ? d.strings("vqa") : List.of(), d.integer("robot_parts"), d.integer("vqa_parts"),
        !d.has("reasoning") || d.bool("reasoning"), d.has("augment") && d.bool("augment")));
    LrSchedule schedule = schedule(o.obj("lr_schedule"));
    AdamWSpec adam = AdamWSpec.chatVla();
    if (o.has("optimizer")) {
      Obj a = o.obj("optimizer");
      a.allow("beta1", "beta2", "eps", "weight_decay");
      adam = a.build(() -> new AdamWSpec(a.number("beta1"), a.number("beta2"), a.number("eps"), a.number("weight_decay")));
    }
    LossWeights weights = LossWeights.equal();
    if (o.has("loss_weights")) {
      Obj w = o.obj("loss_weights");
      w.allow("token", "action", "readout");
      weights = w.build(() -> new LossWeights(w.number("token"), w.number("action"), w.has("readout") ? w.number("readout") : 0));
    }
    AdamWSpec finalAdam = adam;
    LossWeights finalWeights = weights;
    ExpertInit init = o.has("expert_init") ? o.build(() -> ExpertInit.fromKey(o.string("expert_init"))) : ExpertInit.KEEP;
    return o.build(() -> new StageSpec(o.string("name"), data, o.has("frozen") ? o.strings("frozen") : List.of(), init,
        o.integer("steps"), o.integer("batch_size"), schedule, finalAdam, o.has("grad_clip") ? o.number("grad_clip") : 1.0,
        finalWeights, o.has("eval_every") ? o.integer("eval_every") : 0, o.has("checkpoint_every") ? o.integer("checkpoint_every") : 0,
        o.has("action_noise_draws") ? o.integer("action_noise_draws") : 1));
  }

  private static LrSchedule schedule(Obj s) {
    String type = s.string("type");
    return switch (type) {
      case "constant" -> {
        s.allow("type", "lr");
        yield s.build(() -> new LrSchedule.Constant(s.number("lr")));
      }
      case "warmup-cosine" -> {
        s.allow("type", "peak_lr", "warmup_ratio", "min_lr");
        yield s.build(() -> new LrSchedule.WarmupCosine(s.number("peak_lr"), s.has("warmup_ratio") ? s.number("warmup_ratio") : 0,
            s.has("min_lr") ? s.number("min_lr") : 0));
      }
      default -> throw s.error("type", "must be \"constant\" or \"warmup-cosine\", got \"" + type + "\"");
    };
  }

  /** The recipe as a file {@link #parse} reads back to an equal recipe. */
  public static String write(Recipe r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", r.name());
    root.put("description", r.description());
    ObjectNode model = root.putObject("model");
    model.put("init", r.model().init());
    r.model().experts().ifPresent(e -> model.put("experts", e));
    root.put("seed", r.seed());
    ArrayNode stages = root.putArray("stages");
    for (StageSpec s : r.stages()) {
      ObjectNode o = stages.addObject();
      o.put("name", s.name());
      ObjectNode d = o.putObject("data");
      s.data().episodes().forEach(d.putArray("episodes")::add);
      s.data().vqa().forEach(d.putArray("vqa")::add);
      d.put("robot_parts", s.data().robotParts());
      d.put("vqa_parts", s.data().vqaParts());
      d.put("reasoning", s.data().reasoning());
      d.put("augment", s.data().augment());
      s.frozen().forEach(o.putArray("frozen")::add);
      o.put("expert_init", s.expertInit().key());
      o.put("steps", s.steps());
      o.put("batch_size", s.batchSize());
      ObjectNode lr = o.putObject("lr_schedule");
      switch (s.schedule()) {
        case LrSchedule.Constant c -> {
          lr.put("type", "constant");
          lr.put("lr", c.lr());
        }
        case LrSchedule.WarmupCosine c -> {
          lr.put("type", "warmup-cosine");
          lr.put("peak_lr", c.peakLr());
          lr.put("warmup_ratio", c.warmupRatio());
          lr.put("min_lr", c.minLr());
        }
      }
      ObjectNode a = o.putObject("optimizer");
      a.put("beta1", s.optimizer().beta1());
      a.put("beta2", s.optimizer().beta2());
      a.put("eps", s.optimizer().eps());
      a.put("weight_decay", s.optimizer().weightDecay());
      o.put("grad_clip", s.gradClip());
      ObjectNode w = o.putObject("loss_weights");
      w.put("token", s.lossWeights().token());
      w.put("action", s.lossWeights().action());
      if (s.lossWeights().readout() != 0) {
        w.put("readout", s.lossWeights().readout()); // absent = 0, so runs written before the key still match
      }
      o.put("eval_every", s.evalEvery());
      o.put("checkpoint_every", s.checkpointEvery());
      if (s.actionNoiseDraws() != 1) {
        o.put("action_noise_draws", s.actionNoiseDraws()); // absent = 1, so runs written before the key still match
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON object with its path, whose accessors fail naming the field. */
  private record Obj(JsonNode node, String path, String source) {
    Obj {
      if (!node.isObject()) {
        throw new RecipeException(source + ": " + (path.isEmpty() ? "the recipe" : path) + " must be a JSON object, got " + node.getNodeType());
      }
    }

    String at(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    RecipeException error(String key, String what) {
      return new RecipeException(source + ": " + at(key) + " " + what);
    }

    /** Fails on a key outside {@code keys} (typos must not be silently ignored). */
    void allow(String... keys) {
      Set<String> ok = Set.of(keys);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!ok.contains(k)) {
          throw error(k, "is not a known key; known here: " + String.join(", ", keys));
        }
      }
    }

    boolean has(String key) {
      return node.has(key) && !node.get(key).isNull();
    }

    JsonNode get(String key) {
      if (!has(key)) {
        throw error(key, "is missing");
      }
      return node.get(key);
    }

    Obj obj(String key) {
      return new Obj(get(key), at(key), source);
    }

    String string(String key) {
      JsonNode n = get(key);
      if (!n.isTextual()) {
        throw error(key, "must be a string, got " + n);
      }
      return n.asText();
    }

    double number(String key) {
      JsonNode n = get(key);
      if (!n.isNumber()) {
        throw error(key, "must be a number, got " + n);
      }
      return n.asDouble();
    }

    int integer(String key) {
      JsonNode n = get(key);
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        throw error(key, "must be an integer, got " + n);
      }
      return n.asInt();
    }

    long longValue(String key) {
      JsonNode n = get(key);
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw error(key, "must be an integer, got " + n);
      }
      return n.asLong();
    }

    boolean bool(String key) {
      JsonNode n = get(key);
      if (!n.isBoolean()) {
        throw error(key, "must be true or false, got " + n);
      }
      return n.asBoolean();
    }

    List<String> strings(String key) {
      JsonNode n = get(key);
      if (!n.isArray()) {
        throw error(key, "must be a list of strings, got " + n);
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        if (!n.get(i).isTextual()) {
          throw error(key + "[" + i + "]", "must be a string, got " + n.get(i));
        }
        out.add(n.get(i).asText());
      }
      return out;
    }

    <T> List<T> list(String key, Function<Obj, T> element) {
      JsonNode n = get(key);
      if (!n.isArray()) {
        throw error(key, "must be a list, got " + n.getNodeType());
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        out.add(element.apply(new Obj(n.get(i), at(key) + "[" + i + "]", source)));
      }
      return out;
    }

    /** Runs a record constructor; its validation message gets this object's path. */
    <T> T build(java.util.function.Supplier<T> constructor) {
      try {
        return constructor.get();
      } catch (RecipeException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new RecipeException(source + ": " + (path.isEmpty() ? "" : path + ".") + e.getMessage());
      }
    }
  }
}
