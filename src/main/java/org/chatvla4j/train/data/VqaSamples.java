package org.chatvla4j.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chatvla4j.data.VqaFormatException;
import org.chatvla4j.data.VqaJson;
import org.chatvla4j.data.VqaSample;
import org.chatvla4j.data.VqaTurn;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.Qwen2VlImageProcessor;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.text.LabeledSequence;
import org.chatvla4j.text.PromptBuilder;

/**
 * LLaVA-json samples as training samples for the understanding expert: the images (decoded from disk per sample, never
 * augmented) before the first human turn, the multi-turn conversation with only the assistant turns supervised
 * ({@link PromptBuilder#vqaSample}); text-only samples have no images. Image paths resolve against the json file's
 * {@code images/} sibling directory, else against the file's own directory; every image is checked to exist when the
 * samples load, so a missing one stops a run before training.
 */
public final class VqaSamples {
  /** One sample with its images' resolved paths. */
  record Entry(Path json, int index, VqaSample sample, List<Path> images) {}

  private final List<Entry> entries;
  private final PromptBuilder prompts;
  private final Qwen2VlImageProcessor processor;
  private final ImageSizing sizing;

  private VqaSamples(List<Entry> entries, PromptBuilder prompts, Qwen2VlImageProcessor processor, ImageSizing sizing) {
    this.entries = List.copyOf(entries);
    this.prompts = prompts;
    this.processor = processor;
    this.sizing = sizing;
  }

  /** Reads every sample of {@code files} in order and resolves its images. */
  public static VqaSamples load(List<Path> files, PromptBuilder prompts, Qwen2VlImageProcessor processor, ImageSizing sizing) {
    List<Entry> entries = new ArrayList<>();
    for (Path file : files) {
      List<VqaSample> samples = VqaJson.read(file);
      Path dir = file.toAbsolutePath().getParent();
      for (int i = 0; i < samples.size(); i++) {
        VqaSample s = samples.get(i);
        List<Path> images = new ArrayList<>(s.images().size());
        for (int k = 0; k < s.images().size(); k++) {
          images.add(resolve(file, dir, i, k, s));
        }
        entries.add(new Entry(file, i, s, images));
      }
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("the VQA files " + files + " hold no samples");
    }
    return new VqaSamples(entries, prompts, processor, sizing);
  }

  private static Path resolve(Path file, Path dir, int index, int k, VqaSample s) {
    String name = s.images().get(k);
    Path inImages = dir.resolve("images").resolve(name);
    if (Files.isRegularFile(inImages)) {
      return inImages;
    }
    Path beside = dir.resolve(name);
    if (Files.isRegularFile(beside)) {
      return beside;
    }
    throw new VqaFormatException(file, index, "image" + (s.images().size() > 1 ? "[" + k + "]" : ""),
        "'" + name + "' not found as " + inImages + " or " + beside + " (id " + s.id() + ")", null);
  }

  public int size() {
    return entries.size();
  }

  /** Sample {@code index} (in file order, over all files). */
  public TrainingSample sample(int index) {
    Entry e = entries.get(index);
    List<RgbImage> images = new ArrayList<>(e.images().size());
    for (Path p : e.images()) {
      images.add(sizing.preResized(decode(e, p)));
    }
    ProcessedImages px = images.isEmpty() ? noImages() : processor.preprocess(images);
    List<String> turns = e.sample().conversations().stream().map(VqaTurn::value).toList();
    LabeledSequence seq = prompts.vqaSample(ChatVla.grids(px), turns);
    return new TrainingSample(seq, px, Task.UNDERSTANDING, Optional.empty());
  }

  private ProcessedImages noImages() {
    int patchElements = 3 * processor.temporalPatchSize() * processor.patchSize() * processor.patchSize();
    return new ProcessedImages(new float[0], patchElements, new long[0][], processor.mergeSize());
  }

  private static RgbImage decode(Entry e, Path p) {
    try {
      return RgbImage.decode(Files.readAllBytes(p));
    } catch (IOException ex) {
      throw new UncheckedIOException(e.json() + ": sample " + e.index() + ": cannot read image " + p + ": " + ex.getMessage(), ex);
    } catch (IllegalArgumentException ex) {
      throw new VqaFormatException(e.json(), e.index(), "image", p + ": " + ex.getMessage(), ex);
    }
  }
}
