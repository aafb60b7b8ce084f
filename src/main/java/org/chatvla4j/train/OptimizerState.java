package org.chatvla4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.tensor.Scope;

/**
 * AdamW's state (per-parameter {@code exp_avg}, {@code exp_avg_sq}, {@code step}, and the groups' options) in libtorch's
 * own archive format ({@code torch::serialize}). libtorch keys the saved moments by parameter position within each
 * group, so they load into a new optimizer built over the same parameters in the same order — which
 * {@link AdamW} guarantees for one model and one freezing.
 */
public final class OptimizerState {
  public static final String FILE = "optimizer.pt";

  private OptimizerState() {}

  public static void save(AdamW optimizer, Path file) throws IOException {
    try (Scope s = Scope.open()) {
      OutputArchive archive = new OutputArchive();
      optimizer.native_().save(archive);
      archive.save_to(file.toString());
    } catch (RuntimeException e) {
      throw new IOException("cannot write optimizer state " + file + ": " + firstLine(e), e);
    }
  }

  /** Loads moments saved by {@link #save}; the file must come from an optimizer over the same parameters. */
  public static void load(AdamW optimizer, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: the checkpoint has no optimizer state");
    }
    try (Scope s = Scope.open()) {
      InputArchive archive = new InputArchive();
      // The moments go where the parameters are (a CUDA run's resume), not where torch::serialize would put them.
      org.chatvla4j.tensor.Device device = org.chatvla4j.tensor.Device.of(optimizer.parameters().getFirst());
      if (device.isCuda()) {
        archive.load_from(file.toString(), new org.bytedeco.pytorch.DeviceOptional(device.toNative()));
      } else {
        archive.load_from(file.toString());
      }
      optimizer.native_().load(archive);
    } catch (RuntimeException e) {
      throw new IOException(file + " is not a readable optimizer state for this stage's parameters: " + firstLine(e), e);
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
