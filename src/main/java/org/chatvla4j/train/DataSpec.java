package org.chatvla4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What one training stage reads and in which proportions.
 *
 * @param episodeDirs directories searched recursively for DexVLA/ACT {@code *.hdf5} episodes (robot samples)
 * @param vqaFiles LLaVA-layout json files (VQA and caption samples); image paths resolve against each file's
 *     {@code images/} sibling directory, else the file's directory
 * @param robotParts robot share of the mix (3 in ChatVLA's stage 2 = robot : VQA 3 : 1)
 * @param vqaParts VQA share of the mix (0 = robot only)
 * @param withReasoning robot targets say the sub-step reasoning before {@code Next Action:}; false = the target is
 *     just {@code Next Action:} (the paper's "no reasoning" ablation)
 * @param augment robot-image augmentation (crop 95 % + resize, rotation ±5°, color jitter); never for VQA images
 */
public record DataSpec(List<Path> episodeDirs, List<Path> vqaFiles, int robotParts, int vqaParts, boolean withReasoning,
    boolean augment) {
  public DataSpec {
    episodeDirs = List.copyOf(episodeDirs);
    vqaFiles = List.copyOf(vqaFiles);
    if (robotParts < 0 || vqaParts < 0 || robotParts + vqaParts == 0) {
      throw new IllegalArgumentException("the mix needs robot_parts, vqa_parts >= 0 and not both 0, got " + robotParts + ":" + vqaParts);
    }
    if (robotParts > 0 && episodeDirs.isEmpty()) {
      throw new IllegalArgumentException("robot_parts is " + robotParts + " but no episode directory is given");
    }
    if (vqaParts > 0 && vqaFiles.isEmpty()) {
      throw new IllegalArgumentException("vqa_parts is " + vqaParts + " but no VQA json file is given");
    }
  }
}
