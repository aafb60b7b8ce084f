package org.chatvla4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigJsonTest {
  /** The decoder/vision keys of Qwen2-VL-2B-Instruct's config.json, as published. */
  static final String QWEN2_VL_2B = """
      {"architectures": ["Qwen2VLForConditionalGeneration"], "attention_dropout": 0.0, "bos_token_id": 151643,
       "eos_token_id": 151645, "vision_start_token_id": 151652, "vision_end_token_id": 151653, "vision_token_id": 151654,
       "image_token_id": 151655, "video_token_id": 151656, "hidden_act": "silu", "hidden_size": 1536,
       "initializer_range": 0.02, "intermediate_size": 8960, "max_position_embeddings": 32768, "max_window_layers": 28,
       "model_type": "qwen2_vl", "num_attention_heads": 12, "num_hidden_layers": 28, "num_key_value_heads": 2,
       "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true,
       "torch_dtype": "bfloat16", "transformers_version": "4.41.2", "use_cache": true, "use_sliding_window": false,
       "vision_config": {"depth": 32, "embed_dim": 1280, "mlp_ratio": 4, "num_heads": 16, "in_chans": 3,
         "hidden_size": 1536, "patch_size": 14, "spatial_merge_size": 2, "spatial_patch_size": 14, "temporal_patch_size": 2},
       "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]}, "vocab_size": 151936}
      """;

  @Test
  void readsQwen2Vl2bConfigAsThePreset(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("config.json");
    Files.writeString(f, QWEN2_VL_2B);
    ChatVlaConfig c = ConfigJson.read(f);
    assertEquals(Presets.qwen2Vl2b(), c);
    assertEquals(128, c.text().headDim());
    assertEquals(6, c.text().kvGroups());
    assertEquals(80, c.vision().headDim());
    assertEquals(28, c.vision().pixelsPerToken());
  }

  @Test
  void roundTripsEveryPreset(@TempDir Path dir) throws IOException {
    for (String name : Presets.names()) {
      ChatVlaConfig c = Presets.byName(name);
      Path f = dir.resolve(name + ".json");
      ConfigJson.write(c, f);
      assertEquals(c, ConfigJson.read(f), name);
    }
  }

  @Test
  void errorsNameTheFileAndTheKey(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("config.json");
    Files.writeString(f, QWEN2_VL_2B.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 5"));
    var e = assertThrows(IOException.class, () -> ConfigJson.read(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("num_key_value_heads (5)"), e.getMessage());

    Files.writeString(f, QWEN2_VL_2B.replace("\"hidden_act\": \"silu\", \"hidden_size\": 1536,", "\"hidden_act\": \"silu\","));
    e = assertThrows(IOException.class, () -> ConfigJson.read(f));
    assertTrue(e.getMessage().contains("missing required key 'hidden_size'"), e.getMessage());

    Files.writeString(f, "{not json");
    e = assertThrows(IOException.class, () -> ConfigJson.read(f));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void validationNamesFieldAndValue() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new TextConfig(64, 128, 2, 4, 2, 1e-6, 1e4, new int[] {2, 3, 4}, 512, 2048, true));
    assertTrue(e.getMessage().contains("mrope_section [2, 3, 4] must sum to head_dim/2 = 8"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Presets.byName("huge"));
    assertTrue(e.getMessage().contains("tiny, qwen2-vl-2b, chatvla-2b"), e.getMessage());
  }
}
