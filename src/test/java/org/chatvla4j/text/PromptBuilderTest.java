package org.chatvla4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Input ids and labels per chatvla-paper.md §4.4 ({@code Qwen2VLAProcess}). */
class PromptBuilderTest {
  private static final ImageGrid CAMERA = new ImageGrid(1, 18, 22);
  private static final String INSTRUCTION = "push the red moon to the top left corner";
  private static final String REASONING = "Push the red moon towards the top left corner.";

  @Test
  void robotSampleSupervisesReasoningCueAndImEndOnly() {
    for (Tokenizer tok : List.of(TokenizerFixtures.qwen(), TokenizerFixtures.tiny())) {
      PromptBuilder builder = new PromptBuilder(tok, ChatTemplate.qwen2Vl(), 2048);
      LabeledSequence s = builder.robotSample(List.of(CAMERA, CAMERA), INSTRUCTION, REASONING);
      long[] target = tok.encode(REASONING + "Next Action:");
      long imEnd = tok.specialTokens().eos();
      assertEquals(target.length + 1, s.supervisedCount(), tok.source());
      // supervised = the last target+1 positions, labels equal to the ids there
      int first = s.length() - target.length - 1;
      assertEquals(first, s.firstSupervised());
      assertArrayEquals(target, Arrays.copyOfRange(s.labels(), first, s.length() - 1));
      assertEquals(imEnd, s.labels()[s.length() - 1]);
      assertEquals(imEnd, s.inputIds()[s.length() - 1]);
      assertTrue(Arrays.stream(s.labels(), 0, first).allMatch(l -> l == LabeledSequence.IGNORE_INDEX));
      // masked prefix = system turn + user turn + assistant header, as one tokenization of that text
      String prefix = ChatTemplate.qwen2Vl().renderForGeneration(List.of(Message.user(List.of(CAMERA, CAMERA), INSTRUCTION)));
      assertArrayEquals(tok.encode(prefix), Arrays.copyOf(s.inputIds(), first));
      assertArrayEquals(builder.robotPrompt(List.of(CAMERA, CAMERA), INSTRUCTION), Arrays.copyOf(s.inputIds(), first));
      // piecewise tokenization equals tokenizing the whole text (the split points sit next to special tokens)
      String whole = prefix + REASONING + "Next Action:" + QwenTokens.IM_END;
      assertArrayEquals(tok.encode(whole), s.inputIds());
    }
  }

  @Test
  void robotSampleHasExactQwenNumbers() {
    PromptBuilder builder = new PromptBuilder(TokenizerFixtures.qwen(), ChatTemplate.qwen2Vl(), 2048);
    LabeledSequence s = builder.robotSample(List.of(CAMERA), INSTRUCTION, "Move behind the red moon.");
    // system: <|im_start|> system \n You are a helpful assistant . <|im_end|> \n = 11 tokens
    assertArrayEquals(new long[] {151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198},
        Arrays.copyOf(s.inputIds(), 11));
    // user: <|im_start|> user \n <|vision_start|> 99 x pad <|vision_end|> 9 instruction tokens <|im_end|>
    // then \n <|im_start|> assistant \n
    int instruction = TokenizerFixtures.qwen().encode(INSTRUCTION).length;
    assertEquals(9, instruction);
    assertEquals(11 + 3 + 1 + 99 + 1 + 9 + 1 + 4, s.firstSupervised());
    assertArrayEquals(new long[] {198, 151644, 77091, 198}, Arrays.copyOfRange(s.inputIds(), s.firstSupervised() - 4,
        s.firstSupervised()));
    // "Move behind the red moon.Next Action:" + <|im_end|>
    assertEquals(TokenizerFixtures.qwen().encode("Move behind the red moon.Next Action:").length + 1, s.supervisedCount());
    assertEquals(s.firstSupervised() + s.supervisedCount(), s.length());
  }

  @Test
  void vqaSampleSupervisesEveryAssistantTurnAndItsImEnd() {
    List<String> turns = List.of("<image>\nHow many blocks are there?", "8", "Is there a red moon?", "yes",
        "Which region is the red moon in?", "top left");
    for (Tokenizer tok : List.of(TokenizerFixtures.qwen(), TokenizerFixtures.tiny())) {
      PromptBuilder builder = new PromptBuilder(tok, ChatTemplate.qwen2Vl(), 2048);
      LabeledSequence s = builder.vqaSample(List.of(CAMERA), turns);
      int expected = 3 + tok.encode("8").length + tok.encode("yes").length + tok.encode("top left").length;
      assertEquals(expected, s.supervisedCount(), tok.source());
      String decodedSupervised = tok.decode(Arrays.stream(s.labels()).filter(l -> l >= 0).toArray());
      assertEquals("8<|im_end|>yes<|im_end|>top left<|im_end|>", decodedSupervised);
      // the <image> tag and newline of the first turn are gone; the image is a real image part
      assertTrue(tok.decode(s.inputIds()).contains("<|vision_end|>How many blocks are there?<|im_end|>"));
      // the newline after an assistant <|im_end|> is masked (it starts the next user header)
      int firstEnd = indexOf(s.inputIds(), tok.specialTokens().eos(), s.firstSupervised());
      assertEquals(LabeledSequence.IGNORE_INDEX, s.labels()[firstEnd + 1]);
      assertEquals(tok.specialTokens().eos(), s.labels()[firstEnd]);
    }
  }

  @Test
  void textOnlyConversationWorksWithoutImages() {
    PromptBuilder builder = new PromptBuilder(TokenizerFixtures.tiny(), ChatTemplate.qwen2Vl(), 256);
    LabeledSequence s = builder.vqaSample(List.of(), List.of("Hello!", "Hi."));
    assertEquals(TokenizerFixtures.tiny().encode("Hi.").length + 1, s.supervisedCount());
  }

  @Test
  void emptyAndOverlongPromptsAreErrorsNamingTheLengths() {
    PromptBuilder builder = new PromptBuilder(TokenizerFixtures.tiny(), ChatTemplate.qwen2Vl(), 100);
    assertThrows(IllegalArgumentException.class, () -> builder.robotSample(List.of(), "  ", REASONING));
    IllegalArgumentException tags = assertThrows(IllegalArgumentException.class,
        () -> builder.vqaSample(List.of(), List.of("<image>\n", "a")));
    assertTrue(tags.getMessage().contains("empty"), tags.getMessage());
    assertThrows(IllegalArgumentException.class, () -> builder.generationPrompt(List.of()));
    assertThrows(IllegalArgumentException.class, () -> builder.vqaSample(List.of(), List.of("q")));
    assertThrows(IllegalArgumentException.class,
        () -> builder.conversationSample(List.of(Message.user("no answer"))));

    int length = TokenizerFixtures.tiny().encode(ChatTemplate.qwen2Vl().renderForGeneration(
        List.of(Message.user(List.of(CAMERA), INSTRUCTION)))).length;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder.robotPrompt(List.of(CAMERA), INSTRUCTION));
    assertTrue(e.getMessage().contains(length + " tokens") && e.getMessage().contains("context limit of 100"),
        e.getMessage());
    assertTrue(length > 100 + 10);
  }

  private static int indexOf(long[] ids, long id, int from) {
    for (int i = from; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }
}
