package org.chatvla4j.data;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a dataset came from, as its creator knows it: the tool version, the named seeds that reproduce it, and how many
 * episodes and questions each family contributed.
 *
 * @param toolVersion version of the program that wrote the dataset, e.g. {@code "chatvla4j 0.1.0"}
 * @param seeds named seeds, e.g. {@code episodes -> 7}
 * @param episodeFamilies task family to number of episodes; empty, or summing to the episode count
 * @param questionFamilies question family to number of VQA samples; empty, or summing to the sample count
 */
public record DatasetProvenance(
    String toolVersion, Map<String, Long> seeds, Map<String, Integer> episodeFamilies, Map<String, Integer> questionFamilies) {
  public DatasetProvenance {
    if (toolVersion == null || toolVersion.isBlank()) {
      throw new IllegalArgumentException("toolVersion must name the program that wrote the dataset, got '" + toolVersion + "'");
    }
    seeds = sorted("seeds", seeds);
    episodeFamilies = counts("episodeFamilies", episodeFamilies);
    questionFamilies = counts("questionFamilies", questionFamilies);
  }

  private static <V> Map<String, V> sorted(String field, Map<String, V> map) {
    TreeMap<String, V> out = new TreeMap<>();
    for (Map.Entry<String, V> e : map.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException(field + " has an entry with an empty name or null value: " + e);
      }
      out.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Integer> counts(String field, Map<String, Integer> map) {
    Map<String, Integer> out = sorted(field, map);
    out.forEach(
        (k, v) -> {
          if (v < 0) {
            throw new IllegalArgumentException(field + "." + k + " is " + v + "; counts cannot be negative");
          }
        });
    return out;
  }
}
