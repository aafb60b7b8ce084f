package org.chatvla4j.policy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.serve.client.NdArray;
import org.chatvla4j.serve.client.PolicyClient;
import org.chatvla4j.serve.client.PolicyServerException;

/**
 * A policy served elsewhere over openpi's websocket protocol: each query is sent as {@code observation/image} (uint8
 * HWC; further cameras as {@code observation/image_1}, ...), {@code observation/state} (float32) and {@code prompt};
 * the reply's {@code actions} and {@code reasoning} become the chunk. One connection, one request at a time.
 */
public final class RemotePolicy implements ChunkPolicy, AutoCloseable {
  private final PolicyClient client;

  public RemotePolicy(PolicyClient client) {
    this.client = client;
  }

  public static RemotePolicy connect(URI server, Duration timeout) {
    return new RemotePolicy(PolicyClient.connect(server, timeout));
  }

  public Map<String, Object> metadata() {
    return client.metadata();
  }

  /** The observation map a query is sent as. */
  public static Map<String, Object> observation(RobotQuery query) {
    Map<String, Object> obs = new LinkedHashMap<>();
    for (int i = 0; i < query.cameras().size(); i++) {
      RgbImage im = query.cameras().get(i);
      obs.put(i == 0 ? "observation/image" : "observation/image_" + i, NdArray.uint8Image(im.height(), im.width(), im.rgb()));
    }
    obs.put("observation/state", NdArray.float32(query.state()));
    obs.put("prompt", query.prompt());
    return obs;
  }

  @Override
  public synchronized ActionChunk infer(RobotQuery query) {
    Map<String, Object> reply = client.infer(observation(query));
    if (!(reply.get("actions") instanceof NdArray actions) || actions.rank() != 2) {
      throw new PolicyServerException("the server's reply has no 2-D 'actions' array: " + reply.keySet());
    }
    Object r = reply.get("reasoning");
    return new ActionChunk(actions.toFloatMatrix(), r instanceof String s ? s : "");
  }

  @Override
  public void close() {
    client.close();
  }
}
