package org.chatvla4j.serve;

import java.util.List;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.text.Message;

/** One chat message before its images are processed: a role and parts that are text ({@code String}) or {@link RgbImage}. */
record ChatTurn(Message.Role role, List<Object> parts) {
  ChatTurn {
    parts = List.copyOf(parts);
    for (Object p : parts) {
      if (!(p instanceof String) && !(p instanceof RgbImage)) {
        throw new IllegalArgumentException("a chat part is text or an image, got " + p.getClass().getSimpleName());
      }
    }
  }

  static ChatTurn user(List<RgbImage> images, String text) {
    java.util.ArrayList<Object> parts = new java.util.ArrayList<>(images);
    parts.add(text);
    return new ChatTurn(Message.Role.USER, parts);
  }
}
