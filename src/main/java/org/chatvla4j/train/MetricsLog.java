package org.chatvla4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatvla4j.io.AtomicFiles;

/**
 * {@code metrics.jsonl}: one JSON object per line, {@code "kind": "train"} for every step (stage, step, losses, lr,
 * grad norm, samples/s) and {@code "kind": "eval"} for every evaluation. Lines are flushed as they are written; every
 * checkpoint carries a copy, and resuming restores that copy so the file never holds steps the resumed run redoes.
 */
public final class MetricsLog implements AutoCloseable {
  public static final String FILE = "metrics.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final List<StepMetrics> steps = new ArrayList<>();
  private final List<EvalRecord> evals = new ArrayList<>();
  private final BufferedWriter out;

  /** One evaluation's metrics. */
  public record EvalRecord(int stage, String stageName, int step, long globalStep, Map<String, Double> metrics) {}

  private MetricsLog(Path file, List<String> existingLines) throws IOException {
    this.file = file;
    for (String line : existingLines) {
      parse(line, file);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, String.join("", existingLines.stream().map(l -> l + "\n").toList()).getBytes(StandardCharsets.UTF_8));
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** A new, empty log at {@code file} (replacing any). */
  public static MetricsLog create(Path file) throws IOException {
    return new MetricsLog(file, List.of());
  }

  /** The log as {@code saved} (a checkpoint's copy) had it, written to {@code file}; appends continue from there. */
  public static MetricsLog restore(Path file, Path saved) throws IOException {
    if (!Files.isRegularFile(saved)) {
      throw new IOException(saved + " is missing: the checkpoint has no metrics");
    }
    List<String> lines = Files.readAllLines(saved, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    return new MetricsLog(file, lines);
  }

  public void record(StepMetrics m) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", "train");
    o.put("stage", m.stage());
    o.put("stage_name", m.stageName());
    o.put("step", m.step());
    o.put("global_step", m.globalStep());
    o.put("loss", m.loss());
    o.put("token_loss", m.tokenLoss());
    o.put("action_loss", m.actionLoss());
    o.put("readout_loss", m.readoutLoss());
    o.put("lr", m.lr());
    o.put("grad_norm", m.gradNorm());
    o.put("samples_per_s", m.samplesPerSecond());
    o.put("robot_samples", m.robotSamples());
    o.put("supervised_tokens", m.supervisedTokens());
    steps.add(m);
    append(o);
  }

  public void recordEval(EvalRecord e) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", "eval");
    o.put("stage", e.stage());
    o.put("stage_name", e.stageName());
    o.put("step", e.step());
    o.put("global_step", e.globalStep());
    ObjectNode m = o.putObject("metrics");
    e.metrics().forEach(m::put);
    evals.add(e);
    append(o);
  }

  private void append(ObjectNode o) throws IOException {
    out.write(JSON.writeValueAsString(o));
    out.write('\n');
    out.flush();
  }

  private void parse(String line, Path source) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(source + ": a line is not JSON: " + e.getOriginalMessage());
    }
    String kind = n.path("kind").asText();
    if (kind.equals("train")) {
      steps.add(new StepMetrics(n.get("stage").asInt(), n.get("stage_name").asText(), n.get("step").asInt(),
          n.get("global_step").asLong(), n.get("loss").asDouble(), n.get("token_loss").asDouble(), n.get("action_loss").asDouble(),
          n.path("readout_loss").asDouble(0), // logs written before the readout term have none
          n.get("lr").asDouble(), n.get("grad_norm").asDouble(), n.get("samples_per_s").asDouble(), n.get("robot_samples").asInt(),
          n.get("supervised_tokens").asLong()));
    } else if (kind.equals("eval")) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("metrics").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), e.getValue().asDouble());
      }
      evals.add(new EvalRecord(n.get("stage").asInt(), n.get("stage_name").asText(), n.get("step").asInt(),
          n.get("global_step").asLong(), m));
    } else {
      throw new IOException(source + ": a line has kind '" + kind + "', expected train or eval");
    }
  }

  /** Copies the log as written so far (for a checkpoint). */
  public void copyTo(Path target) throws IOException {
    out.flush();
    Files.copy(file, target);
  }

  public List<StepMetrics> steps() {
    return Collections.unmodifiableList(steps);
  }

  public List<EvalRecord> evals() {
    return Collections.unmodifiableList(evals);
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
