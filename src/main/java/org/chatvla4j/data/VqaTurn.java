package org.chatvla4j.data;

import java.util.Arrays;

/** One message of a LLaVA conversation: {@code {"from": "human"|"gpt", "value": "..."}}. */
public record VqaTurn(Speaker from, String value) {
  /** Who speaks, with the names LLaVA's json uses. */
  public enum Speaker {
    HUMAN("human"),
    GPT("gpt");

    private final String jsonName;

    Speaker(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }

    /** The speaker LLaVA's json calls {@code name}; throws naming the accepted values. */
    public static Speaker fromJsonName(String name) {
      for (Speaker s : values()) {
        if (s.jsonName.equals(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "'" + name + "' is not a speaker; expected one of " + Arrays.stream(values()).map(Speaker::jsonName).toList());
    }
  }

  public VqaTurn {
    if (from == null) {
      throw new IllegalArgumentException("from must be human or gpt, got null");
    }
    if (value == null) {
      throw new IllegalArgumentException("value must be a string, got null");
    }
  }

  public static VqaTurn human(String value) {
    return new VqaTurn(Speaker.HUMAN, value);
  }

  public static VqaTurn gpt(String value) {
    return new VqaTurn(Speaker.GPT, value);
  }
}
