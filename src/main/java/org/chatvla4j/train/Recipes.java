package org.chatvla4j.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in recipes (resources {@code org/chatvla4j/train/recipes/NAME.json}) and recipe lookup by name or file.
 * The tabletop recipes share one data directory made by {@code ./chatvla world generate}: {@code episodes/},
 * {@code captions.json}, {@code vqa.json}.
 */
public final class Recipes {
  /** The built-in recipes, in {@code --list-recipes} order. */
  public static final List<String> BUILT_IN = List.of("tabletop-chatvla", "tabletop-robot-only", "tabletop-robot-reasoning",
      "tabletop-cotrain-dense", "tabletop-phased-dense", "chatvla-2b");

  private Recipes() {}

  /** The built-in recipe {@code name}; the error lists the known names. */
  public static Recipe builtIn(String name) {
    if (!BUILT_IN.contains(name)) {
      throw new RecipeException("unknown recipe '" + name + "'; built-in recipes: " + String.join(", ", BUILT_IN)
          + " (or give a recipe file path)");
    }
    String resource = "recipes/" + name + ".json";
    try (InputStream in = Recipes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in recipe resource " + resource + " is missing from the jar");
      }
      return RecipeJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in recipe " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A built-in recipe by name, else a recipe file at that path. */
  public static Recipe resolve(String nameOrFile) {
    if (BUILT_IN.contains(nameOrFile)) {
      return builtIn(nameOrFile);
    }
    Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new RecipeException("'" + nameOrFile + "' is neither a built-in recipe (" + String.join(", ", BUILT_IN)
          + ") nor a recipe file");
    }
    try {
      return RecipeJson.parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read recipe " + file + ": " + e.getMessage(), e);
    }
  }

  /** One line per built-in recipe: name, stages and steps, description. */
  public static List<String> listing() {
    return BUILT_IN.stream().map(n -> {
      Recipe r = builtIn(n);
      return String.format("%-26s %d stage%s, %6d steps  %s", n, r.stages().size(), r.stages().size() == 1 ? " " : "s",
          r.totalSteps(), r.description());
    }).toList();
  }
}
