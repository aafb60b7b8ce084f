package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.ImageSize;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockSet;
import org.junit.jupiter.api.Test;

/**
 * The playground sets its scenes with the block set the checkpoint records (the demo trains on BLOCK_8), and falls back
 * to BLOCK_4, saying so, for checkpoints that record none.
 */
class PlaygroundWorldTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final DatasetStats EIGHT = TinyCheckpoint.STATS.withCameraSizes(Map.of("top", new ImageSize(90, 160)))
      .withBlockSet(Optional.of("BLOCK_8"));

  /** The block ids of a fresh playground scene served with {@code stats}, and the server's description of its setup. */
  static Set<String> sceneBlocks(DatasetStats stats, StringBuilder setup) throws Exception {
    try (PolicyServer server = new PolicyServer(TinyCheckpoint.load(), Optional.of(stats), "tiny-chatvla",
        ServeConfig.loopback(0).withMaxReasoningTokens(8)).start()) {
      setup.append(server.playgroundSetup());
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/playground/api/reset"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"seed\":3,\"family\":\"block2block\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      Set<String> ids = new TreeSet<>();
      for (JsonNode b : JSON.readTree(r.body()).get("blocks")) {
        ids.add(b.get("id").asText());
      }
      return ids;
    }
  }

  static Set<String> names(BlockSet set) {
    Set<String> out = new TreeSet<>();
    for (BlockId id : set.vocabulary()) {
      out.add(id.name());
    }
    return out;
  }

  @Test
  void theRecordedBlockSetSetsTheScenes() throws Exception {
    StringBuilder setup = new StringBuilder();
    Set<String> blocks = sceneBlocks(EIGHT, setup);
    assertEquals(8, blocks.size(), blocks.toString());
    assertEquals(names(BlockSet.BLOCK_8), blocks);
    assertEquals("scenes BLOCK_8 (dataset_stats.json), model frames 90x160 (dataset_stats.json)", setup.toString());
  }

  @Test
  void withoutARecordedSetTheScenesHaveLanguageTablesFourBlocksAndTheBannerSaysSo() throws Exception {
    StringBuilder setup = new StringBuilder();
    Set<String> blocks = sceneBlocks(TinyCheckpoint.STATS, setup);
    assertEquals(names(BlockSet.BLOCK_4), blocks);
    assertEquals("scenes BLOCK_4 (default: dataset_stats.json records none), model frames 180x320 (default:"
        + " dataset_stats.json records none)", setup.toString());
    PlaygroundWorld none = PlaygroundWorld.of(Optional.empty());
    assertEquals(new PlaygroundWorld(BlockSet.BLOCK_4, org.chatvla4j.world.render.ImageSize.languageTable(), false, false), none,
        "no dataset_stats.json at all: the same defaults");
  }

  @Test
  void anUnknownRecordedSetIsRefusedNamingTheFileAndTheFix() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> PlaygroundWorld.of(Optional.of(TinyCheckpoint.STATS.withBlockSet(Optional.of("BLOCK_9")))));
    assertTrue(e.getMessage().startsWith("dataset_stats.json block_set: unknown block set 'BLOCK_9'")
        && e.getMessage().contains("remove the field"), e.getMessage());
  }
}
