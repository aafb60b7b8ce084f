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
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.Qwen2VlImageProcessor;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.text.LabeledSequence;
import org.chatvla4j.text.PromptBuilder;

/**
 * LLaVA-json samples as training samples for the understanding expert: the images (never augmented) before the first
 * human turn, the multi-turn conversation with only the assistant turns supervised ({@link PromptBuilder#vqaSample});
 * text-only samples have no images. Image paths resolve against the json file's {@code images/} sibling directory,
 * else against the file's own directory; every image is checked to exist when the samples load, so a missing one
 * stops a run before training.
 *
 * <p>Each image file is decoded and resized for the processor once and kept in a {@link SampleCache} (many questions
 * share a scene), as is each sample's tokenised conversation; a sample then costs the processor's cheap
 * normalise-and-patchify of the cached bytes.
 */
public final class VqaSamples {
  /** One sample with its images' resolved paths. */
  record Entry(Path json, int index, VqaSample sample, List<Path> images) {}

  /** The settings a cached image depends on. */
  private record ImageVariant(ImageSizing sizing, Qwen2VlImageProcessor processor) {}

  /** The settings a cached conversation depends on (its images' sizes come from the image settings). */
  private record TextVariant(PromptBuilder prompts, ImageSizing sizing, Qwen2VlImageProcessor processor) {}

  private final List<Entry> entries;
  private final PromptBuilder prompts;
  private final Qwen2VlImageProcessor processor;
  private final ImageSizing sizing;
  private final SampleCache cache;
  private final ImageVariant imageVariant;
  private final TextVariant textVariant;

  private VqaSamples(List<Entry> entries, PromptBuilder prompts, Qwen2VlImageProcessor processor, ImageSizing sizing,
      SampleCache cache) {
    this.entries = List.copyOf(entries);
    this.prompts = prompts;
    this.processor = processor;
    this.sizing = sizing;
    this.cache = cache;
    this.imageVariant = new ImageVariant(sizing, processor);
    this.textVariant = new TextVariant(prompts, sizing, processor);
  }

  /** {@link #load(List, PromptBuilder, Qwen2VlImageProcessor, ImageSizing, SampleCache)} with a cache of its own. */
  public static VqaSamples load(List<Path> files, PromptBuilder prompts, Qwen2VlImageProcessor processor, ImageSizing sizing) {
    return load(files, prompts, processor, sizing, SampleCache.withDefaultBound());
  }

  /**
   * Reads every sample of {@code files} in order and resolves its images.
   *
   * @param cache where decoded images and tokenised conversations are kept; may be shared with other stages
   */
  public static VqaSamples load(List<Path> files, PromptBuilder prompts, Qwen2VlImageProcessor processor, ImageSizing sizing,
      SampleCache cache) {
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
    return new VqaSamples(entries, prompts, processor, sizing, cache);
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
      images.add(image(e, p));
    }
    ProcessedImages px = images.isEmpty() ? noImages() : processor.patches(images);
    SampleCache.Key key = new SampleCache.Key(e.json(), e.index(), textVariant);
    SampleCache.Prepared text = cache.get(key);
    LabeledSequence seq;
    if (text != null) {
      seq = text.sequence().orElseThrow();
    } else {
      List<String> turns = e.sample().conversations().stream().map(VqaTurn::value).toList();
      seq = prompts.vqaSample(ChatVla.grids(px), turns);
      cache.put(key, new SampleCache.Prepared(List.of(), Optional.of(seq)));
    }
    return new TrainingSample(seq, px, Task.UNDERSTANDING, Optional.empty());
  }

  /** Image file {@code p} decoded, sized and resized for the processor: from the cache, else made and cached. */
  private RgbImage image(Entry e, Path p) {
    SampleCache.Key key = new SampleCache.Key(p, -1, imageVariant);
    SampleCache.Prepared hit = cache.get(key);
    if (hit != null) {
      return hit.images().getFirst();
    }
    RgbImage img = processor.resize(sizing.preResized(decode(e, p)));
    cache.put(key, new SampleCache.Prepared(List.of(img), Optional.empty()));
    return img;
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
