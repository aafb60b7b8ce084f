package org.chatvla4j.data;

/** What to do when a dataset's output directory already holds files. */
public enum ExistingOutput {
  /** Stop with an error; the existing files stay as they are. */
  REFUSE_NON_EMPTY,
  /**
   * Build the new dataset beside the old one and swap it in at the end. Only a directory holding a dataset manifest is
   * replaced, so a mistyped path never deletes unrelated files.
   */
  REPLACE_DATASET
}
