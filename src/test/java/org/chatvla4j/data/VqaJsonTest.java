package org.chatvla4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqaJsonTest {
  @TempDir Path dir;

  static final List<VqaSample> SAMPLES =
      List.of(
          VqaSample.singleTurn("q_000000", "q_000000.png", "What color is the moon?", "Red."),
          new VqaSample(
              "q_000001",
              List.of("a.png", "b.png"),
              List.of(
                  VqaTurn.human("<image>\n<image>\nWhich image has more blocks?"),
                  VqaTurn.gpt("The second one."),
                  VqaTurn.human("How many in the first? «ünïcode» \"quoted\"\nline two"),
                  VqaTurn.gpt("3"))),
          new VqaSample("text_only", List.of(), List.of(VqaTurn.human("Say hi."), VqaTurn.gpt("Hi."))));

  @Test
  void roundTripKeepsEverySample() {
    Path file = dir.resolve("vqa.json");
    VqaJson.write(SAMPLES, file);
    assertEquals(SAMPLES, VqaJson.read(file));
    VqaJson.write(VqaJson.read(file), dir.resolve("again.json"));
    assertEquals(SAMPLES, VqaJson.read(dir.resolve("again.json")));
  }

  @Test
  void oneImageIsWrittenAsAStringAndNoneIsOmitted() throws Exception {
    Path file = dir.resolve("vqa.json");
    VqaJson.write(SAMPLES, file);
    String json = Files.readString(file);
    assertTrue(json.contains("\"image\" : \"q_000000.png\""), json);
    assertTrue(json.contains("\"image\" : [ \"a.png\", \"b.png\" ]"), json);
    assertEquals(2, json.split("\"image\"", -1).length - 1);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void readsLlavaAsPublished() throws Exception {
    // The first sample of llava_v1_5_mix665k.json has this shape; ids may also be integers in derived files.
    Path file = dir.resolve("llava.json");
    Files.writeString(
        file,
        """
        [{"id": "000000033471", "image": "coco/train2017/000000033471.jpg",
          "conversations": [{"from": "human", "value": "What are the colors of the bus in the image?\\n<image>"},
                            {"from": "gpt", "value": "The bus in the image is white and red."},
                            {"from": "human", "value": "What feature can be seen on the back of the bus?"},
                            {"from": "gpt", "value": "The back of the bus features an advertisement."}],
          "model": "ignored"},
         {"id": 17, "conversations": [{"from": "human", "value": "2+2?"}, {"from": "gpt", "value": "4"}]}]
        """);
    List<VqaSample> read = VqaJson.read(file);
    assertEquals(2, read.size());
    assertEquals("000000033471", read.get(0).id());
    assertEquals(List.of("coco/train2017/000000033471.jpg"), read.get(0).images());
    assertEquals(4, read.get(0).conversations().size());
    assertEquals(1, read.get(0).imagePlaceholderCount());
    assertEquals(VqaTurn.Speaker.GPT, read.get(0).conversations().get(3).from());
    assertEquals("17", read.get(1).id());
    assertEquals(List.of(), read.get(1).images());
  }

  private VqaFormatException bad(String json) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, json);
    VqaFormatException e = assertThrows(VqaFormatException.class, () -> VqaJson.read(file));
    assertEquals(file, e.file());
    return e;
  }

  private static final String OK = "{\"id\":\"a\",\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},{\"from\":\"gpt\",\"value\":\"a\"}]}";

  @Test
  void badInputNamesFileSampleAndField() throws Exception {
    VqaFormatException notArray = bad("{\"id\": 1}");
    assertEquals(-1, notArray.sampleIndex());
    assertTrue(notArray.getMessage().endsWith("(top level): must be a json array of samples, found START_OBJECT"), notArray.getMessage());

    VqaFormatException noId = bad("[" + OK + ", {\"conversations\": []}]");
    assertEquals(1, noId.sampleIndex());
    assertEquals("id", noId.field());
    assertTrue(noId.getMessage().endsWith(": sample 1: id: missing; every sample needs an id"), noId.getMessage());

    VqaFormatException speaker =
        bad("[" + OK + "," + OK + ", {\"id\":\"c\",\"conversations\":[{\"from\":\"user\",\"value\":\"q\"}]}]");
    assertEquals(2, speaker.sampleIndex());
    assertEquals("conversations[0].from", speaker.field());
    assertTrue(speaker.getMessage().contains("'user' is not a speaker; expected one of [human, gpt]"), speaker.getMessage());

    VqaFormatException order =
        bad("[{\"id\":\"c\",\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},{\"from\":\"human\",\"value\":\"q\"}]}]");
    assertEquals("conversations[1].from", order.field());
    assertTrue(order.getMessage().contains("turn 1 must be 'gpt'") && order.getMessage().endsWith("(id c)"), order.getMessage());

    VqaFormatException image = bad("[{\"id\":\"c\",\"image\":5," + OK.substring(10) + "]");
    assertEquals("image", image.field());
    assertTrue(image.getMessage().endsWith("must be a path string or a list of them, found number 5"), image.getMessage());

    VqaFormatException placeholders =
        bad("[{\"id\":\"c\",\"image\":[\"x.png\",\"y.png\"],\"conversations\":[{\"from\":\"human\",\"value\":\"<image> q\"},"
            + "{\"from\":\"gpt\",\"value\":\"a\"}]}]");
    assertEquals("conversations", placeholders.field());
    assertTrue(placeholders.getMessage().contains("has 1 <image> placeholders but the sample has 2 image(s)"), placeholders.getMessage());

    VqaFormatException value = bad("[{\"id\":\"c\",\"conversations\":[{\"from\":\"human\",\"value\":3},{\"from\":\"gpt\",\"value\":\"a\"}]}]");
    assertEquals("conversations[0].value", value.field());
    assertTrue(value.getMessage().endsWith("must be a string, found number 3"), value.getMessage());

    VqaFormatException malformed = bad("[" + OK + ",\n {\"id\": \"b\", \"conversations\": [}]");
    assertEquals("(json)", malformed.field());
    assertEquals(1, malformed.sampleIndex());
    assertTrue(malformed.getMessage().contains("malformed json at line 2 column"), malformed.getMessage());

    VqaFormatException endsHuman = bad("[{\"id\":\"c\",\"conversations\":[{\"from\":\"human\",\"value\":\"q\"}]}]");
    assertEquals("conversations[0].from", endsHuman.field());
  }

  @Test
  void missingFileIsNamed() {
    Path file = dir.resolve("absent.json");
    VqaFormatException e = assertThrows(VqaFormatException.class, () -> VqaJson.read(file));
    assertEquals(file + ": (file): no such file", e.getMessage());
  }
}
