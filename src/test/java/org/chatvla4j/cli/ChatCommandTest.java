package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.chatvla4j.config.Presets;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.text.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat} end to end on a saved tiny checkpoint (the answers are junk; the path and the numbers are what is checked). */
class ChatCommandTest {
  @TempDir static Path dir;
  static Path model;
  static Path png;

  @BeforeAll
  static void saveTinyCheckpointAndImage() throws IOException {
    model = dir.resolve("tiny");
    try (Scope s = Scope.open()) {
      ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 21).save(model);
    }
    png = writePng(dir.resolve("scene.png"), 60, 90);
  }

  static Path writePng(Path file, int h, int w) throws IOException {
    ImageIO.write(RgbImage.generate(h, w, (y, x, c) -> (y * 11 + x * 5 + c * 90) % 256).toBufferedImage(), "png", file.toFile());
    return file;
  }

  /** What the library answers for the same checkpoint, image, settings and seed. */
  private static List<String> expected(List<String> questions, GenerationConfig cfg, long seed) throws IOException {
    try (Scope s = Scope.open()) {
      ChatVla vla = ChatVla.load(model, DType.F32);
      RgbImage image = RgbImage.of(ImageIO.read(png.toFile()));
      SplittableRandom rng = new SplittableRandom(seed);
      return questions.stream().map(q -> vla.generateText(q, List.of(image), cfg, rng)).toList();
    }
  }

  @Test
  void answersAQuestionAboutAnImageAsTheLibraryDoes() throws IOException {
    CliRun r = CliRun.of("chat", "--model", model.toString(), "--image", png.toString(), "--max-tokens", "6", "--temperature",
        "0.8", "--top-p", "0.9", "--seed", "5", "what", "color", "is", "the", "moon?");
    assertEquals(0, r.exitCode(), r.err());
    List<String> want = expected(List.of("what color is the moon?"), new GenerationConfig(6, 0.8, 0.9, Set.of()), 5);
    assertEquals(want, r.out());
  }

  @Test
  void explicitDeviceCpuAnswersAsTheDefaultAndABadDeviceIsRefused() throws IOException {
    CliRun plain = CliRun.of("chat", "--model", model.toString(), "--image", png.toString(), "--max-tokens", "6", "where?");
    CliRun cpu = CliRun.of("chat", "--model", model.toString(), "--image", png.toString(), "--max-tokens", "6", "--device", "cpu", "where?");
    assertEquals(0, cpu.exitCode(), cpu.err());
    assertEquals(plain.out(), cpu.out());
    CliRun bad = CliRun.of("chat", "--model", model.toString(), "--device", "gpu", "hi");
    assertEquals(2, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("--device must be cpu, cuda or cuda:N (N = 0, 1, ...), got 'gpu'"), bad.err());
    if (!org.chatvla4j.tensor.Device.cudaAvailable()) {
      assertError(CliRun.of("chat", "--model", model.toString(), "--device", "cuda", "hi"), "--device cuda cannot run here: ");
    }
  }

  @Test
  void answersATextOnlyQuestion() throws IOException {
    CliRun r = CliRun.of("chat", "--model", model.toString(), "--max-tokens", "6", "hello");
    assertEquals(0, r.exitCode(), r.err());
    try (Scope s = Scope.open()) {
      String want = ChatVla.load(model, DType.F32).generateText("hello", List.of(), GenerationConfig.greedy(6, Set.of()),
          new SplittableRandom(0));
      assertEquals(List.of(want), r.out());
    }
  }

  @Test
  void withoutAQuestionItAnswersEachLineOfStandardInput() throws IOException {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("is there a blue cube?\nwhere is the red moon?\n\nnot read\n".getBytes(StandardCharsets.UTF_8)));
      CliRun r = CliRun.of("chat", "--model", model.toString(), "--image", png.toString(), "--max-tokens", "5");
      assertEquals(0, r.exitCode(), r.err());
      assertEquals(expected(List.of("is there a blue cube?", "where is the red moon?"), GenerationConfig.greedy(5, Set.of()), 0),
          r.out());
    } finally {
      System.setIn(stdin);
    }
  }

  private static void assertError(CliRun r, String message) {
    assertEquals(1, r.exitCode(), r.out().toString());
    assertTrue(r.err().startsWith("error: " + message), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void aModelDirectoryThatIsNotACheckpointIsNamed() throws IOException {
    Path missing = dir.resolve("nowhere");
    assertError(CliRun.of("chat", "--model", missing.toString(), "hi"), "--model " + missing + " does not exist");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertError(CliRun.of("chat", "--model", empty.toString(), "hi"), empty + " is not a checkpoint directory: config.json is missing");
  }

  @Test
  void aTokenizerWithoutTheImageTokenIsRefusedByName() throws IOException {
    Path broken = dir.resolve("no-image-pad");
    Files.createDirectories(broken);
    for (String f : List.of("config.json", "model.safetensors")) {
      Files.copy(model.resolve(f), broken.resolve(f));
    }
    Files.writeString(broken.resolve("tokenizer.json"),
        Files.readString(model.resolve("tokenizer.json")).replace("<|image_pad|>", "<|imagepad|>"));
    CliRun r = CliRun.of("chat", "--model", broken.toString(), "hi");
    assertError(r, "tokenizer " + broken.resolve("tokenizer.json") + " lacks the chat/vision token(s) [<|image_pad|>]");
  }

  @Test
  void imagesOfOddSizesAreRefusedWithTheFileAndTheLimit() throws IOException {
    Path thin = writePng(dir.resolve("thin.png"), 1, 250);
    assertError(CliRun.of("chat", "--model", model.toString(), "--image", thin.toString(), "hi"),
        "image " + thin + ": absolute aspect ratio must be at most 200.0, got 250.0 for height=1 width=250");
    Path huge = hugePngHeader(dir.resolve("huge.png"), 20_000, 20_000);
    assertError(CliRun.of("chat", "--model", model.toString(), "--image", huge.toString(), "hi"),
        "image " + huge + " is 20000×20000 = 400000000 pixels, more than the limit of 100000000");
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    assertError(CliRun.of("chat", "--model", model.toString(), "--image", text.toString(), "hi"),
        "image " + text + " is not in a format Java can read");
    // A 1×1 image is valid: smart_resize scales it up to min_pixels (56×56), as qwen_vl_utils does.
    Path dot = writePng(dir.resolve("dot.png"), 1, 1);
    assertEquals(0, CliRun.of("chat", "--model", model.toString(), "--image", dot.toString(), "--max-tokens", "2", "hi").exitCode());
  }

  @Test
  void emptyAndOverlongQuestionsAreRefusedWithTheLimit() {
    assertError(CliRun.of("chat", "--model", model.toString(), "  "), "the question is empty");
    String longQuestion = String.join(" ", java.util.Collections.nCopies(2100, "push"));
    CliRun r = CliRun.of("chat", "--model", model.toString(), "--max-tokens", "4", longQuestion);
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("more than the context limit of 2048"), r.err());
  }

  /** A PNG that declares {@code w × h} pixels (signature + IHDR only): readers learn the size without decoding anything. */
  static Path hugePngHeader(Path file, int w, int h) throws IOException {
    ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    out.write(ByteBuffer.allocate(4).putInt(13).array());
    out.write(ihdr.array());
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    Files.write(file, out.toByteArray());
    return file;
  }
}
