package org.chatvla4j.world.eval;

import java.util.List;
import java.util.Locale;
import org.chatvla4j.world.TaskFamily;

/** Success per family and the mean over families, as {@code eval/main.py} reports them. */
public record EvalReport(EvalConfig config, List<FamilyResult> families) {
  /** One family's outcome; {@code meanSteps} averages the steps of the successful episodes (NaN if none). */
  public record FamilyResult(TaskFamily family, int successes, int episodes, double meanSteps) {
    public double rate() {
      return (double) successes / episodes;
    }
  }

  public EvalReport {
    families = List.copyOf(families);
  }

  /** Mean of the per-family success rates. */
  public double meanRate() {
    return families.stream().mapToDouble(FamilyResult::rate).average().orElse(Double.NaN);
  }

  public FamilyResult result(TaskFamily family) {
    return families.stream()
        .filter(r -> r.family() == family)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(family + " was not evaluated"));
  }

  /** A plain-text table: family, successes/episodes, rate, mean steps to success; then the mean. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-28s %9s %8s %11s%n", "family", "success", "rate", "mean steps"));
    for (FamilyResult r : families) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-28s %9s %7.1f%% %11.1f%n",
              r.family().id(),
              r.successes() + "/" + r.episodes(),
              100 * r.rate(),
              r.meanSteps()));
    }
    sb.append(String.format(Locale.ROOT, "%-28s %9s %7.1f%%%n", "mean", "", 100 * meanRate()));
    return sb.toString();
  }
}
