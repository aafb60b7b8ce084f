package org.chatvla4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.Presets;
import org.chatvla4j.model.vision.VisionTransformer;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/**
 * The whole processor against numpy + Pillow ({@code processor_golden.json}, generator
 * {@code make_processor_golden.py} beside it), ChatVLA's token counts, and feeding the tiny tower.
 */
class Qwen2VlImageProcessorTest {
  private static final Qwen2VlImageProcessor PROCESSOR =
      Qwen2VlImageProcessor.forVision(Presets.qwen2Vl2b().vision(), SmartResize.qwen2VlProcessor());

  @Test
  void matchesNumpyPipeline() throws IOException {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("processor_golden.json")) {
      root = new ObjectMapper().readTree(in);
    }
    for (JsonNode c : root.get("cases")) {
      RgbImage img = ResampleTest.pattern(c.get("in").get(0).asInt(), c.get("in").get(1).asInt());
      ProcessedImages out = PROCESSOR.preprocess(img);
      long[] grid = {c.get("grid_thw").get(0).asLong(), c.get("grid_thw").get(1).asLong(), c.get("grid_thw").get(2).asLong()};
      assertArrayEquals(grid, out.gridThw()[0]);
      assertEquals(c.get("shape").get(0).asLong(), out.patches());
      int every = c.get("sample_every").asInt();
      JsonNode samples = c.get("samples");
      for (int i = 0; i < samples.size(); i++) {
        assertEquals((float) samples.get(i).asDouble(), out.pixelValues()[i * every], 0f, "value " + i * every);
      }
      double sum = 0;
      for (float v : out.pixelValues()) {
        sum += v;
      }
      assertEquals(c.get("sum").asDouble(), sum, 1e-6 * out.pixelValues().length);
    }
  }

  @Test
  void robotViewsGive99And4Tokens() {
    RgbImage view = RgbImage.generate(240, 320, (y, x, c) -> (x + y + c) % 256);
    RgbImage wrist = RgbImage.generate(56, 56, (y, x, c) -> 128);
    ProcessedImages out = PROCESSOR.preprocess(List.of(view, view, wrist));
    assertArrayEquals(new long[] {1, 18, 22}, out.gridThw()[0]);
    assertArrayEquals(new long[] {1, 4, 4}, out.gridThw()[2]);
    assertEquals(99, out.tokens(0));
    assertEquals(99, out.tokens(1));
    assertEquals(4, out.tokens(2));
    assertEquals(396 + 396 + 16, out.patches());
    assertEquals((396 + 396 + 16) * 1176L, out.pixelValues().length);
    // The grey 56×56 wrist view needs no resize: every value is (128/255 − mean_c) / std_c.
    float[] v = out.pixelValues();
    int start = (396 + 396) * 1176;
    for (int c = 0; c < 3; c++) {
      float expected = ((float) (128 * (1.0 / 255)) - Qwen2VlImageProcessor.CLIP_MEAN[c]) / Qwen2VlImageProcessor.CLIP_STD[c];
      assertEquals(expected, v[start + c * 392], 0f); // channel c starts at c · tp · p · p in each row
    }
    assertEquals(0.0763, v[start], 1e-4); // (0.50196 − 0.48145) / 0.26863
  }

  @Test
  void bufferedImageRoundTrip() {
    RgbImage img = ResampleTest.pattern(9, 7);
    RgbImage back = RgbImage.of(img.toBufferedImage());
    assertArrayEquals(img.rgb(), back.rgb());
  }

  @Test
  void rejectsBadInput() {
    var ratio = assertThrows(IllegalArgumentException.class, () -> PROCESSOR.preprocess(RgbImage.generate(1, 300, (y, x, c) -> 0)));
    assertTrue(ratio.getMessage().contains("300") && ratio.getMessage().contains("200"), ratio.getMessage());
    var bytes = assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new byte[11]));
    assertTrue(bytes.getMessage().contains("12") && bytes.getMessage().contains("11"), bytes.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 2, new byte[0]));
    var factor = assertThrows(IllegalArgumentException.class, () -> Qwen2VlImageProcessor.forVision(
        Presets.tiny().vision(), new SmartResize(32, 3136, 1_003_520)));
    assertTrue(factor.getMessage().contains("32") && factor.getMessage().contains("28"), factor.getMessage());
  }

  @Test
  void processedImagesFeedTheTinyTower() {
    try (Scope s = Scope.open()) {
      Qwen2VlImageProcessor proc = Qwen2VlImageProcessor.forVision(Presets.tiny().vision(), SmartResize.qwen2VlProcessor());
      ProcessedImages px = proc.preprocess(List.of(ResampleTest.pattern(30, 40), ResampleTest.pattern(56, 56)));
      VisionTransformer tower = new VisionTransformer(Init.cpu(DType.F32, 3), Presets.tiny().vision());
      Tensor out = tower.forward(px.pixelValuesTensor(), px.gridThwTensor());
      Shapes.check("tokens", out, "T, D", px.tokens(0) + px.tokens(1), 64); // 6 + 4 tokens
      assertEquals(10, out.size(0));
      for (float f : Tensors.toFloats(out)) {
        assertTrue(Float.isFinite(f));
      }
    }
  }

  /** numpy's rescale and normalise written out per pixel, planar [3, H, W]: the reference for the table lookup. */
  private static float[] numpyNormalize(RgbImage img, float[] mean, float[] std) {
    int h = img.height();
    int w = img.width();
    float[] out = new float[3 * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float v = (float) (img.get(y, x, c) * (1.0 / 255));
          out[(c * h + y) * w + x] = (v - mean[c]) / std[c];
        }
      }
    }
    return out;
  }

  @Test
  void fusedPatchesEqualNormaliseThenPatchifyBitwise() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int[] hw : new int[][] {{180, 320}, {90, 160}, {56, 84}, {240, 320}}) {
      RgbImage img = RgbImage.generate(hw[0], hw[1], (y, x, c) -> r.nextInt(256));
      RgbImage resized = PROCESSOR.resize(img);
      ImageSize size = SmartResize.qwen2VlProcessor().targetSize(hw[0], hw[1]);
      assertEquals(size, resized.size());
      assertArrayEquals(PilBicubic.resize(img, size).rgb(), resized.rgb(), "resize() is the processor's Pillow bicubic");
      float[] chw = numpyNormalize(resized, PROCESSOR.mean(), PROCESSOR.std());
      float[] expected = Patchify.patchRows(new float[][] {chw, chw}, 3, size.height(), size.width(), 2, 14, 2);
      ProcessedImages got = PROCESSOR.preprocess(img);
      assertArrayEquals(expected, got.pixelValues(), hw[0] + "x" + hw[1]); // assertArrayEquals on float[] compares bits
      assertArrayEquals(chw, PROCESSOR.normalize(resized));
      assertArrayEquals(expected, PROCESSOR.patches(List.of(resized)).pixelValues());
    }
    var notResized = assertThrows(IllegalArgumentException.class, () -> PROCESSOR.patches(List.of(RgbImage.blank(180, 320))));
    assertTrue(notResized.getMessage().contains("168×308") && notResized.getMessage().contains("resize()"), notResized.getMessage());
  }
}
