package org.chatvla4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Qwen2-VL's chat format with image expansion. */
class ChatTemplateTest {
  private final ChatTemplate template = ChatTemplate.qwen2Vl();

  @Test
  void oneImageOneQuestionIsQwensExactText() {
    String text = template.renderForGeneration(List.of(Message.user(List.of(new ImageGrid(1, 2, 4)), "What is red?")));
    assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
        + "<|im_start|>user\n<|vision_start|><|image_pad|><|image_pad|><|vision_end|>What is red?<|im_end|>\n"
        + "<|im_start|>assistant\n", text);
  }

  @Test
  void robotCameraGridGivesNinetyNineImagePads() {
    // 252x308 pixels = 18x22 patches of 14 = 9x11 merged tokens (chatvla-paper.md §1.3)
    assertEquals(99, new ImageGrid(1, 18, 22).mergedTokens(2));
    assertEquals(4, new ImageGrid(1, 4, 4).mergedTokens(2)); // the 56x56 wrist view
    String text = template.renderForGeneration(List.of(Message.user(List.of(new ImageGrid(1, 18, 22)), "push the red moon")));
    assertEquals(99, count(text, QwenTokens.IMAGE_PAD));
    for (Tokenizer tok : List.of(TokenizerFixtures.qwen(), TokenizerFixtures.tiny())) {
      long pad = tok.specialTokens().imagePad();
      long[] ids = tok.encode(text);
      assertEquals(99, Arrays.stream(ids).filter(id -> id == pad).count(), tok.source());
      assertEquals(1, Arrays.stream(ids).filter(id -> id == tok.specialTokens().visionStart()).count());
    }
  }

  @Test
  void severalImagesAndTurnsKeepTheirOrder() {
    List<ImageGrid> cams = List.of(new ImageGrid(1, 18, 22), new ImageGrid(1, 18, 22), new ImageGrid(1, 4, 4));
    String text = template.render(List.of(
        Message.user(cams, "How many blocks are there?"), Message.assistant("8"),
        Message.user("Is there a red moon?"), Message.assistant("yes")));
    assertEquals(99 + 99 + 4, count(text, QwenTokens.IMAGE_PAD));
    assertEquals(3, count(text, QwenTokens.VISION_START));
    assertEquals(5, count(text, QwenTokens.IM_START)); // system + 4 turns
    assertTrue(text.endsWith("<|vision_end|>How many blocks are there?<|im_end|>\n<|im_start|>assistant\n8<|im_end|>\n"
        + "<|im_start|>user\nIs there a red moon?<|im_end|>\n<|im_start|>assistant\nyes<|im_end|>\n"), text);
  }

  @Test
  void aGivenSystemTurnReplacesTheDefault() {
    String text = template.render(List.of(Message.system("Predict robot action."), Message.user("go")));
    assertEquals("<|im_start|>system\nPredict robot action.<|im_end|>\n<|im_start|>user\ngo<|im_end|>\n", text);
  }

  @Test
  void gridsThatTheMergerCannotSplitAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> template.render(List.of(Message.user(List.of(new ImageGrid(1, 3, 4)), "x"))));
    assertTrue(e.getMessage().contains("(1, 3, 4)") && e.getMessage().contains("merge size 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImageGrid(0, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> template.render(List.of()));
  }

  static int count(String text, String token) {
    int n = 0;
    for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + token.length())) {
      n++;
    }
    return n;
  }
}
