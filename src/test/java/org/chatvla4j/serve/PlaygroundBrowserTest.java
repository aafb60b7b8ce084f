package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground page in a real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}, driven by
 * Selenium): the page loads a scene, a chat question gets the model's answer in the chat box, and typed instructions
 * make the arm push a block.
 *
 * <p>A tiny random model's actions point nowhere in particular, so a block would move only by luck. The server is
 * therefore given dataset statistics whose action range is a narrow band (±{@value #BAND} m) around a step of
 * {@value #STEP} m from the effector's start towards the nearest block: whatever the model outputs in [−1, 1] is mapped
 * into that band, so the whole path (page → act → model → un-normalisation → physics) runs for real and the arm walks
 * into the block. The test then asserts the reported block moved, the executed actions lie in the band, and the camera
 * frame changed.
 */
class PlaygroundBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final long SEED = 3;
  static final double STEP = 0.02;
  static final double BAND = 0.002;
  static final String QUESTION = "what color is the block on the left?";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void pageLoadsChatAnswersAndAnInstructionPushesABlock() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; install them with"
            + " `apt-get install -y chromium chromium-driver` (.ci/run does)");
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    Observation start = new TabletopEnv(BlockSet.BLOCK_4, TaskFamily.BLOCK2BLOCK, false, null, null).reset(SEED);
    SceneState scene = start.scene();
    BlockPose target = scene.blocks().stream()
        .min((a, b) -> Double.compare(a.distanceTo(scene.effectorX(), scene.effectorY()), b.distanceTo(scene.effectorX(), scene.effectorY())))
        .orElseThrow();
    double dist = target.distanceTo(scene.effectorX(), scene.effectorY());
    float[] step = {(float) (STEP * (target.x() - scene.effectorX()) / dist), (float) (STEP * (target.y() - scene.effectorY()) / dist)};
    DatasetStats towardsTarget = new DatasetStats(TinyCheckpoint.STATS.stateMean(), TinyCheckpoint.STATS.stateStd(),
        new float[] {step[0] - (float) BAND, step[1] - (float) BAND}, new float[] {step[0] + (float) BAND, step[1] + (float) BAND});

    ChatVla local = TinyCheckpoint.load();
    String expectedAnswer = new ChatService(local, new InferenceGate()).complete(
        List.of(ChatTurn.user(List.of(RgbImage.of(renderer.render(scene).toBufferedImage())), QUESTION)),
        GenerationConfig.greedy(64, Set.of()), List.of(), new SplittableRandom(0)).text();

    ServeConfig cfg = ServeConfig.loopback(0).withMaxReasoningTokens(4).withSeed(1);
    long t0 = System.nanoTime();
    WebDriver driver = null;
    try (PolicyServer server = new PolicyServer(TinyCheckpoint.load(), Optional.of(towardsTarget), "tiny-chatvla", cfg).start()) {
      driver = startChromium();
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      String base = "http://127.0.0.1:" + server.port();

      driver.get(base + "/playground");
      assertEquals("ChatVLA4j playground", driver.getTitle());
      WebDriver d = driver;
      // The page resets seed 0 on load; let that finish so the seeded reset below is the last word.
      wait.until(x -> !text(d, "task").equals("(press Reset)") && frameLoaded(d));
      driver.findElement(By.id("seed")).clear();
      driver.findElement(By.id("seed")).sendKeys(Long.toString(SEED));
      driver.findElement(By.id("reset")).click();
      wait.until(x -> start.instruction().equals(text(d, "task")) && frameLoaded(d));
      assertEquals(ImageSize.languageTable().width(), ((Number) js(driver, "return document.getElementById('frame').naturalWidth")).intValue());
      String session = (String) js(driver, "return session");
      JsonNode before = state(base, session);
      assertEquals(scene.effectorX(), before.get("effector").get(0).asDouble(), 1e-9, "the page's scene is the seeded one");
      byte[] frameBefore = driver.findElement(By.id("frame")).getScreenshotAs(OutputType.BYTES);

      driver.findElement(By.id("chat-input")).sendKeys(QUESTION);
      driver.findElement(By.id("chat-send")).click();
      wait.until(x -> !x.findElements(By.cssSelector("#chat-log .bot")).isEmpty());
      assertEquals("you: " + QUESTION, textContent(driver, "#chat-log .you"));
      assertEquals("robot: " + (expectedAnswer.isEmpty() ? "(no answer)" : expectedAnswer), textContent(driver, "#chat-log .bot"),
          "the chat box shows the model's greedy answer about the current frame");

      WebElement instruction = driver.findElement(By.id("instruction"));
      instruction.clear();
      instruction.sendKeys("push the " + target.id().name().toLowerCase().replace('_', ' ') + " away");
      double moved = 0;
      int clicks = 0;
      JsonNode after = before;
      while (moved < 0.01 && clicks < 8) {
        int stepsBefore = Integer.parseInt(text(driver, "steps"));
        driver.findElement(By.id("step")).click();
        clicks++;
        wait.until(x -> Integer.parseInt(text(d, "steps")) > stepsBefore);
        assertActionsInBand(driver, step);
        after = state(base, session);
        moved = blockShift(before, after);
      }
      assertTrue(moved >= 0.01, "after " + clicks + " instructions (" + after.get("steps").asInt() + " steps) no block moved more than " + moved + " m");
      assertFalse(text(driver, "reasoning").equals("-"), "the model's reasoning is shown");
      double effectorShift = Math.hypot(after.get("effector").get(0).asDouble() - scene.effectorX(),
          after.get("effector").get(1).asDouble() - scene.effectorY());
      assertTrue(effectorShift > dist - 0.05, "the arm travelled " + effectorShift + " m towards a block " + dist + " m away");
      wait.until(x -> frameLoaded(d));
      byte[] frameAfter = driver.findElement(By.id("frame")).getScreenshotAs(OutputType.BYTES);
      assertFalse(Arrays.equals(frameBefore, frameAfter), "the camera frame on the page changed");
      System.err.printf("playground in chromium: %d instruction(s), %d steps, block moved %.3f m, %.1f s%n",
          clicks, after.get("steps").asInt(), moved, (System.nanoTime() - t0) / 1e9);
    } finally {
      if (driver != null) {
        driver.quit();
      }
    }
  }

  static WebDriver startChromium() {
    // An explicit driver and browser: Selenium Manager is never consulted, so nothing is downloaded at test time.
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900");
    return new ChromeDriver(service, options);
  }

  static Object js(WebDriver driver, String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  static String text(WebDriver driver, String id) {
    return driver.findElement(By.id(id)).getText();
  }

  static String textContent(WebDriver driver, String css) {
    return driver.findElement(By.cssSelector(css)).getDomProperty("textContent");
  }

  static boolean frameLoaded(WebDriver driver) {
    return Boolean.TRUE.equals(js(driver, "const f = document.getElementById('frame'); return f.complete && f.naturalWidth > 0"));
  }

  /** Every row of the page's action table (robot units, 4 decimals) lies in the band the statistics allow. */
  static void assertActionsInBand(WebDriver driver, float[] step) {
    List<WebElement> rows = driver.findElements(By.cssSelector("#actions tbody tr"));
    assertEquals(8, rows.size(), "one row per action of the chunk");
    for (WebElement row : rows) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      for (int j = 0; j < 2; j++) {
        double v = Double.parseDouble(cells.get(j + 1).getText());
        assertEquals(step[j], v, BAND + 1e-4, "action " + cells.get(0).getText() + " dimension " + j);
      }
    }
  }

  static JsonNode state(String base, String session) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/playground/api/state?session=" + session)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** The largest displacement of any block between two reported states (m). */
  static double blockShift(JsonNode before, JsonNode after) {
    double max = 0;
    for (int i = 0; i < before.get("blocks").size(); i++) {
      JsonNode b = before.get("blocks").get(i);
      JsonNode a = after.get("blocks").get(i);
      assertEquals(b.get("id").asText(), a.get("id").asText(), "blocks are reported in a fixed order");
      max = Math.max(max, Math.hypot(a.get("x").asDouble() - b.get("x").asDouble(), a.get("y").asDouble() - b.get("y").asDouble()));
    }
    return max;
  }
}
