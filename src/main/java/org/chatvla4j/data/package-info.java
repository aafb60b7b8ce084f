/**
 * The file formats robot and vision-language data travel in: DexVLA/ACT HDF5 episodes ({@link
 * org.chatvla4j.data.EpisodeWriter}, {@link org.chatvla4j.data.EpisodeFile}), LLaVA VQA json ({@link
 * org.chatvla4j.data.VqaJson}) and whole dataset directories with a manifest ({@link
 * org.chatvla4j.data.DatasetDirectory}).
 *
 * <p>This package reads and writes files, whoever made them: it imports no model and no world. Every file it writes is
 * written to a temporary name beside its target and renamed into place, so a crash never leaves half a file under the
 * real name.
 */
package org.chatvla4j.data;
