package org.chatvla4j.nn;

import java.util.List;

/**
 * Everything wrong with loading a state dict into a module, reported at once: parameters the source lacks, source
 * tensors the module has no place for, and tensors whose shapes differ.
 */
public record LoadReport(String source, List<String> missing, List<String> unexpected, List<String> shapeMismatches) {
  public LoadReport {
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    shapeMismatches = List.copyOf(shapeMismatches);
  }

  public boolean isClean() {
    return missing.isEmpty() && unexpected.isEmpty() && shapeMismatches.isEmpty();
  }

  /** A message listing every problem, one per line, with counts first. */
  public String describe() {
    StringBuilder sb = new StringBuilder("cannot load " + source + ": " + missing.size() + " missing, " + unexpected.size()
        + " unexpected, " + shapeMismatches.size() + " shape mismatches");
    missing.forEach(n -> sb.append("\n  missing:    ").append(n));
    unexpected.forEach(n -> sb.append("\n  unexpected: ").append(n));
    shapeMismatches.forEach(n -> sb.append("\n  shape:      ").append(n));
    if (!missing.isEmpty() && !unexpected.isEmpty()) {
      sb.append("\n(names differ: is the checkpoint from another model, or does it need a KeyMapping rule?)");
    }
    return sb.toString();
  }

  /** Thrown by a strict load; carries the full report. */
  public static final class LoadException extends IllegalStateException {
    private final transient LoadReport report;

    public LoadException(LoadReport report) {
      super(report.describe());
      this.report = report;
    }

    public LoadReport report() {
      return report;
    }
  }
}
