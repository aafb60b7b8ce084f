package org.chatvla4j.config;

/** Validation helpers whose messages name the config field and the bad value. */
final class Require {
  private Require() {}

  static void positive(String field, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + v);
    }
  }

  static void positive(String field, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(field + " must be a finite number > 0, got " + v);
    }
  }

  static void divides(String field, long divisor, String ofField, long value) {
    if (divisor <= 0 || value % divisor != 0) {
      throw new IllegalArgumentException(field + " (" + divisor + ") must divide " + ofField + " (" + value + ")");
    }
  }
}
