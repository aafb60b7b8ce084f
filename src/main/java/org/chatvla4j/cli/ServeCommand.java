package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.serve.PolicyServer;
import org.chatvla4j.serve.ServeConfig;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Device;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatvla serve}: the openpi websocket policy server, OpenAI chat endpoint and playground for one checkpoint. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a checkpoint: openpi websocket policy protocol at ws://HOST:PORT/, OpenAI-compatible",
      "POST /v1/chat/completions and GET /v1/models, the playground at http://HOST:PORT/ and GET /healthz.",
      "Observation keys: observation/image (uint8 [H,W,3]), observation/state (float [state_dim]), prompt (str)."
    })
public final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory (config.json, weights, tokenizer.json).")
  Path model;

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = ServeConfig.DEFAULT_HOST,
      description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all interfaces).")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8000", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--dtype", paramLabel = "T", defaultValue = "F32", description = "Weights dtype: F32 or BF16 (default: ${DEFAULT-VALUE}).")
  DType dtype;

  @Option(names = "--image-keys", split = ",", paramLabel = "K", defaultValue = "observation/image",
      description = "Observation keys of the camera images, in the model's camera order (default: ${DEFAULT-VALUE}).")
  List<String> imageKeys;

  @Option(names = "--files", paramLabel = "DIR", description = "Allow file:// image URLs below DIR in chat requests.")
  Path files;

  @Option(names = "--max-message-mb", paramLabel = "MB", defaultValue = "64", description = "Largest request accepted (default: ${DEFAULT-VALUE}).")
  int maxMessageMb;

  @Option(names = "--reasoning-tokens", paramLabel = "N", defaultValue = "64", description = "Reasoning budget per robot query (default: ${DEFAULT-VALUE}).")
  int reasoningTokens;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the diffusion noise and chat sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Mixin DeviceOption device;

  /** Where {@link #start} put the model, for the banner. */
  private Device servingOn;

  @Override
  public Integer call() throws Exception {
    PolicyServer server = start();
    String id = checkpointId();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("shutting down: letting running requests finish");
      server.close();
      stopped.countDown();
    }, "chatvla-serve-shutdown"));
    out.printf("serving %s on %s (%s weights)%n  openpi policy:  %s/%n  OpenAI chat:    http://%s:%d/v1/chat/completions%n"
        + "  playground:     http://%s:%d/  (%s)%n  health:         http://%s:%d/healthz%n"
        + "(Ctrl-C stops after running requests finish)%n",
        id, servingOn, dtype, PolicyServer.websocketUrl(host, server.port()), host, server.port(), host, server.port(),
        server.playgroundSetup(), host, server.port());
    out.flush();
    stopped.await();
    return 0;
  }

  /** Loads the checkpoint onto {@code --device} and starts serving it; call() then waits for Ctrl-C, tests close it. */
  PolicyServer start() throws IOException {
    Device where = device.resolveBeforeLoading();
    servingOn = where;
    if (!Files.isDirectory(model)) {
      throw new IllegalArgumentException("--model " + model + " is not a directory");
    }
    ChatVla vla = ChatVla.load(model, dtype).to(where);
    Optional<DatasetStats> stats = ChatVlaPolicy.readStats(model, System.err);
    ServeConfig config = new ServeConfig(host, port, imageKeys, (long) maxMessageMb << 20, reasoningTokens,
        Optional.ofNullable(files), Duration.ofSeconds(30), seed, 64);
    return new PolicyServer(vla, stats, checkpointId(), config).start();
  }

  private String checkpointId() {
    return model.toAbsolutePath().normalize().getFileName().toString();
  }
}
