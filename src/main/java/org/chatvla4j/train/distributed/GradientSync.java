package org.chatvla4j.train.distributed;

/** When the gradient allreduce of a data-parallel step runs. */
public enum GradientSync {
  /** Buckets start from tensor hooks while backward still runs (PyTorch DDP's behaviour; the default). */
  OVERLAPPED,
  /** Every bucket starts after backward has finished (the first implementation; kept to compare and to fall back). */
  AFTER_BACKWARD
}
