package org.chatvla4j.train.distributed;

import java.util.Locale;

/** The c10d backend of a data-parallel job: Gloo for tensors on the CPU (the default), NCCL for tensors on CUDA. */
public enum CommBackend {
  GLOO,
  NCCL;

  /** {@code gloo} or {@code nccl} (any case); names the choices otherwise. */
  public static CommBackend parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--backend must be gloo or nccl, got '" + s + "'");
    }
  }

  /** The backend that goes with where the model runs: NCCL on CUDA, Gloo on the CPU (as torchrun users expect). */
  public static CommBackend forDevice(String device) {
    return device.strip().toLowerCase(Locale.ROOT).startsWith("cuda") ? NCCL : GLOO;
  }
}
