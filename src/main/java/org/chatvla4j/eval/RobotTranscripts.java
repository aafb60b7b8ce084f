package org.chatvla4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chatvla4j.world.EpisodeListener;

/**
 * Keeps what the model said while acting in the first episode of each family: the instruction, then each new
 * sub-step reasoning with the step it was said at and the episode's outcome — the robot side of the chat transcripts.
 */
public final class RobotTranscripts implements EpisodeListener {
  /** One episode's instruction, reasoning lines (in order, repeats collapsed) and outcome. */
  public record Transcript(String family, long seed, String instruction, List<Line> lines, boolean success, int steps) {}

  /** A reasoning sentence and the control step it was first said at. */
  public record Line(int step, String reasoning) {}

  private final int maxLines;
  private final List<Transcript> done = new ArrayList<>();
  private List<Line> lines;

  RobotTranscripts(int maxLines) {
    this.maxLines = maxLines;
  }

  @Override
  public void episodeStarted(Episode episode, org.chatvla4j.world.Observation first) {
    lines = episode.index() == 0 ? new ArrayList<>() : null;
  }

  @Override
  public void stepped(Step step) {
    if (lines == null || step.reasoning() == null || lines.size() >= maxLines) {
      return;
    }
    if (lines.isEmpty() || !Objects.equals(lines.getLast().reasoning(), step.reasoning())) {
      lines.add(new Line(step.step(), step.reasoning()));
    }
  }

  @Override
  public void episodeEnded(Episode episode, org.chatvla4j.world.Observation last, boolean success, int steps) {
    if (lines != null) {
      done.add(new Transcript(episode.family().id(), episode.seed(), episode.instruction(), List.copyOf(lines), success, steps));
      lines = null;
    }
  }

  List<Transcript> transcripts() {
    return List.copyOf(done);
  }
}
