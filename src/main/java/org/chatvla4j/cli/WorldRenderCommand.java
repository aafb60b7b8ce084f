package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.PngFiles;
import org.chatvla4j.world.render.SceneRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatvla world render}: one reset scene as a PNG, for a quick look. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Reset the world with a seed and save the scene as a PNG (Language-Table camera, or top-down).")
final class WorldRenderCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seed", paramLabel = "S", description = "Reset seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  @Option(
      names = "--family",
      paramLabel = "F",
      description = "Task family, for the instruction printed (default: ${DEFAULT-VALUE}).",
      defaultValue = "block2block")
  String family;

  @Option(
      names = "--blocks",
      paramLabel = "SET",
      description = "Block set: BLOCK_4, BLOCK_8 or N_CHOOSE_K (default: ${DEFAULT-VALUE}).",
      defaultValue = "BLOCK_8")
  String blocks;

  @Option(names = "--size", paramLabel = "HxW", description = "Image size (default: ${DEFAULT-VALUE}).", defaultValue = "180x320")
  String size;

  @Option(names = "--top-down", description = "Render the straight-down view of the whole board instead of the camera.")
  boolean topDown;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "PNG file to write.")
  Path out;

  @Override
  public Integer call() throws IOException {
    ImageSize imageSize = ImageSizes.parse(size, "--size");
    TabletopEnv env = new TabletopEnv(BlockSet.parse(blocks), TaskFamily.parse(family));
    Observation obs = env.reset(seed);
    SceneRenderer renderer = topDown ? SceneRenderer.topDown(imageSize) : SceneRenderer.languageTable(imageSize);
    PngFiles.write(renderer.render(obs.scene()), out);
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%s (%s, seed %d): \"%s\"%n", out, env.blockSet(), seed, obs.instruction());
    o.flush();
    return 0;
  }
}
