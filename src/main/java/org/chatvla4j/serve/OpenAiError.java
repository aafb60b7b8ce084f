package org.chatvla4j.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered in OpenAI's shape: HTTP {@code status} and {@code {"error": {"message", "type", "param",
 * "code"}}}.
 */
final class OpenAiError extends RuntimeException {
  final int status;
  final String type;
  final String param;
  final String code;

  OpenAiError(int status, String type, String param, String code, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** 400 invalid_request_error about {@code param}. */
  static OpenAiError badRequest(String param, String message) {
    return new OpenAiError(400, "invalid_request_error", param, null, message);
  }

  ObjectNode body() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode e = root.putObject("error");
    e.put("message", getMessage());
    e.put("type", type);
    e.put("param", param);
    e.put("code", code);
    return root;
  }
}
