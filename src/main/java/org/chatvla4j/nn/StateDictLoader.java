package org.chatvla4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Shapes;

/**
 * Strict loading of named tensors into a {@link Module}: every problem (missing, unexpected, shape mismatch) is found
 * from the source's headers before any value is copied, and reported in one {@link LoadReport.LoadException}, so a
 * failed load leaves the module untouched. Values are cast to each parameter's dtype on the way in. Tied parameters
 * ({@link Module#tiedParameters()}) may be present in the source or not; when present they are ignored.
 */
public final class StateDictLoader {
  private StateDictLoader() {}

  /** Validates then copies; throws {@link LoadReport.LoadException} listing every problem. */
  public static LoadReport load(Module module, WeightSource source, KeyMapping mapping) {
    Map<String, Parameter> params = module.parameters();
    Map<String, String> tied = module.tiedParameters();
    Map<String, String> ourToSource = new HashMap<>();
    List<String> unexpected = new ArrayList<>();
    for (String key : source.names()) {
      String ours = mapping.map(key);
      if (params.containsKey(ours)) {
        String previous = ourToSource.put(ours, key);
        if (previous != null) {
          unexpected.add(key + " (maps to " + ours + ", already provided by " + previous + ")");
        }
      } else if (!tied.containsKey(ours)) {
        unexpected.add(key.equals(ours) ? key : key + " (mapped to " + ours + ")");
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    for (Parameter p : params.values()) {
      String key = ourToSource.get(p.name());
      if (key == null) {
        missing.add(p.name() + " " + Arrays.toString(p.shape()));
        continue;
      }
      long[] stored = source.shape(key);
      if (!Arrays.equals(stored, p.shape())) {
        mismatches.add(p.name() + ": checkpoint " + Arrays.toString(stored) + ", model " + Arrays.toString(p.shape()));
      }
    }
    LoadReport report = new LoadReport(source.description(), missing, unexpected, mismatches);
    if (!report.isClean()) {
      throw new LoadReport.LoadException(report);
    }
    for (Parameter p : params.values()) {
      try (Scope s = Scope.open()) {
        Tensor value = source.read(ourToSource.get(p.name()));
        Shapes.check(p.name(), value, "checkpoint", p.shape()); // a source whose data disagrees with its header
        p.tensor().detach().copy_(value);
      }
    }
    return report;
  }
}
