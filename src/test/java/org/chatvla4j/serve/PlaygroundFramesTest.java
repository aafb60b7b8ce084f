package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.policy.ActionChunk;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;
import org.junit.jupiter.api.Test;

/**
 * The playground shows Language-Table's frame but asks the model about frames of the size it was trained on: a model
 * trained on 90×160 renders answers nonsense about 180×320 frames without any error, so the size must follow the
 * checkpoint.
 */
class PlaygroundFramesTest {
  @Test
  void theModelSeesItsTrainingSizeAndThePageTheDisplaySize() throws IOException {
    List<RgbImage> asked = new ArrayList<>();
    PlaygroundSession session = new PlaygroundSession(SceneRenderer.languageTable(ImageSize.languageTable()),
        SceneRenderer.languageTable(new ImageSize(45, 80)), BlockSet.BLOCK_4, query -> {
          asked.addAll(query.cameras());
          return new ActionChunk(new float[][] {{0, 0}}, "");
        });
    session.reset(3, TaskFamily.BLOCK2BLOCK);

    BufferedImage page = ImageIO.read(new ByteArrayInputStream(session.framePng()));
    assertEquals(ImageSize.languageTable().height(), page.getHeight());
    assertEquals(ImageSize.languageTable().width(), page.getWidth());
    RgbImage chatFrame = session.frame();
    assertEquals(45, chatFrame.height());
    assertEquals(80, chatFrame.width());

    session.act("push the red moon to the left", 1);
    assertEquals(1, asked.size());
    assertEquals(45, asked.getFirst().height());
    assertEquals(80, asked.getFirst().width());
  }
}
