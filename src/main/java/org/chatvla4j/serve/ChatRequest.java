package org.chatvla4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.chatvla4j.text.Message;

/**
 * The fields of an OpenAI {@code POST /v1/chat/completions} body this server honours: {@code model}, {@code
 * messages} (string content or text / {@code image_url} parts), {@code max_tokens} (or {@code
 * max_completion_tokens}), {@code temperature}, {@code top_p}, {@code stop}, {@code stream}, {@code n} (1 only) and
 * {@code seed}. Every problem is an {@link OpenAiError} naming the field.
 */
record ChatRequest(Optional<String> model, List<ChatTurn> turns, Optional<Integer> maxTokens, double temperature,
    double topP, List<String> stop, boolean stream, OptionalLong seed) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ChatRequest parse(String body, ImageUrls images) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw OpenAiError.badRequest(null, "the request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw OpenAiError.badRequest(null, "the request body must be a JSON object");
    }
    Optional<String> model = Optional.empty();
    if (root.has("model")) {
      if (!root.get("model").isTextual()) {
        throw OpenAiError.badRequest("model", "'model' must be a string");
      }
      model = Optional.of(root.get("model").asText());
    }
    JsonNode msgs = root.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
      throw OpenAiError.badRequest("messages", "'messages' must be a non-empty array of {role, content}");
    }
    List<ChatTurn> turns = new ArrayList<>();
    for (int i = 0; i < msgs.size(); i++) {
      turns.add(turn(msgs.get(i), "messages[" + i + "]", images));
    }
    if (turns.getLast().role() == Message.Role.ASSISTANT) {
      throw OpenAiError.badRequest("messages", "the last message must be from the user (or system), not the assistant");
    }
    Optional<Integer> maxTokens = Optional.empty();
    for (String f : List.of("max_tokens", "max_completion_tokens")) {
      JsonNode n = root.get(f);
      if (n != null && !n.isNull()) {
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
          throw OpenAiError.badRequest(f, "'" + f + "' must be an integer >= 1, got " + n);
        }
        maxTokens = Optional.of(n.asInt());
      }
    }
    double temperature = number(root, "temperature", 1.0, 0, 2);
    double topP = number(root, "top_p", 1.0, 0, 1);
    if (topP == 0) {
      throw OpenAiError.badRequest("top_p", "'top_p' must be > 0");
    }
    List<String> stop = new ArrayList<>();
    JsonNode s = root.get("stop");
    if (s != null && !s.isNull()) {
      if (s.isTextual()) {
        stop.add(s.asText());
      } else if (s.isArray() && s.size() <= 4) {
        for (JsonNode e : s) {
          if (!e.isTextual()) {
            throw OpenAiError.badRequest("stop", "'stop' entries must be strings");
          }
          stop.add(e.asText());
        }
      } else {
        throw OpenAiError.badRequest("stop", "'stop' must be a string or an array of up to 4 strings");
      }
      if (stop.stream().anyMatch(String::isEmpty)) {
        throw OpenAiError.badRequest("stop", "'stop' strings must not be empty");
      }
    }
    JsonNode st = root.get("stream");
    if (st != null && !st.isNull() && !st.isBoolean()) {
      throw OpenAiError.badRequest("stream", "'stream' must be true or false");
    }
    JsonNode n = root.get("n");
    if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asInt() == 1)) {
      throw OpenAiError.badRequest("n", "only n = 1 is supported");
    }
    OptionalLong seed = OptionalLong.empty();
    JsonNode sd = root.get("seed");
    if (sd != null && !sd.isNull()) {
      if (!sd.isIntegralNumber()) {
        throw OpenAiError.badRequest("seed", "'seed' must be an integer");
      }
      seed = OptionalLong.of(sd.asLong());
    }
    return new ChatRequest(model, turns, maxTokens, temperature, topP, stop, st != null && st.asBoolean(), seed);
  }

  private static double number(JsonNode root, String field, double dflt, double lo, double hi) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isNumber() || n.asDouble() < lo || n.asDouble() > hi) {
      throw OpenAiError.badRequest(field, "'" + field + "' must be a number in [" + lo + ", " + hi + "], got " + n);
    }
    return n.asDouble();
  }

  private static ChatTurn turn(JsonNode m, String where, ImageUrls images) {
    if (!m.isObject() || !m.path("role").isTextual()) {
      throw OpenAiError.badRequest(where, where + " must be an object with a string 'role'");
    }
    Message.Role role = switch (m.get("role").asText()) {
      case "system", "developer" -> Message.Role.SYSTEM;
      case "user" -> Message.Role.USER;
      case "assistant" -> Message.Role.ASSISTANT;
      default -> throw OpenAiError.badRequest(where + ".role",
          "role '" + m.get("role").asText() + "' is not supported; use system, user or assistant");
    };
    JsonNode c = m.get("content");
    List<Object> parts = new ArrayList<>();
    if (c != null && c.isTextual()) {
      parts.add(c.asText());
    } else if (c != null && c.isArray()) {
      for (int i = 0; i < c.size(); i++) {
        JsonNode p = c.get(i);
        String pw = where + ".content[" + i + "]";
        String type = p.path("type").asText("");
        switch (type) {
          case "text" -> {
            if (!p.path("text").isTextual()) {
              throw OpenAiError.badRequest(pw + ".text", "a text part needs a string 'text'");
            }
            parts.add(p.get("text").asText());
          }
          case "image_url" -> {
            if (role != Message.Role.USER) {
              throw OpenAiError.badRequest(pw, "images are accepted in user messages only");
            }
            JsonNode u = p.get("image_url");
            String url = u == null ? null : u.isTextual() ? u.asText() : u.path("url").isTextual() ? u.get("url").asText() : null;
            if (url == null) {
              throw OpenAiError.badRequest(pw + ".image_url", "an image_url part needs {\"image_url\": {\"url\": \"data:...\"}}");
            }
            parts.add(images.read(url, pw + ".image_url"));
          }
          default -> throw OpenAiError.badRequest(pw + ".type", "content part type '" + type + "' is not supported; use text or image_url");
        }
      }
    } else {
      throw OpenAiError.badRequest(where + ".content", where + ".content must be a string or an array of parts");
    }
    return new ChatTurn(role, parts);
  }
}
